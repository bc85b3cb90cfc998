import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import type { GradientCode, RecoveryRule } from './types.js';

/**
 * Kronecker product B = B₁ ⊗ B₂ of two ℓ = 1 codes — the product gradient codes of Sakorikar & Wang, "Variants on
 * Block Design Based Gradient Codes for Adversarial Stragglers" / "Soft BIBD and Product Gradient Codes"
 * (arXiv 2105.05231); construction as in approx-codes.md B.2. Worker (i₁, i₂) = i₁·N₂ + i₂ holds chunk
 * (j₁, j₂) = j₁·m₂ + j₂ iff B₁[i₁, j₁] ≠ 0 and B₂[i₂, j₂] ≠ 0, with coefficient B₁[i₁, j₁]·B₂[i₂, j₂] (processing
 * order: j₁-major). N = N₁N₂, m = m₁m₂, loads and replications multiply. When both factors have the `groups` recovery
 * rule (FRC), so does the product (group (g₁, g₂)); otherwise `least-squares`. `meta.extra.factors` keeps both factors,
 * so rectangular survivor sets S₁ × S₂ can be checked against the factorised error 1 − (1 − e₁)(1 − e₂).
 */
export function kroneckerProduct(a: GradientCode, b: GradientCode): GradientCode {
  requireInput(a.parts === 1, 'factors[0]', `product codes need ℓ = 1, ${a.name} has ℓ = ${a.parts}`);
  requireInput(b.parts === 1, 'factors[1]', `product codes need ℓ = 1, ${b.name} has ℓ = ${b.parts}`);
  const rows: number[][] = [];
  const coefficients: number[][] = [];
  for (let i1 = 0; i1 < a.N; i1++) {
    for (let i2 = 0; i2 < b.N; i2++) {
      const row: number[] = [];
      const coef: number[] = [];
      for (let e1 = a.offsets[i1]; e1 < a.offsets[i1 + 1]; e1++) {
        for (let e2 = b.offsets[i2]; e2 < b.offsets[i2 + 1]; e2++) {
          row.push(a.chunks[e1] * b.m + b.chunks[e2]);
          coef.push(a.coefficients[e1] * b.coefficients[e2]);
        }
      }
      rows.push(row);
      coefficients.push(coef);
    }
  }
  let recovery: RecoveryRule = { kind: 'least-squares' };
  if (a.recovery.kind === 'groups' && b.recovery.kind === 'groups') {
    const ga = a.recovery;
    const gb = b.recovery;
    const group = new Int32Array(a.N * b.N);
    for (let i1 = 0; i1 < a.N; i1++) {
      for (let i2 = 0; i2 < b.N; i2++) group[i1 * b.N + i2] = ga.group[i1] * gb.groups + gb.group[i2];
    }
    recovery = { kind: 'groups', group, groups: ga.groups * gb.groups };
  }
  return codeFromRows({
    name: `product(${a.name},${b.name})`,
    m: a.m * b.m,
    rows,
    coefficients,
    recovery,
    meta: {
      family: 'Kronecker product code',
      params: { left: a.name, right: b.name, N1: a.N, m1: a.m, N2: b.N, m2: b.m },
      citation:
        'Sakorikar & Wang, "Soft BIBD and Product Gradient Codes" (arXiv 2105.05231; ISIT 2021 "Variants on Block Design Based Gradient Codes for Adversarial Stragglers"), product construction',
      reconstruction: false,
      notes: 'the Kronecker product is named in the abstract; the index layout (i₁·N₂ + i₂, j₁·m₂ + j₂) is ours',
      extra: { kind: 'product', factors: [a, b] },
    },
  });
}

/**
 * Column-wise concatenation [B₁ | B₂ | …] of ℓ = 1 codes with the same N: worker j processes its level-1 chunks first,
 * then level 2, …; level t's chunks are offset by m₁ + … + m_{t−1}. Returns the rows, coefficients and chunk offsets
 * (used by the nested construction).
 */
export function concatenateColumns(codes: readonly GradientCode[]): {
  rows: number[][];
  coefficients: number[][];
  chunkOffsets: number[];
  m: number;
} {
  const N = codes[0].N;
  const rows: number[][] = Array.from({ length: N }, () => []);
  const coefficients: number[][] = Array.from({ length: N }, () => []);
  const chunkOffsets: number[] = [];
  let offset = 0;
  for (const code of codes) {
    requireInput(code.N === N && code.parts === 1, 'levels', 'concatenated codes need the same N and ℓ = 1');
    chunkOffsets.push(offset);
    for (let j = 0; j < N; j++) {
      for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
        rows[j].push(offset + code.chunks[e]);
        coefficients[j].push(code.coefficients[e]);
      }
    }
    offset += code.m;
  }
  return { rows, coefficients, chunkOffsets, m: offset };
}

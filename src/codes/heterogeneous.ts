import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';
import { requireInteger } from './validate.js';

/**
 * Song & Choi, "Approximate Gradient Coding for Distributed Learning with Heterogeneous Stragglers", NeurIPS 2025
 * (arXiv 2510.22539); digest core-gc.md B.2–B.3. The paper has k workers and n partitions; here N = k workers
 * (length of p) and m = n chunks. Worker i straggles independently with probability p_i ∈ (0, 1);
 * δ_i = p_i/(1 − p_i).
 */

/** Allocation scheme: I = centralized sharing (code `alpha0`), II = sequential/chain sharing (code `alpha`). */
export type SongChoiScheme = 'I' | 'II';

/** Checks 0 < p_i < 1 for every worker (InputError on `p[i]`) and at least two workers. */
export function requireStraggleProbabilities(p: ArrayLike<number>, field = 'p'): void {
  requireInput(p.length >= 2, field, `needs at least 2 workers, got ${p.length}`);
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    requireInput(Number.isFinite(v) && v > 0 && v < 1, `${field}[${i}]`, `must lie in (0, 1), got ${v}`);
  }
}

/** Σ_l δ_l⁻¹ = Σ_l (1 − p_l)/p_l. */
function inverseDeltaSum(p: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += (1 - p[i]) / p[i];
  return sum;
}

/** Theorem 1 (closed-form optimum): row sums Y_i = m·δ_i⁻¹ / Σ_l δ_l⁻¹ (they add up to m). */
export function songChoiRowSums(p: ArrayLike<number>, m: number): Float64Array {
  requireStraggleProbabilities(p);
  const total = inverseDeltaSum(p);
  return Float64Array.from({ length: p.length }, (_, i) => (m * ((1 - p[i]) / p[i])) / total);
}

/** Optimal objective of problem (P2): Σ_i δ_i Y_i² = m² / Σ_l δ_l⁻¹ (so E‖ĝ − g‖² ≤ C·m²/Σ_l δ_l⁻¹). */
export function songChoiObjective(p: ArrayLike<number>, m: number): number {
  requireStraggleProbabilities(p);
  return (m * m) / inverseDeltaSum(p);
}

/** Unbiased decoding weights w_i = 1/(1 − p_i) (canonical factorisation w̃_i = 1, a_{i,j} = α_j^i). */
export function unbiasedDecodingWeights(p: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: p.length }, (_, i) => 1 / (1 - p[i]));
}

/**
 * The α matrix of Scheme I or II (k = N workers, m ≥ N − 1 chunks; n + k − 1 non-zeros) as per-worker chunk lists and
 * values, following the authors' code exactly (core-gc.md B.3). With b_0 = m − N + 2, b_i = 2 (1 ≤ i ≤ N − 2),
 * b_{N−1} = 1:
 *  - Scheme I: α[i,0] = Y_i − (b_i − 1) and α[i, prev+1 … prev+b_i−1] = 1 (everyone shares chunk 0, the rest private);
 *  - Scheme II: α[i,prev] = 1 (i = 0) or 1 − α[i−1,prev]; α[i, prev+1 … prev+b_i−2] = 1;
 *    α[i, prev+b_i−1] = Y_i − Σ_{c < prev+b_i−1} α[i,c] (a later assignment to the same entry wins) — consecutive
 *    workers share one boundary chunk.
 * Row sums are Y and column sums are 1. Entries may be negative.
 */
export function songChoiAllocation(
  p: ArrayLike<number>,
  m: number,
  scheme: SongChoiScheme,
): { rows: number[][]; alpha: number[][] } {
  const N = p.length;
  requireStraggleProbabilities(p);
  requireInteger(m, 'm', N - 1);
  requireInput(scheme === 'I' || scheme === 'II', 'scheme', `must be I|II, got ${scheme}`);
  const Y = songChoiRowSums(p, m);
  const b = Array.from({ length: N }, (_, i) => (i === 0 ? m - N + 2 : i === N - 1 ? 1 : 2));
  const rows: number[][] = [];
  const alpha: number[][] = [];
  let prev = 0;
  for (let i = 0; i < N; i++) {
    const entries = new Map<number, number>();
    if (scheme === 'I') {
      entries.set(0, Y[i] - (b[i] - 1));
      for (let c = prev + 1; c <= prev + b[i] - 1; c++) entries.set(c, 1);
    } else {
      entries.set(prev, i === 0 ? 1 : 1 - (alpha[i - 1].at(-1) as number));
      for (let c = prev + 1; c <= prev + b[i] - 2; c++) entries.set(c, 1);
      const last = prev + b[i] - 1;
      let before = 0;
      for (const [c, v] of entries) if (c < last) before += v;
      entries.set(last, Y[i] - before);
    }
    prev += b[i] - 1;
    const sorted = Array.from(entries.entries()).sort((x, y) => x[0] - y[0]);
    rows.push(sorted.map((x) => x[0]));
    alpha.push(sorted.map((x) => x[1]));
  }
  return { rows, alpha };
}

/** Parameters of the heterogeneous-straggler code. */
export interface HeterogeneousParams {
  /** p_i per worker (N = p.length), each in (0, 1). */
  readonly p: readonly number[];
  /** Chunks m ≥ N − 1 (default N). */
  readonly m?: number;
  readonly scheme: SongChoiScheme;
}

/**
 * The Song–Choi code: coefficients a_{i,j} = α_j^i of Scheme I or II, unbiased decoding weights 1/(1 − p_i) and the
 * optimal objective m²/Σ δ_l⁻¹ in `meta.extra` (kind 'heterogeneous'). Approximate: recovery `least-squares`.
 */
export function heterogeneousCode(params: HeterogeneousParams): GradientCode {
  const { p, scheme } = params;
  requireStraggleProbabilities(p);
  const N = p.length;
  const m = params.m ?? N;
  const { rows, alpha } = songChoiAllocation(p, m, scheme);
  return codeFromRows({
    name: `heterogeneous:${scheme}`,
    m,
    rows,
    coefficients: alpha,
    meta: {
      family: `Song–Choi heterogeneous-straggler code, Scheme ${scheme}`,
      params: { N, m, scheme, p: [...p] },
      citation:
        'Song & Choi, "Approximate Gradient Coding for Distributed Learning with Heterogeneous Stragglers", NeurIPS 2025 (arXiv 2510.22539), Theorem 1 and allocation Scheme ' +
        scheme,
      reconstruction: false,
      notes: "allocation rules as in the authors' code (alpha0 = Scheme I, alpha = Scheme II)",
      extra: {
        kind: 'heterogeneous',
        p: Float64Array.from(p),
        weights: unbiasedDecodingWeights(p),
        objective: songChoiObjective(p, m),
        rowSums: songChoiRowSums(p, m),
        scheme,
      },
    },
  });
}

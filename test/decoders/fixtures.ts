/**
 * Test-only code builders (the real constructions live in src/codes/). Each returns a GradientCode built directly
 * from a dense matrix or a support list, so decoder, ordering and adversarial tests do not depend on the
 * constructions under development.
 */
import type { CodeExtra, GradientCode, RecoveryRule } from '../../src/codes/types.js';
import { leastSquares } from '../../src/linalg/least-squares.js';
import type { PhiloxStream } from '../../src/rng/stream.js';

interface Extras {
  readonly name?: string;
  readonly extra?: CodeExtra;
  readonly recovery?: RecoveryRule;
}

/** A code from a dense N × m matrix (ℓ = 1): non-zeros form the support, in column order. */
export function codeFromDense(rows: readonly (readonly number[])[], extras: Extras = {}): GradientCode {
  const support = rows.map((r) => r.flatMap((x, i) => (x !== 0 ? [i] : [])));
  const coefficients = rows.map((r, j) => support[j].map((i) => [r[i]]));
  return codeFromSupport(rows[0]?.length ?? 0, support, coefficients, 1, extras);
}

/** A code from per-worker chunk lists and per-entry ℓ-coefficient arrays. */
export function codeFromSupport(
  m: number,
  support: readonly (readonly number[])[],
  coefficients: readonly (readonly (readonly number[])[])[] | undefined,
  parts: number,
  extras: Extras = {},
): GradientCode {
  const N = support.length;
  const offsets = new Int32Array(N + 1);
  support.forEach((s, j) => {
    offsets[j + 1] = offsets[j] + s.length;
  });
  const chunks = Int32Array.from(support.flat());
  const coef = new Float64Array(chunks.length * parts);
  let e = 0;
  support.forEach((s, j) => {
    s.forEach((_, k) => {
      for (let p = 0; p < parts; p++) coef[e * parts + p] = coefficients ? coefficients[j][k][p] : 1;
      e++;
    });
  });
  return {
    name: extras.name ?? 'test',
    N,
    m,
    parts,
    offsets,
    chunks,
    coefficients: coef,
    recovery: extras.recovery ?? { kind: 'least-squares' },
    meta: { family: 'test fixture', params: {}, citation: 'test', reconstruction: false, extra: extras.extra },
  };
}

/** Dense N × m matrix of a code with ℓ = 1. */
export function denseOf(code: GradientCode): number[][] {
  const out = Array.from({ length: code.N }, () => new Array<number>(code.m).fill(0));
  for (let j = 0; j < code.N; j++) {
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) out[j][code.chunks[e]] = code.coefficients[e];
  }
  return out;
}

/** Symmetric BIBD code from a cyclic difference set mod n, workers = points (approx-codes.md §A.2). */
export function differenceSetCode(n: number, set: readonly number[], lambda: number): GradientCode {
  const k = set.length;
  // Point x lies in block t iff (x − t) mod n ∈ set.
  const rows = Array.from({ length: n }, (_, x) =>
    Array.from({ length: n }, (_, t) => (set.includes((((x - t) % n) + n) % n) ? 1 : 0)),
  );
  return codeFromDense(rows, {
    name: `bibd:${n},${k},${lambda}`,
    extra: { kind: 'bibd', v: n, b: n, r: k, k, lambda },
  });
}

/** The Fano plane (7, 3, 1) from the difference set {0, 1, 3}. */
export const fano = (): GradientCode => differenceSetCode(7, [0, 1, 3], 1);

/** Kronecker product B1 ⊗ B2: worker (i1, i2) = i1·n2 + i2, chunk (j1, j2) = j1·K2 + j2. */
export function kronecker(a: GradientCode, b: GradientCode): GradientCode {
  const da = denseOf(a);
  const db = denseOf(b);
  const rows: number[][] = [];
  for (let i1 = 0; i1 < a.N; i1++) {
    for (let i2 = 0; i2 < b.N; i2++) {
      const row: number[] = [];
      for (let j1 = 0; j1 < a.m; j1++) for (let j2 = 0; j2 < b.m; j2++) row.push(da[i1][j1] * db[i2][j2]);
      rows.push(row);
    }
  }
  return codeFromDense(rows, { name: `${a.name}⊗${b.name}` });
}

/** Tandon's FRC, paper layout: worker j holds super-block j mod g, g = N/(s+1) (core-gc.md §A.3). */
export function frc(N: number, s: number): GradientCode {
  const d = s + 1;
  const g = N / d;
  const support = Array.from({ length: N }, (_, j) => Array.from({ length: d }, (_, t) => (j % g) * d + t));
  return codeFromSupport(N, support, undefined, 1, {
    name: `frc:N=${N},s=${s}`,
    recovery: { kind: 'groups', group: Int32Array.from({ length: N }, (_, j) => j % g), groups: g },
  });
}

/** Cyclic support: worker j holds chunks j, j+1, …, j+d−1 (mod N), with the given coefficient generator. */
export function cyclic(N: number, d: number, coefficient: (j: number, t: number) => number = () => 1): GradientCode {
  const support = Array.from({ length: N }, (_, j) => Array.from({ length: d }, (_, t) => (j + t) % N));
  const coefficients = support.map((s, j) => s.map((_, t) => [coefficient(j, t)]));
  return codeFromSupport(N, support, coefficients, 1, { name: `cyclic:N=${N},d=${d}` });
}

/** Tandon's CRC from a random H with H·1 = 0 (core-gc.md §A.4), seeded through the given stream. */
export function crc(N: number, s: number, rng: PhiloxStream): GradientCode {
  const h = Array.from({ length: s }, () => {
    const row = Array.from({ length: N - 1 }, () => rng.normal());
    row.push(-row.reduce((x, y) => x + y, 0));
    return row;
  });
  const rows = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (let j = 0; j < N; j++) {
    const sup = Array.from({ length: s + 1 }, (_, t) => (j + t) % N);
    rows[j][sup[0]] = 1;
    if (s > 0) {
      // Solve H[:, sup[1..]] x = −H[:, sup[0]].
      const a = { rows: s, cols: s, data: new Float64Array(s * s) };
      for (let c = 0; c < s; c++) for (let r = 0; r < s; r++) a.data[r + c * s] = h[r][sup[c + 1]];
      const rhs = Float64Array.from({ length: s }, (_, r) => -h[r][sup[0]]);
      const x = leastSquares(a, rhs).x;
      for (let c = 0; c < s; c++) rows[j][sup[c + 1]] = x[c];
    }
  }
  return codeFromDense(rows, { name: `crc:N=${N},s=${s}`, recovery: { kind: 'any-k', k: N - s } });
}

/** Vertex–edge incidence code: machine e holds blocks u_e and v_e with coefficient `scale` (Glasgow & Wootters). */
export function graphCode(vertices: number, edges: readonly (readonly [number, number])[], scale = 1): GradientCode {
  const support = edges.map(([u, v]) => [u, v]);
  const coefficients = edges.map(() => [[scale], [scale]]);
  return codeFromSupport(vertices, support, coefficients, 1, {
    name: `graph:${vertices},${edges.length}`,
    extra: { kind: 'graph', vertices, edges: Int32Array.from(edges.flat()) },
  });
}

/** The Petersen graph's 15 edges. */
export function petersenEdges(): [number, number][] {
  const edges: [number, number][] = [];
  for (let i = 0; i < 5; i++) edges.push([i, (i + 1) % 5], [i, i + 5], [i + 5, ((i + 2) % 5) + 5]);
  return edges;
}

/** A random simple graph with `edgeCount` distinct edges on n vertices (edgeCount ≤ n(n−1)/2). */
export function randomGraph(rng: PhiloxStream, n: number, edgeCount: number): [number, number][] {
  const edges: [number, number][] = [];
  const seen = new Set<number>();
  while (edges.length < edgeCount) {
    const u = rng.integer(n);
    const v = rng.integer(n);
    if (u === v) continue;
    const key = Math.min(u, v) * n + Math.max(u, v);
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push([u, v]);
  }
  return edges;
}

/**
 * Song & Choi Scheme I (centralised sharing) with k = n workers = partitions (core-gc.md §B.3): row sums
 * Y_i = n δ_i⁻¹ / Σ δ_l⁻¹, column sums 1; coefficients a_{i,j} = α_j^i, decoding weights 1/(1 − p_i).
 */
export function songChoiSchemeI(p: readonly number[]): GradientCode {
  const k = p.length;
  const n = k;
  const inv = p.map((x) => (1 - x) / x);
  const total = inv.reduce((a, b) => a + b, 0);
  const y = inv.map((x) => (n * x) / total);
  const b = Array.from({ length: k }, (_, i) => (i === k - 1 ? 1 : i === 0 ? n - k + 2 : 2));
  const alpha = Array.from({ length: k }, () => new Array<number>(n).fill(0));
  let prev = 0;
  for (let i = 0; i < k; i++) {
    alpha[i][0] = y[i] - (b[i] - 1);
    for (let c = prev + 1; c <= prev + b[i] - 1; c++) alpha[i][c] = 1;
    prev += b[i] - 1;
  }
  return codeFromDense(alpha, {
    name: 'heterogeneous:scheme=I',
    extra: {
      kind: 'heterogeneous',
      p: Float64Array.from(p),
      weights: Float64Array.from(p, (x) => 1 / (1 - x)),
      objective: (n * n) / total,
    },
  });
}

/** All k-subsets of 0..n−1 in lexicographic order. */
export function* subsets(n: number, k: number): Generator<number[]> {
  const c = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield c.slice();
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return;
    c[i]++;
    for (let t = i + 1; t < k; t++) c[t] = c[t - 1] + 1;
  }
}

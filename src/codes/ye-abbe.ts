import { InputError, requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import { type Rounding, solveSquare } from './small-solve.js';
import type { GradientCode } from './types.js';
import { requireInteger } from './validate.js';

/** Evaluation nodes α_0..α_{N−1} of the polynomial code. */
export type YeAbbeNodeKind = 'equispaced' | 'chebyshev';

/** Parameters of the Ye–Abbe communication-efficient code. */
export interface YeAbbeParams {
  /** Workers N (= chunks m). */
  readonly N: number;
  /** Straggler tolerance s. */
  readonly s: number;
  /** ℓ: parts per chunk gradient; a message has length (gradient length)/ℓ. */
  readonly parts: number;
  /** Chunks per worker d ≥ s + ℓ (default s + ℓ), cyclic. */
  readonly d?: number;
  /** Node placement on [−1, 1] (default chebyshev). */
  readonly nodes?: YeAbbeNodeKind;
}

/** Equispaced α_j = −1 + 2j/(N−1), or Chebyshev α_j = cos((2j+1)π/(2N)), j = 0..N−1. */
export function yeAbbeNodes(N: number, kind: YeAbbeNodeKind): Float64Array {
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    out[j] = kind === 'chebyshev' ? Math.cos(((2 * j + 1) * Math.PI) / (2 * N)) : N === 1 ? 0 : -1 + (2 * j) / (N - 1);
  }
  return out;
}

/**
 * Ye & Abbe, "Communication-Computation Efficient Gradient Coding", ICML 2018 (arXiv 1802.03475), the recursive
 * polynomial construction (digest: approx-codes.md F.1; attribution of the details is recalled, exactness verified
 * here by the tests). Worker j holds chunks j, …, j+d−1 (mod N). For chunk i let p_i(x) = Π_{j not holding i}(x − α_j)
 * = x^{N−d} + a_{i,1}x^{N−d−1} + …, and h_{i,0} = g_i^(0), h_{i,t} = g_i^(t) − Σ_{τ=1..t} a_{i,τ} h_{i,t−τ}. Worker j sends
 * F(α_j) with F(x) = Σ_i p_i(x) Σ_t x^{ℓ−1−t} h_{i,t}, a polynomial of degree N − d + ℓ − 1 whose coefficient of
 * x^{N−d+ℓ−1−t} is Σ_i g_i^(t). So the stored coefficient on block q of chunk i is
 * p_i(α_j) · Σ_{t ≥ q} α_j^{ℓ−1−t} c_{i,t,q}, where h_{i,t} = Σ_q c_{i,t,q} g_i^(q).
 *
 * Any k = N − d + ℓ workers decode (= N − s when d = s + ℓ): recovery `any-k`; decoding weights by
 * {@link yeAbbeDecodingWeights}. Decoding is Vandermonde interpolation over the reals and is numerically unstable as
 * N grows (the instability Ramamoorthy et al., NeurIPS 2024, appendix, point out); the tests measure it.
 */
export function yeAbbeCode(params: YeAbbeParams): GradientCode {
  const { N, s, parts } = params;
  const nodeKind = params.nodes ?? 'chebyshev';
  requireInteger(N, 'N', 1);
  requireInteger(s, 's', 0);
  requireInteger(parts, 'parts', 1);
  requireInput(s < N, 's', `must be < N = ${N}, got ${s}`);
  const d = params.d ?? s + parts;
  requireInteger(d, 'd', 1);
  requireInput(d >= s + parts, 'd', `must be ≥ s + parts = ${s + parts}, got ${d}`);
  requireInput(d <= N, 'd', `chunks per worker must be ≤ N = ${N}, got ${d} (lower s or parts)`);
  requireInput(nodeKind === 'equispaced' || nodeKind === 'chebyshev', 'nodes', 'must be equispaced|chebyshev');
  const alpha = yeAbbeNodes(N, nodeKind);
  const D0 = N - d;
  // c[i][t][q]: h_{i,t} in terms of g_i^(q).
  const rows: number[][] = Array.from({ length: N }, (_, j) => Array.from({ length: d }, (_, t) => (j + t) % N));
  const coefficients: number[][] = rows.map((r) => new Array<number>(r.length * parts).fill(0));
  for (let i = 0; i < N; i++) {
    // Holders of chunk i are workers i−d+1 … i (mod N); p_i vanishes on the others.
    const holder = new Uint8Array(N);
    for (let t = 0; t < d; t++) holder[(i - t + N) % N] = 1;
    const a = [1];
    for (let j = 0; j < N; j++) {
      if (holder[j]) continue;
      a.push(0);
      for (let k = a.length - 1; k >= 1; k--) a[k] -= alpha[j] * a[k - 1];
    }
    const c: Float64Array[] = [];
    for (let t = 0; t < parts; t++) {
      const ct = new Float64Array(parts);
      ct[t] = 1;
      for (let tau = 1; tau <= Math.min(t, D0); tau++) {
        for (let q = 0; q < parts; q++) ct[q] -= a[tau] * c[t - tau][q];
      }
      c.push(ct);
    }
    for (let t = 0; t < d; t++) {
      const j = (i - t + N) % N; // worker j holds chunk i at position t
      const x = alpha[j];
      let pv = 0;
      for (const coef of a) pv = pv * x + coef;
      for (let q = 0; q < parts; q++) {
        let v = 0;
        for (let tt = q; tt < parts; tt++) v += x ** (parts - 1 - tt) * c[tt][q];
        coefficients[j][t * parts + q] = pv * v;
      }
    }
  }
  return codeFromRows({
    name: 'ye-abbe',
    m: N,
    parts,
    rows,
    coefficients,
    recovery: { kind: 'any-k', k: N - d + parts },
    meta: {
      family: 'Ye–Abbe communication-efficient polynomial code',
      params: { N, s, parts, d, nodes: nodeKind },
      citation:
        'Ye & Abbe, "Communication-Computation Efficient Gradient Coding", ICML 2018 (arXiv 1802.03475), recursive polynomial construction',
      reconstruction: true,
      stragglerTolerance: d - parts,
      notes:
        'recursive construction recalled, not read from the paper (exactness verified by tests); node placement is our choice; Vandermonde decoding is unstable for large N',
      extra: { kind: 'ye-abbe', nodes: alpha, chunksPerWorker: d },
    },
  });
}

/**
 * Decoding weights of a {@link yeAbbeCode} for a survivor set (worker indices; at least k = N − d + ℓ of them; the k
 * smallest are used). Solves the transposed Vandermonde system Σ_{j∈S} w_j^(t) α_j^e = [e = D − t], e = 0..D,
 * D = N − d + ℓ − 1, once per part t by LU with partial pivoting. Returns ℓ·N weights, part-major (`[t·N + j]`),
 * zero off S — the layout of the decoders' `DecodeResult.weights`. No accuracy check: see {@link yeAbbeDecodingError}.
 */
export function yeAbbeDecodingWeights(code: GradientCode, survivors: ArrayLike<number>): Float64Array {
  const weights = solveYeAbbeWeights(code, survivors);
  if (!weights) throw new Error(`internal error: Vandermonde system singular for distinct nodes`);
  return weights;
}

/**
 * {@link yeAbbeDecodingWeights} with `round` applied after every operation (nodes, powers and the LU solve), so
 * `Math.fround` gives what a binary32 decoder computes; undefined when a pivot is exactly zero in that precision.
 */
export function solveYeAbbeWeights(
  code: GradientCode,
  survivors: ArrayLike<number>,
  round: Rounding = (v) => v,
): Float64Array | undefined {
  const extra = code.meta.extra;
  if (extra?.kind !== 'ye-abbe') throw new InputError('code', `${code.name} is not a Ye–Abbe code`);
  const { N, parts } = code;
  const k = N - extra.chunksPerWorker + parts;
  const chosen = Array.from(new Set(Array.from(survivors))).sort((x, y) => x - y);
  for (const j of chosen)
    requireInput(Number.isInteger(j) && j >= 0 && j < N, 'survivors', `worker ${j} outside 0..${N - 1}`);
  requireInput(chosen.length >= k, 'survivors', `need at least k = ${k} survivors, got ${chosen.length}`);
  const S = chosen.slice(0, k);
  const D = k - 1;
  const A = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    let pw = 1;
    const node = round(extra.nodes[S[c]]);
    for (let e = 0; e <= D; e++) {
      A[e * k + c] = pw;
      pw = round(pw * node);
    }
  }
  const E = new Float64Array(k * parts);
  for (let t = 0; t < parts; t++) E[(D - t) * parts + t] = 1;
  const W = solveSquare(A, k, E, parts, round);
  if (!W) return undefined;
  const out = new Float64Array(parts * N);
  for (let c = 0; c < k; c++) for (let t = 0; t < parts; t++) out[t * N + S[c]] = W[c * parts + t];
  return out;
}

/**
 * Coefficient-space error Σ_t ‖Σ_j w_j^(t) B_j − u_t‖² of part-major weights (u_t = 1_m ⊗ e_t), with the
 * per-part errors; α is accumulated with `round` after every operation (default f64), the squares summed in f64. For an exact decoding this is roundoff; its growth with N measures the interpolation instability.
 */
export function yeAbbeDecodingError(
  code: GradientCode,
  weights: Float64Array,
  round: Rounding = (v) => v,
): { error: number; errorPerPart: Float64Array } {
  const { N, m, parts, offsets, chunks, coefficients } = code;
  const errorPerPart = new Float64Array(parts);
  const alpha = new Float64Array(m * parts);
  for (let t = 0; t < parts; t++) {
    alpha.fill(0);
    for (let j = 0; j < N; j++) {
      const w = weights[t * N + j];
      if (w === 0) continue;
      for (let e = offsets[j]; e < offsets[j + 1]; e++) {
        for (let q = 0; q < parts; q++) {
          const i = chunks[e] * parts + q;
          alpha[i] = round(alpha[i] + round(w * round(coefficients[e * parts + q])));
        }
      }
    }
    let err = 0;
    for (let i = 0; i < m; i++) {
      for (let q = 0; q < parts; q++) {
        const r = alpha[i * parts + q] - (q === t ? 1 : 0);
        err += r * r;
      }
    }
    errorPerPart[t] = err;
  }
  return { error: errorPerPart.reduce((x, y) => x + y, 0), errorPerPart };
}

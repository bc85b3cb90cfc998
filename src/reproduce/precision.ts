import type { GradientCode } from '../codes/types.js';

/** Arithmetic precision of an emulated computation. */
export type Precision = 'f64' | 'f32';

/** Rounding after every operation: identity for f64, IEEE binary32 round-to-nearest (Math.fround) for f32. */
export function rounding(precision: Precision): (x: number) => number {
  return precision === 'f32' ? Math.fround : (x) => x;
}

/**
 * Decoding error of a Ye–Abbe code (codes/ye-abbe.ts) from a survivor set, with every operation of the decoder
 * carried out in `precision`: the transposed Vandermonde system Σ_{j∈S} w_j^(t) α_j^e = [e = D − t] over the k
 * smallest survivors, solved by LU with partial pivoting, then α^(t) = Σ_j w_j^(t) B_j with the coefficients B
 * stored in that precision. It mirrors `yeAbbeDecodingWeights` and `yeAbbeDecodingError` operation for operation, so
 * in f64 it returns exactly their value; in f32 it is what a binary32 kernel computes (WGSL has no f64), up to FMA
 * contraction. Returns Σ_t ‖α^(t) − u_t‖² evaluated in f64 from the rounded α.
 */
export function yeAbbeErrorInPrecision(code: GradientCode, survivors: ArrayLike<number>, precision: Precision): number {
  const extra = code.meta.extra;
  if (extra?.kind !== 'ye-abbe') throw new Error(`internal error: ${code.name} is not a Ye–Abbe code`);
  const r = rounding(precision);
  const { N, m, parts, offsets, chunks, coefficients } = code;
  const k = N - extra.chunksPerWorker + parts;
  const S = Array.from(new Set(Array.from(survivors)))
    .sort((x, y) => x - y)
    .slice(0, k);
  if (S.length < k) throw new Error(`internal error: need ${k} survivors, got ${S.length}`);
  const D = k - 1;
  const a = new Float64Array(k * k);
  for (let c = 0; c < k; c++) {
    let pw = 1;
    const node = r(extra.nodes[S[c]]);
    for (let e = 0; e <= D; e++) {
      a[e * k + c] = pw;
      pw = r(pw * node);
    }
  }
  const x = new Float64Array(k * parts);
  for (let t = 0; t < parts; t++) x[(D - t) * parts + t] = 1;
  if (!luSolve(a, k, x, parts, r)) return Number.POSITIVE_INFINITY;
  const weights = new Float64Array(parts * N);
  for (let c = 0; c < k; c++) for (let t = 0; t < parts; t++) weights[t * N + S[c]] = x[c * parts + t];
  let error = 0;
  const alpha = new Float64Array(m * parts);
  for (let t = 0; t < parts; t++) {
    alpha.fill(0);
    for (let j = 0; j < N; j++) {
      const w = weights[t * N + j];
      if (w === 0) continue;
      for (let e = offsets[j]; e < offsets[j + 1]; e++) {
        for (let q = 0; q < parts; q++) {
          const i = chunks[e] * parts + q;
          alpha[i] = r(alpha[i] + r(w * r(coefficients[e * parts + q])));
        }
      }
    }
    let err = 0;
    for (let i = 0; i < m; i++) {
      for (let q = 0; q < parts; q++) {
        const d = alpha[i * parts + q] - (q === t ? 1 : 0);
        err += d * d;
      }
    }
    error += err;
  }
  return error;
}

/** In-place LU solve with partial pivoting (the order of codes/small-solve.ts `solveSquare`), rounding each step. */
function luSolve(lu: Float64Array, n: number, x: Float64Array, cols: number, r: (v: number) => number): boolean {
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(lu[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + k]);
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (best === 0) return false;
    if (piv !== k) {
      swap(lu, n, k, piv);
      swap(x, cols, k, piv);
    }
    const d = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = r(lu[i * n + k] / d);
      if (f === 0) continue;
      for (let c = k + 1; c < n; c++) lu[i * n + c] = r(lu[i * n + c] - r(f * lu[k * n + c]));
      for (let c = 0; c < cols; c++) x[i * cols + c] = r(x[i * cols + c] - r(f * x[k * cols + c]));
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const d = lu[k * n + k];
    for (let c = 0; c < cols; c++) {
      let v = x[k * cols + c];
      for (let j = k + 1; j < n; j++) v = r(v - r(lu[k * n + j] * x[j * cols + c]));
      x[k * cols + c] = r(v / d);
    }
  }
  return true;
}

function swap(a: Float64Array, width: number, i: number, j: number): void {
  for (let c = 0; c < width; c++) {
    const t = a[i * width + c];
    a[i * width + c] = a[j * width + c];
    a[j * width + c] = t;
  }
}

import { Matrix, SingularValueDecomposition } from 'ml-matrix';

/**
 * Small dense solves used while building codes (CRC's s×s windows, Ye–Abbe's Vandermonde systems). Not part of the
 * public API: decoding uses src/linalg. Callers must check {@link residualNorm}; nothing here judges accuracy.
 */

/** Rounding after an arithmetic operation: the identity (f64), or e.g. `Math.fround` to emulate binary32. */
export type Rounding = (value: number) => number;

const exact: Rounding = (v) => v;

/**
 * Solves A·X = B by LU with partial pivoting. `a` is n×n row-major, `b` is n×r row-major; returns X (n×r) or
 * undefined when a pivot is exactly zero (singular to working precision is the caller's residual check). `round` is
 * applied after every operation (default: none, plain f64), so the same elimination order can emulate f32.
 */
export function solveSquare(
  a: Float64Array,
  n: number,
  b: Float64Array,
  r: number,
  round: Rounding = exact,
): Float64Array | undefined {
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
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
    if (best === 0) return undefined;
    if (piv !== k) {
      swapRows(lu, n, k, piv);
      swapRows(x, r, k, piv);
    }
    const d = lu[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = round(lu[i * n + k] / d);
      if (f === 0) continue;
      for (let c = k + 1; c < n; c++) lu[i * n + c] = round(lu[i * n + c] - round(f * lu[k * n + c]));
      for (let c = 0; c < r; c++) x[i * r + c] = round(x[i * r + c] - round(f * x[k * r + c]));
    }
  }
  for (let k = n - 1; k >= 0; k--) {
    const d = lu[k * n + k];
    for (let c = 0; c < r; c++) {
      let v = x[k * r + c];
      for (let j = k + 1; j < n; j++) v = round(v - round(lu[k * n + j] * x[j * r + c]));
      x[k * r + c] = round(v / d);
    }
  }
  return x;
}

/** ‖A·X − B‖_max for A n×n, X and B n×r (row-major). */
export function residualNorm(a: Float64Array, n: number, x: Float64Array, b: Float64Array, r: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < r; c++) {
      let v = -b[i * r + c];
      for (let k = 0; k < n; k++) v += a[i * n + k] * x[k * r + c];
      worst = Math.max(worst, Math.abs(v));
    }
  }
  return worst;
}

/** 2-norm condition number σ_max/σ_min of an n×n row-major matrix (∞ when singular). */
export function conditionNumber(a: Float64Array, n: number): number {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
  const sv = new SingularValueDecomposition(new Matrix(rows), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  }).diagonal;
  const max = Math.max(...sv);
  const min = Math.min(...sv);
  return min > 0 ? max / min : Number.POSITIVE_INFINITY;
}

function swapRows(a: Float64Array, width: number, i: number, j: number): void {
  for (let c = 0; c < width; c++) {
    const t = a[i * width + c];
    a[i * width + c] = a[j * width + c];
    a[j * width + c] = t;
  }
}

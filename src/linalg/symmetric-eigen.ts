import { EPSILON } from './complete-orthogonal.js';
import type { DenseMatrix } from './dense-matrix.js';

/** Eigen-decomposition of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues in descending order. */
  readonly values: Float64Array;
  /** Orthonormal eigenvectors as columns (n × n, column-major; column k belongs to values[k]), when requested. */
  readonly vectors?: DenseMatrix;
  /** Number of Jacobi sweeps used. */
  readonly sweeps: number;
}

/**
 * Eigenvalues (and optionally eigenvectors) of a real symmetric matrix by the cyclic Jacobi method (Golub & Van Loan
 * §8.5.2–8.5.3): rotations annihilate each off-diagonal entry in turn until the off-diagonal Frobenius norm is
 * ≤ ε·‖A‖_F. Jacobi is slow (O(n³) per sweep, ~6–10 sweeps) but accurate, which suits the small matrices here:
 * spectral gaps of code and graph matrices (λ = d − λ₂(adjacency), Glasgow & Wootters Def. 18) and σ₂ bounds
 * (approx-codes.md §A.4). Only the lower triangle is read; the matrix must be symmetric.
 */
export function symmetricEigen(
  a: DenseMatrix,
  options: { vectors?: boolean; maxSweeps?: number } = {},
): SymmetricEigen {
  const n = a.rows;
  if (a.cols !== n) throw new RangeError(`symmetricEigen needs a square matrix, got ${a.rows} × ${a.cols}`);
  const w = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = j; i < n; i++) {
      const v = a.data[i + j * n];
      if (!Number.isFinite(v)) throw new RangeError('matrix has a non-finite entry');
      w[i + j * n] = v;
      w[j + i * n] = v;
    }
  }
  const wantVectors = options.vectors ?? false;
  const v = wantVectors ? new Float64Array(n * n) : undefined;
  if (v) for (let i = 0; i < n; i++) v[i + i * n] = 1;
  let frob = 0;
  for (let k = 0; k < w.length; k++) frob += w[k] * w[k];
  frob = Math.sqrt(frob);
  const maxSweeps = options.maxSweeps ?? 100;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let off = 0;
    for (let q = 1; q < n; q++) for (let p = 0; p < q; p++) off += w[p + q * n] * w[p + q * n];
    if (Math.sqrt(2 * off) <= EPSILON * frob) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = w[p + q * n];
        if (apq === 0) continue;
        const app = w[p + p * n];
        const aqq = w[q + q * n];
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.hypot(theta, 1));
        const c = 1 / Math.hypot(t, 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          if (k === p || k === q) continue;
          const akp = w[k + p * n];
          const akq = w[k + q * n];
          const nkp = c * akp - s * akq;
          const nkq = s * akp + c * akq;
          w[k + p * n] = nkp;
          w[p + k * n] = nkp;
          w[k + q * n] = nkq;
          w[q + k * n] = nkq;
        }
        w[p + p * n] = app - t * apq;
        w[q + q * n] = aqq + t * apq;
        w[p + q * n] = 0;
        w[q + p * n] = 0;
        if (v) {
          for (let k = 0; k < n; k++) {
            const vkp = v[k + p * n];
            const vkq = v[k + q * n];
            v[k + p * n] = c * vkp - s * vkq;
            v[k + q * n] = s * vkp + c * vkq;
          }
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => w[y + y * n] - w[x + x * n]);
  const values = Float64Array.from(order, (i) => w[i + i * n]);
  if (!v) return { values, sweeps };
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => vectors.set(v.subarray(src * n, (src + 1) * n), dst * n));
  return { values, vectors: { rows: n, cols: n, data: vectors }, sweeps };
}

/**
 * Singular values of a dense matrix in descending order, by one-sided (Hestenes) Jacobi: plane rotations make the
 * columns mutually orthogonal, and the singular values are their norms (Golub & Van Loan §8.6.3; Demmel & Veselić
 * 1992). Works on the side with fewer columns; accurate to roundoff relative to each singular value for well-scaled
 * columns, unlike the square roots of Gram-matrix eigenvalues. Returns min(rows, cols) values.
 */
export function singularValues(a: DenseMatrix, options: { maxSweeps?: number } = {}): Float64Array {
  const tall = a.rows >= a.cols;
  const m = tall ? a.rows : a.cols;
  const n = tall ? a.cols : a.rows;
  const w = new Float64Array(m * n);
  if (tall) w.set(a.data);
  else for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) w[j + i * m] = a.data[i + j * a.rows];
  for (let k = 0; k < w.length; k++) if (!Number.isFinite(w[k])) throw new RangeError('matrix has a non-finite entry');
  const maxSweeps = options.maxSweeps ?? 100;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        const pb = p * m;
        const qb = q * m;
        for (let i = 0; i < m; i++) {
          const x = w[pb + i];
          const y = w[qb + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPSILON * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.hypot(zeta, 1));
        const c = 1 / Math.hypot(t, 1);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = w[pb + i];
          const y = w[qb + i];
          w[pb + i] = c * x - s * y;
          w[qb + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += w[j * m + i] * w[j * m + i];
    out[j] = Math.sqrt(s);
  }
  return out.sort().reverse();
}

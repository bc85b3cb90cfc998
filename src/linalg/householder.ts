/**
 * Householder reflectors on small dense column-major f64 matrices, without pivoting (LAPACK xGEQR2 / xORM2R style):
 * H_k = I − τ v vᵀ with v_k = 1 and v below the diagonal stored in column k. The rank-revealing, pivoted
 * factorisation of src/linalg/complete-orthogonal.ts keeps its own loops (norm downdating, scaled norms).
 */

/**
 * Householder step k on column k of a rows × cols column-major matrix: H_k = I − τ v vᵀ (v_k = 1, stored below the
 * diagonal) maps A[k.., k] to (β, 0, …) and is applied to the columns right of k.
 */
export function reflectColumn(A: Float64Array, rows: number, cols: number, k: number, tau: Float64Array): void {
  const base = k * rows;
  let tail = 0;
  for (let i = k + 1; i < rows; i++) tail += A[base + i] ** 2;
  const alpha = A[base + k];
  if (tail === 0) {
    tau[k] = 0;
    return;
  }
  const norm = Math.sqrt(alpha * alpha + tail);
  const beta = alpha >= 0 ? -norm : norm;
  tau[k] = (beta - alpha) / beta;
  const scale = 1 / (alpha - beta);
  for (let i = k + 1; i < rows; i++) A[base + i] *= scale;
  A[base + k] = beta;
  for (let j = k + 1; j < cols; j++) applyReflector(A, rows, k, tau[k], A, j * rows);
}

/** x[at ..] ← H_k x[at ..] with the reflector stored in column k of A (v_k = 1, v_i = A[i, k] for i > k). */
export function applyReflector(A: Float64Array, rows: number, k: number, tau: number, x: Float64Array, at = 0): void {
  if (tau === 0) return;
  const base = k * rows;
  let dot = x[at + k];
  for (let i = k + 1; i < rows; i++) dot += A[base + i] * x[at + i];
  dot *= tau;
  x[at + k] -= dot;
  for (let i = k + 1; i < rows; i++) x[at + i] -= dot * A[base + i];
}

/** Householder QR of the first `cols` columns (rows ≥ cols), no pivoting. */
export function householder(A: Float64Array, rows: number, cols: number, tau: Float64Array): void {
  for (let k = 0; k < cols; k++) reflectColumn(A, rows, cols, k, tau);
}

/** x ← Qᵀx (forward) or Qx (`backward`) for Q = H_0 … H_{cols−1}. */
export function applyReflectors(
  A: Float64Array,
  rows: number,
  cols: number,
  tau: Float64Array,
  x: Float64Array,
  backward: boolean,
): void {
  if (backward) for (let k = cols - 1; k >= 0; k--) applyReflector(A, rows, k, tau[k], x);
  else for (let k = 0; k < cols; k++) applyReflector(A, rows, k, tau[k], x);
}

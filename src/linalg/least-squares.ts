import { CompleteOrthogonalDecomposition, type RankOptions } from './complete-orthogonal.js';
import type { DenseMatrix } from './dense-matrix.js';

/** Result of {@link leastSquares}. */
export interface LeastSquaresResult {
  /** Minimum-norm solutions, cols × nrhs column-major (a plain vector when nrhs = 1). */
  readonly x: Float64Array;
  /** Numerical rank of A under {@link tolerance}. */
  readonly rank: number;
  /** Absolute rank tolerance applied to the pivoted column norms. */
  readonly tolerance: number;
  /** Squared residual ‖A·x_k − b_k‖² per right-hand side, computed from A itself (not from the factors). */
  readonly residual: Float64Array;
  /** The factorisation, reusable for further right-hand sides. */
  readonly decomposition: CompleteOrthogonalDecomposition;
}

/**
 * Rank-revealing least squares: the minimum-norm x minimising ‖A·x − b‖ for each right-hand side column, through a
 * complete orthogonal decomposition with the rank tolerance `max(rows, cols) · ε · |R₁₁|` unless overridden
 * (Golub & Van Loan §5.5; LAPACK xGELSY). Unlike ml-matrix's `QrDecomposition.solve`, a rank-deficient A gives the
 * correct minimum-norm answer and its numerical rank instead of a silently wrong solution. The residual is computed
 * directly as ‖A·x − b‖², so "b lies in the column space" can be tested as residual ≤ tolerance.
 *
 * @param a  rows × cols, column-major.
 * @param b  rows × nrhs, column-major (a vector of length rows for nrhs = 1).
 */
export function leastSquares(a: DenseMatrix, b: Float64Array, options: RankOptions = {}): LeastSquaresResult {
  const m = a.rows;
  if (m === 0 ? b.length !== 0 : b.length % m !== 0) {
    throw new RangeError(`right-hand side of length ${b.length} does not fit ${m} rows`);
  }
  const nrhs = m === 0 ? 0 : b.length / m;
  const decomposition = new CompleteOrthogonalDecomposition(a, options);
  const x = decomposition.solve(b, nrhs);
  return {
    x,
    rank: decomposition.rank,
    tolerance: decomposition.tolerance,
    residual: squaredResiduals(a, x, b, nrhs),
    decomposition,
  };
}

/** ‖A·x_k − b_k‖² for every column k of X (cols × nrhs) and B (rows × nrhs), all column-major. */
export function squaredResiduals(a: DenseMatrix, x: Float64Array, b: Float64Array, nrhs: number): Float64Array {
  const m = a.rows;
  const n = a.cols;
  const out = new Float64Array(nrhs);
  const r = new Float64Array(m);
  for (let col = 0; col < nrhs; col++) {
    for (let i = 0; i < m; i++) r[i] = -b[col * m + i];
    for (let j = 0; j < n; j++) {
      const xj = x[col * n + j];
      if (xj === 0) continue;
      const aj = j * m;
      for (let i = 0; i < m; i++) r[i] += a.data[aj + i] * xj;
    }
    let s = 0;
    for (let i = 0; i < m; i++) s += r[i] * r[i];
    out[col] = s;
  }
  return out;
}

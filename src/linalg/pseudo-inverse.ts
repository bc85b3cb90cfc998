import { CompleteOrthogonalDecomposition, type RankOptions } from './complete-orthogonal.js';
import { type DenseMatrix, identity } from './dense-matrix.js';

/**
 * Moore–Penrose pseudo-inverse A⁺ (cols × rows) of a rows × cols matrix, as the minimum-norm least-squares solution
 * of A·X = I through the complete orthogonal decomposition (Golub & Van Loan §5.5.4). Singular values below the
 * rank tolerance `max(rows, cols) · ε · |R₁₁|` (or `rankTolerance`) are treated as zero, so A·A⁺·A = A holds to
 * roundoff for rank-deficient A.
 */
export function pseudoInverse(a: DenseMatrix, options: RankOptions = {}): DenseMatrix {
  const cod = new CompleteOrthogonalDecomposition(a, options);
  const data = cod.solve(identity(a.rows).data, a.rows);
  return { rows: a.cols, cols: a.rows, data };
}

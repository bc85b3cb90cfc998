import { choleskyInPlace, choleskySolve } from '../../linalg/cholesky.js';
import { fromRows } from '../../linalg/dense-matrix.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { logisticHessian, totalCurvature } from './hessian.js';
import { fullGradient, fullLoss } from './loss.js';
import type { TrainProblem } from './problem.js';

/** The minimiser x* of f and how it was found. */
export interface Optimum {
  readonly x: Float64Array;
  /** f(x*). */
  readonly value: number;
  /** ‖∇f(x*)‖ as evaluated in f64. */
  readonly gradientNorm: number;
  /** `cholesky` / `pseudo-inverse` (least squares) or `newton` (logistic). */
  readonly method: 'cholesky' | 'pseudo-inverse' | 'newton';
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}

/**
 * x* = argmin f. Least squares: the normal equations (Σ_i H_i + λI) x = Σ_i b_i by Cholesky, or the minimum-norm
 * solution by the symmetric eigen-decomposition when the Hessian is singular. Logistic: Newton's method with
 * backtracking (Armijo) from 0, until ‖∇f‖ ≤ 1e-12·max(1, ‖∇f(0)‖); throws when it fails to converge (e.g.
 * separable data with λ = 0, which has no finite minimiser).
 */
export function findOptimum(problem: TrainProblem): Optimum {
  const { d } = problem;
  if (problem.loss === 'least-squares') {
    const H = totalCurvature(problem);
    const b = fullGradient(problem, new Float64Array(d)).map((v) => -v);
    let x: Float64Array;
    let method: Optimum['method'] = 'cholesky';
    try {
      const L = Float64Array.from(H);
      choleskyInPlace(L, d);
      x = choleskySolve(L, d, b);
    } catch {
      method = 'pseudo-inverse';
      x = pseudoInverseSolve(H, d, b);
    }
    return { x, value: fullLoss(problem, x), gradientNorm: norm(fullGradient(problem, x)), method };
  }
  let x = new Float64Array(d);
  let g = fullGradient(problem, x);
  const target = 1e-12 * Math.max(1, norm(g));
  let f = fullLoss(problem, x);
  for (let iter = 0; iter < 200 && norm(g) > target; iter++) {
    const L = logisticHessian(problem, x);
    choleskyInPlace(L, d);
    const step = choleskySolve(L, d, g);
    let t = 1;
    let slope = 0;
    for (let k = 0; k < d; k++) slope += g[k] * step[k];
    for (;;) {
      const next = x.map((v, k) => v - t * step[k]);
      const fn = fullLoss(problem, next);
      if (fn <= f - 1e-4 * t * slope || t < 1e-12) {
        x = next;
        f = fn;
        break;
      }
      t /= 2;
    }
    g = fullGradient(problem, x);
  }
  const gradientNorm = norm(g);
  if (!(gradientNorm <= Math.max(target, 1e-10))) {
    throw new RangeError(
      `Newton's method did not converge (‖∇f‖ = ${gradientNorm}); the logistic loss may have no finite minimiser — add regularization`,
    );
  }
  return { x, value: f, gradientNorm, method: 'newton' };
}

/** Minimum-norm solution of H x = b for a symmetric positive semi-definite H (eigenvalues below ε·λ_max dropped). */
function pseudoInverseSolve(H: Float64Array, d: number, b: Float64Array): Float64Array {
  const rows = Array.from({ length: d }, (_, r) => H.subarray(r * d, (r + 1) * d));
  const eig = symmetricEigen(fromRows(rows), { vectors: true });
  const V = eig.vectors!;
  const cutoff = Math.max(...eig.values) * d * 2.2e-16;
  const x = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    const lam = eig.values[k];
    if (!(lam > cutoff)) continue;
    let proj = 0;
    for (let r = 0; r < d; r++) proj += V.data[r + k * d] * b[r];
    for (let r = 0; r < d; r++) x[r] += (V.data[r + k * d] * proj) / lam;
  }
  return x;
}

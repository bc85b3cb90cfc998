import { gramOfRows } from './gram.js';
import { sigmoid } from './loss.js';
import type { TrainProblem } from './problem.js';

/**
 * Curvature of the chunk losses (d × d, row-major): for least squares the exact Hessian ∇²f_i = X_iᵀX_i/n + (λ/m)I;
 * for logistic regression the uniform upper bound ∇²f_i ⪯ X_iᵀX_i/(4n) + (λ/m)I (σ′ ≤ ¼), which is what the
 * smoothness constants L′ and L need.
 */
export function chunkCurvature(problem: TrainProblem, i: number): Float64Array {
  const { d, m, n, lambda } = problem;
  const scale = problem.loss === 'least-squares' ? 1 : 0.25;
  const H = problem.gram
    ? problem.gram.H.slice(i * d * d, (i + 1) * d * d)
    : gramOfRows(problem.X, d, problem.chunkStart[i], problem.chunkStart[i + 1], scale / n);
  for (let k = 0; k < d; k++) H[k * d + k] += lambda / m;
  return H;
}

/** Σ_i of {@link chunkCurvature}: the Hessian of f (least squares) or its uniform upper bound (logistic). */
export function totalCurvature(problem: TrainProblem): Float64Array {
  const { d } = problem;
  const total = new Float64Array(d * d);
  for (let i = 0; i < problem.m; i++) {
    const H = chunkCurvature(problem, i);
    for (let k = 0; k < d * d; k++) total[k] += H[k];
  }
  return total;
}

/** The exact Hessian ∇²f(x) of the logistic loss: (1/n) Σ_r σ(z_r)(1 − σ(z_r)) x_r x_rᵀ + λI. */
export function logisticHessian(problem: TrainProblem, x: ArrayLike<number>): Float64Array {
  const { d, n, X } = problem;
  const H = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    let z = 0;
    for (let k = 0; k < d; k++) z += X[r * d + k] * x[k];
    const s = sigmoid(z);
    const w = (s * (1 - s)) / n;
    for (let a = 0; a < d; a++) {
      const xa = X[r * d + a] * w;
      for (let b = 0; b <= a; b++) H[a * d + b] += xa * X[r * d + b];
    }
  }
  for (let a = 0; a < d; a++) {
    H[a * d + a] += problem.lambda;
    for (let b = 0; b < a; b++) H[b * d + a] = H[a * d + b];
  }
  return H;
}

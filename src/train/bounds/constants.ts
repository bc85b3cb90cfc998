import { fromRows } from '../../linalg/dense-matrix.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { chunkCurvature, totalCurvature } from '../problem/hessian.js';
import { chunkGradient } from '../problem/loss.js';
import type { Optimum } from '../problem/optimum.js';
import type { TrainProblem } from '../problem/problem.js';

/** Dimension up to which eigenvalues come from the full Jacobi decomposition (beyond it: power iteration). */
const JACOBI_LIMIT = 96;

/** The constants of the convergence bounds, computed from the data (core-gc.md §D.4, Prop. VI.1 / VII.1). */
export interface ProblemConstants {
  /** Strong convexity of f: λ_min(∇²f) for least squares; λ (the ridge weight) for logistic regression. */
  readonly mu: number;
  /** Smoothness of f: λ_max of Σ_i ∇²f_i (least squares) or of its bound Σ_i X_iᵀX_i/(4n) + λI (logistic). */
  readonly L: number;
  /** Smoothness of every chunk loss: max_i λ_max(∇²f_i) (or its logistic bound). */
  readonly Lprime: number;
  /** σ² = Σ_i ‖∇f_i(x*)‖². */
  readonly sigma2: number;
  /** f* = f(x*). */
  readonly fStar: number;
  /** How the eigenvalues were obtained. */
  readonly eigenMethod: 'jacobi' | 'power-iteration';
}

function symmetric(H: Float64Array, d: number) {
  return fromRows(Array.from({ length: d }, (_, r) => H.subarray(r * d, (r + 1) * d)));
}

/**
 * λ_max of a symmetric positive semi-definite matrix by power iteration from a fixed start, stopped when the
 * Rayleigh quotient changes by < 1e-13 relative (at most 20,000 steps). A lower estimate of λ_max that is exact to
 * that tolerance once converged; used for d > {@link JACOBI_LIMIT}, where m Jacobi decompositions would be slow.
 */
export function largestEigenvalue(H: Float64Array, d: number): number {
  let v = new Float64Array(d).map((_, k) => 1 + k / d);
  let lambda = 0;
  for (let it = 0; it < 20000; it++) {
    const w = new Float64Array(d);
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += H[r * d + k] * v[k];
      w[r] = s;
    }
    let vw = 0;
    let vv = 0;
    let ww = 0;
    for (let k = 0; k < d; k++) {
      vw += v[k] * w[k];
      vv += v[k] * v[k];
      ww += w[k] * w[k];
    }
    const next = vw / vv;
    if (ww === 0) return 0;
    const norm = Math.sqrt(ww);
    v = w.map((x) => x / norm);
    if (Math.abs(next - lambda) <= 1e-13 * Math.abs(next)) return next;
    lambda = next;
  }
  return lambda;
}

function extremes(H: Float64Array, d: number, jacobi: boolean): { min: number; max: number } {
  if (jacobi) {
    const values = symmetricEigen(symmetric(H, d)).values;
    return { min: values[values.length - 1], max: values[0] };
  }
  const max = largestEigenvalue(H, d);
  // λ_min = λ_max − λ_max(λ_max·I − H).
  const shifted = H.map((v, idx) => (Math.floor(idx / d) === idx % d ? max - v : -v));
  return { min: max - largestEigenvalue(shifted, d), max };
}

/**
 * μ, L, L′ and σ² of Glasgow & Wootters' Prop. VI.1 for f = Σ_i f_i (each f_i convex and L′-smooth, f μ-strongly
 * convex and L-smooth), from the chunk curvatures of the data and the optimum x*.
 */
export function problemConstants(problem: TrainProblem, optimum: Optimum): ProblemConstants {
  const { d, m } = problem;
  const jacobi = d <= JACOBI_LIMIT;
  const total = extremes(totalCurvature(problem), d, jacobi);
  let Lprime = 0;
  for (let i = 0; i < m; i++) {
    const H = chunkCurvature(problem, i);
    Lprime = Math.max(Lprime, jacobi ? symmetricEigen(symmetric(H, d)).values[0] : largestEigenvalue(H, d));
  }
  const mu = problem.loss === 'least-squares' ? Math.max(0, total.min) : problem.lambda;
  let sigma2 = 0;
  const g = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    chunkGradient(problem, i, optimum.x, g);
    for (let k = 0; k < d; k++) sigma2 += g[k] * g[k];
  }
  return {
    mu,
    L: total.max,
    Lprime,
    sigma2,
    fStar: optimum.value,
    eigenMethod: jacobi ? 'jacobi' : 'power-iteration',
  };
}

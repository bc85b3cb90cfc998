import type { TrainProblem } from './problem.js';

/**
 * The chunk losses f_i and gradients ∇f_i of a {@link TrainProblem} in f64, one vector at a time: the definitions
 * every other implementation (the batched CPU twin, the WGSL kernels, the bounds) is checked against.
 */

/** log(1 + eᵗ) without overflow. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** The logistic function 1/(1 + e⁻ᵗ), stable for large |t|. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** f_i(x). */
export function chunkLoss(problem: TrainProblem, i: number, x: ArrayLike<number>): number {
  const { d, m, n, lambda } = problem;
  let ridge = 0;
  for (let k = 0; k < d; k++) ridge += x[k] * x[k];
  ridge *= lambda / (2 * m);
  if (problem.gram) {
    const { H, b, c } = problem.gram;
    const base = i * d * d;
    let quad = 0;
    let lin = 0;
    for (let r = 0; r < d; r++) {
      let hx = 0;
      for (let k = 0; k < d; k++) hx += H[base + r * d + k] * x[k];
      quad += x[r] * hx;
      lin += b[i * d + r] * x[r];
    }
    return 0.5 * quad - lin + c[i] + ridge;
  }
  const { X, y, chunkStart } = problem;
  let sum = 0;
  for (let r = chunkStart[i]; r < chunkStart[i + 1]; r++) {
    let z = 0;
    for (let k = 0; k < d; k++) z += X[r * d + k] * x[k];
    sum += problem.loss === 'least-squares' ? 0.5 * (z - y[r]) ** 2 : softplus(-y[r] * z);
  }
  return sum / n + ridge;
}

/** Writes ∇f_i(x) into `out` (length d). */
export function chunkGradient(problem: TrainProblem, i: number, x: ArrayLike<number>, out: Float64Array): void {
  const { d, m, n, lambda } = problem;
  for (let k = 0; k < d; k++) out[k] = (lambda / m) * x[k];
  if (problem.gram) {
    const { H, b } = problem.gram;
    const base = i * d * d;
    for (let r = 0; r < d; r++) {
      let hx = 0;
      for (let k = 0; k < d; k++) hx += H[base + r * d + k] * x[k];
      out[r] += hx - b[i * d + r];
    }
    return;
  }
  const { X, y, chunkStart } = problem;
  for (let r = chunkStart[i]; r < chunkStart[i + 1]; r++) {
    let z = 0;
    for (let k = 0; k < d; k++) z += X[r * d + k] * x[k];
    const res = (problem.loss === 'least-squares' ? z - y[r] : -y[r] * sigmoid(-y[r] * z)) / n;
    for (let k = 0; k < d; k++) out[k] += res * X[r * d + k];
  }
}

/** f(x) = Σ_i f_i(x). */
export function fullLoss(problem: TrainProblem, x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < problem.m; i++) f += chunkLoss(problem, i, x);
  return f;
}

/** ∇f(x) = Σ_i ∇f_i(x). */
export function fullGradient(problem: TrainProblem, x: ArrayLike<number>): Float64Array {
  const g = new Float64Array(problem.d);
  const gi = new Float64Array(problem.d);
  for (let i = 0; i < problem.m; i++) {
    chunkGradient(problem, i, x, gi);
    for (let k = 0; k < problem.d; k++) g[k] += gi[k];
  }
  return g;
}

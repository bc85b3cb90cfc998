import { CpuBackend } from '../../src/engine/cpu/cpu-backend.js';
import { fullGradient } from '../../src/train/problem/loss.js';
import type { TrainProblem } from '../../src/train/problem/problem.js';

/** The CPU twin run inline on the test thread (no worker pool: deterministic and cheap for small problems). */
export function inlineCpu(): CpuBackend {
  return new CpuBackend({ threads: 1, inlineBelowMs: Number.POSITIVE_INFINITY });
}

/** A small least-squares dataset spec (n rows, d features, condition κ). */
export function leastSquares(rows = 480, features = 6, condition = 4, noise = 0.5) {
  return { kind: 'synthetic-least-squares', rows, features, condition, noise } as const;
}

/** Uncoded gradient descent x_{k+1} = x_k − γ_k ∇f(x_k) in f64 from 0: the iterates x_0 … x_K. */
export function uncodedDescent(problem: TrainProblem, steps: Float64Array): Float64Array[] {
  const out: Float64Array[] = [];
  let x = new Float64Array(problem.d);
  out.push(x);
  for (const gamma of steps) {
    const g = fullGradient(problem, x);
    x = x.map((v, c) => v - gamma * g[c]);
    out.push(x);
  }
  return out;
}

/** ‖a − b‖². */
export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

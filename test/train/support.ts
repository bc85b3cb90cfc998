import { CpuBackend } from '../../src/engine/cpu/cpu-backend.js';
import { complementOperators } from '../../src/train/descent/complement-operators.js';
import { codeMatrix, type DescentParams } from '../../src/train/descent/params.js';
import { complementOf } from '../../src/train/plan/decoding-plan.js';
import { fullGradient } from '../../src/train/problem/loss.js';
import type { TrainProblem } from '../../src/train/problem/problem.js';
import type { PreparedProblem } from '../../src/train/run/build-problem.js';
import type { ResolvedScheme } from '../../src/train/spec/resolve-train.js';

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

/**
 * The coefficient-path descent params of one window from iteration 0 over `plan` (dense form: ĝ = Σ_i α_i g_i), and
 * the same window in the complement form (ĝ = Σ_i a₀_i g_i − Σ_{j∈F} c_j(K_j y − β_j)) for the code's complement
 * decoding. GD unless `aux` is given (AGD).
 */
export function coefficientWindow(
  prepared: PreparedProblem,
  scheme: ResolvedScheme,
  plan: { alpha: Float64Array; correction: Float64Array },
  window: { runs: number; count: number; total: number; step: number; state: Float64Array; aux?: Float64Array },
): { dense: DescentParams; fast: DescentParams } {
  const { problem, optimum } = prepared;
  const dense: DescentParams = {
    problem,
    code: codeMatrix(scheme.code),
    path: 'coefficient',
    optimizer: window.aux ? 'agd' : 'gd',
    runs: window.runs,
    first: 0,
    count: window.count,
    total: window.total,
    steps: new Float64Array(window.count).fill(window.step),
    weights: new Float64Array(0),
    alpha: plan.alpha,
    complement: null,
    correction: new Float64Array(0),
    omega: new Float64Array(scheme.code.N),
    xStar: optimum.x,
    lossConstant: problem.gram ? problem.gram.c.reduce((a, b) => a + b, 0) : 0,
    state: window.state,
    aux: window.aux ?? new Float64Array(0),
    evaluateFinal: window.count === window.total,
  };
  const complement = complementOf(scheme.code, scheme.plan);
  if (!complement) throw new Error(`test setup: ${scheme.code.name} has no complement decoding`);
  const fast: DescentParams = {
    ...dense,
    alpha: new Float64Array(0),
    complement: complementOperators(problem, complement),
    correction: plan.correction,
  };
  return { dense, fast };
}

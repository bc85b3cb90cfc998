import { describe, expect, it } from 'vitest';
import { runDescentCpu } from '../../src/train/descent/cpu-descent.js';
import { METRIC_COUNT } from '../../src/train/descent/params.js';
import { complementOf, planWindow } from '../../src/train/plan/decoding-plan.js';
import { prepareProblem } from '../../src/train/run/build-problem.js';
import { planSetup } from '../../src/train/run/run-scheme.js';
import { resolveTrainSpec } from '../../src/train/spec/resolve-train.js';
import { coefficientWindow, leastSquares } from './support.js';

/**
 * The complement form of the f64 twin (ĝ = Σ_i a₀_i g_i − Σ_{j∈F} c_j(K_j y − β_j), src/train/descent/) against the
 * dense form (every chunk gradient, ĝ = Σ_i α_i g_i) on the same plan: metrics and iterates agree to 1e-10 relative,
 * for GD and AGD, a ridge term, d not a multiple of 4, and a code whose full set does not decode exactly (a₀ ≠ 1);
 * splitting the runs over tasks does not change a bit.
 */
function windowParams(code: string, optimizer: 'gd' | 'agd', lambda: number) {
  const resolved = resolveTrainSpec({
    dataset: leastSquares(640, 10, 5, 0.3),
    iterations: 12,
    runs: 21,
    seed: 4,
    code,
    decoder: 'optimal',
    stragglers: { failures: { p: 0.25 } },
    regularization: lambda,
    optimizer,
    step: 0.5,
  });
  const prepared = prepareProblem(resolved);
  const scheme = resolved.schemes[0];
  const plan = planWindow(planSetup(resolved, scheme), 12, 0, 12, 21, { weights: false, correction: true });
  const complement = complementOf(scheme.code, scheme.plan)!;
  const R = 21;
  const state = Float64Array.from({ length: R * prepared.problem.d }, (_, k) => Math.sin(k));
  const aux = optimizer === 'agd' ? state.map((v) => 0.5 * v) : undefined;
  const { dense, fast } = coefficientWindow(prepared, scheme, plan, {
    runs: R,
    count: 12,
    total: 12,
    step: 0.5,
    state,
    aux,
  });
  return { dense, fast, complement };
}

function close(a: Float64Array, b: Float64Array, rel: number) {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++) {
    if (Number.isNaN(b[k])) expect(a[k]).toBeNaN();
    else
      expect(Math.abs(a[k] - b[k]), `entry ${k}: ${a[k]} vs ${b[k]}`).toBeLessThanOrEqual(
        rel * (Math.abs(b[k]) + 1e-12),
      );
  }
}

describe('complement form of the f64 descent twin', () => {
  for (const [code, optimizer, lambda] of [
    ['crc:N=32,s=3', 'gd', 0],
    ['crc:N=32,s=3', 'agd', 0.05],
    ['random:bernoulli:N=20,d=3,seed=1', 'gd', 0.01],
  ] as const) {
    it(`${code} ${optimizer} λ = ${lambda}: equals the dense form`, () => {
      const { dense, fast, complement } = windowParams(code, optimizer, lambda);
      if (code.startsWith('random')) expect(complement.baseIsOnes).toBe(false);
      const a = runDescentCpu(fast, { start: 0, end: 21 });
      const b = runDescentCpu(dense, { start: 0, end: 21 });
      close(a.metrics, b.metrics, 1e-10);
      close(a.state, b.state, 1e-10);
      close(a.aux, b.aux, 1e-10);
      // gradient error is nonzero somewhere: the comparison covers inexact rounds
      let inexact = 0;
      for (let k = 2; k < b.metrics.length; k += METRIC_COUNT) if (b.metrics[k] > 1e-12) inexact++;
      expect(inexact).toBeGreaterThan(0);
    });
  }

  it('splitting the runs over tasks does not change a bit', () => {
    const { fast } = windowParams('crc:N=32,s=3', 'gd', 0);
    const whole = runDescentCpu(fast, { start: 0, end: 21 });
    const left = runDescentCpu(fast, { start: 0, end: 8 });
    const right = runDescentCpu(fast, { start: 8, end: 21 });
    const slots = whole.slots * METRIC_COUNT;
    expect(whole.metrics.subarray(0, 8 * slots)).toEqual(left.metrics);
    expect(whole.metrics.subarray(8 * slots)).toEqual(right.metrics);
    expect(whole.state.subarray(0, 8 * 10)).toEqual(left.state);
    expect(whole.state.subarray(8 * 10)).toEqual(right.state);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { worstStragglerSet } from '../../src/adversarial/worst-case.js';
import { buildCode } from '../../src/codes/spec.js';
import { runTraining } from '../../src/train/run/run-training.js';
import { inlineCpu, leastSquares } from './support.js';

/**
 * Issue 5, must show: the adversarial noise floor — Glasgow & Wootters Cor. VII.2 (Prop. VII.1 with ε = 1;
 * core-gc.md §D.4) — holds at the worst straggler set found by the code library (src/adversarial worstStragglerSet,
 * exhaustive over the C(15, 3) sets of the Petersen scheme). The set straggles in every iteration (fixedSet,
 * adversarial mode, factor ∞); r = its ‖α − 1‖²; γ = Prop. VII.1's step; after k₀ iterations ‖x_k − x*‖² ≤
 * 4rσ²/(μ − √(μrL′))². The adversarial rounds are identical across runs, so the comparison is exact (zero-width CI).
 */
const backend = inlineCpu();
afterAll(() => backend.dispose());

describe('Glasgow–Wootters Cor. VII.2 at the worst straggler set', () => {
  it('Petersen graph code, 3 adversarial stragglers, optimal decoding', async () => {
    const code = buildCode('graph:petersen');
    const worst = worstStragglerSet(code, 3);
    expect(worst.method).toBe('exhaustive');
    expect(worst.error).toBeGreaterThan(0);
    const result = await runTraining(
      {
        dataset: leastSquares(600, 6, 2, 1),
        iterations: 600,
        runs: 2,
        seed: 4,
        code: 'graph:petersen',
        decoder: 'optimal',
        stragglers: { fixedSet: { s: 3, mode: 'adversarial' } },
        wait: 'all',
        step: { rule: 'prop-vii1' },
        bounds: ['glasgow-wootters-vii2'],
      },
      { backendInstance: backend },
    );
    const scheme = result.schemes[0];
    // every round lost exactly the library's worst set: r is its error
    expect(scheme.plan.meanReceived).toBe(code.N - 3);
    expect(scheme.plan.maxAlphaError).toBeCloseTo(worst.error, 10);
    expect(scheme.plan.meanAlphaError).toBeCloseTo(worst.error, 10);
    const check = scheme.bounds[0];
    expect(check.bound.applies, check.bound.reason).toBe(true);
    expect(check.bound.derivation).toBe('paper');
    const { k0, floor } = check.bound.constants;
    expect(k0).toBeLessThan(600);
    expect(check.rows.length).toBe(601 - k0);
    expect(check.verdict?.holds, check.verdict?.text).toBe(true);
    console.info(
      `worst 3-set ${Array.from(worst.stragglers).join(',')}: r = ${worst.error.toFixed(4)}, k₀ = ${k0}, floor ${floor.toExponential(3)}, ` +
        `‖x_600 − x*‖² = ${scheme.curves.distance.mean[600].toExponential(3)}`,
    );
    // the floor is a floor: the iterates do not reach x* (approximate decoding biases the fixed point)
    expect(scheme.curves.distance.mean[600]).toBeGreaterThan(1e-8);
    expect(scheme.curves.distance.mean[600]).toBeLessThan(floor);
  });

  it('does not apply when μ ≤ rL′ (says why)', async () => {
    const result = await runTraining(
      {
        dataset: leastSquares(600, 6, 2, 1),
        iterations: 5,
        runs: 1,
        code: 'crc:N=10,s=2',
        stragglers: { fixedSet: { s: 4, mode: 'adversarial' } },
        step: { rule: 'smoothness' },
        bounds: ['glasgow-wootters-vii2'],
      },
      { backendInstance: backend },
    );
    const check = result.schemes[0].bounds[0];
    expect(check.bound.applies).toBe(false);
    expect(check.bound.reason).toMatch(/μ > rL′/);
    expect(check.verdict).toBeNull();
    // and the step rule of Prop. VII.1 is refused for such a scheme, naming the field
    await expect(
      runTraining(
        {
          dataset: leastSquares(600, 6, 2, 1),
          iterations: 5,
          runs: 1,
          code: 'crc:N=10,s=2',
          stragglers: { fixedSet: { s: 4, mode: 'adversarial' } },
          step: { rule: 'prop-vii1' },
        },
        { backendInstance: backend },
      ),
    ).rejects.toThrow(/step: rule prop-vii1 needs μ > rL′/);
  });
});

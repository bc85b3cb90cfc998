import { afterAll, describe, expect, it } from 'vitest';
import { propositionVI1 } from '../../src/train/bounds/glasgow-wootters.js';
import { runTraining } from '../../src/train/run/run-training.js';
import { inlineCpu, leastSquares } from './support.js';

/**
 * Issue 5, must show: Glasgow & Wootters' Prop. VI.1 (random stragglers; core-gc.md §D.4) holds on a graph code.
 * The Petersen graph scheme (10 chunks = vertices, 15 workers = edges, each worker holds its edge's two chunks),
 * optimal decoding, workers failing i.i.d. with p ∈ {0.1, 0.2, 0.3}; c, r, s exact over all 2^15 survivor sets; GD
 * with half of the proposition's largest step, γc = ½/(sL′ + L). The empirical E‖x_k − x*‖² (mean of 64 runs with
 * its 95% CI) never lies above the bound; the bound's floor is positive (approximate decoding is really happening).
 */
const backend = inlineCpu();
afterAll(() => backend.dispose());

describe('Glasgow–Wootters Prop. VI.1 on the Petersen graph code', () => {
  for (const p of [0.1, 0.2, 0.3]) {
    it(`p = ${p}`, async () => {
      const result = await runTraining(
        {
          dataset: leastSquares(600, 6, 3, 1),
          iterations: 60,
          runs: 64,
          seed: 21,
          code: 'graph:petersen',
          decoder: 'optimal',
          stragglers: { failures: { p } },
          wait: 'all',
          step: { rule: 'prop-vi1', factor: 0.5 },
          bounds: ['glasgow-wootters-vi1'],
        },
        { backendInstance: backend },
      );
      const scheme = result.schemes[0];
      const check = scheme.bounds[0];
      expect(check.bound.applies, check.bound.reason).toBe(true);
      expect(check.bound.derivation).toBe('paper');
      expect(scheme.moments?.method).toBe('exact');
      expect(check.bound.constants.floor).toBeGreaterThan(0);
      expect(check.rows).toHaveLength(61);
      expect(check.verdict?.holds, check.verdict?.text).toBe(true);
      // the runs really are approximate: some rounds are not exact
      expect(scheme.plan.exactFraction).toBeLessThan(1);
      // and the bound is not vacuous at the end: within 100× of the measured distance
      const last = check.rows[60];
      console.info(
        `p = ${p}: E‖x_60 − x*‖² = ${last.mean.toExponential(3)} [${last.ci_lo.toExponential(3)}, ${last.ci_hi.toExponential(3)}], ` +
          `bound ${last.bound.toExponential(3)} (floor ${check.bound.constants.floor.toExponential(3)}; ` +
          `c = ${check.bound.constants.c.toFixed(4)}, r = ${check.bound.constants.r.toExponential(3)}, s = ${check.bound.constants.s.toFixed(4)})`,
      );
      expect(last.bound / last.mean).toBeLessThan(100);
    });
  }
});

describe('Prop. VI.1 at its largest step', () => {
  it('applies when γc(sL′ + L) rounds to just above 1 (rule prop-vi1 with factor 1)', () => {
    const [c, s, Lprime, L] = [0.52, 3, 1.702, 2.3];
    const gamma = 1 / (c * (s * Lprime + L));
    expect(gamma * c * (s * Lprime + L)).toBeGreaterThan(1); // the rounding this guards against
    const bound = propositionVI1(
      {
        constants: { mu: 0.5, L, Lprime, sigma2: 1, fStar: 0, eigenMethod: 'jacobi' },
        steps: new Float64Array(3).fill(gamma),
        optimizer: 'gd',
        m: 10,
        parts: 1,
        eps0: 1,
      },
      { method: 'exact', samples: 0, c, r: 0.3, s, maxBias: 0, meanError: 0.3 },
    );
    expect(bound.applies, bound.reason).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { MeanEstimate } from '../../src/reproduce/estimates.js';
import { everywhereCheck, meanEstimator, quotientEstimator, ratioEstimator } from '../../src/reproduce/simultaneous.js';

const est = (mean: number, se: number, n = 10_000): MeanEstimate => ({ n, mean, se, max: mean * 3 });
const meta = { subclaim: 'a', kind: 'k', name: 'every point', statistic: 'min ratio' };

describe('checks over several estimates', () => {
  it('everywhere: judged on the worst point, each point at its Bonferroni share of the level', () => {
    const points = [
      { label: 'one', estimate: ratioEstimator([est(3, 0.01)], [est(1, 0.01)]) },
      { label: 'two', estimate: ratioEstimator([est(1.2, 0.01)], [est(1, 0.01)]) },
    ];
    const c = everywhereCheck(meta, points, { kind: 'greaterThan', value: 1 }, 0.99);
    expect(c.verdict).toBe('PASS');
    expect(c.measured).toBeCloseTo(1.2, 10);
    expect(c.reason).toContain('lowest lower interval end is at two');
    // The worst point's interval is wider than its own 99% interval: each point gets 1 − 0.01/2.
    const alone = points[1].estimate(0.99);
    expect(c.ci?.[0]).toBeLessThan(alone.lo);
    const fail = everywhereCheck(
      meta,
      [...points, { label: 'three', estimate: meanEstimator(est(0.9, 0.01)) }],
      { kind: 'greaterThan', value: 1 },
      0.99,
    );
    expect(fail.verdict).toBe('FAIL');
    expect(fail.reason).toContain('at three');
  });

  it('upper-bound criteria judge the largest point; `reaches` fails only when some interval lies wholly below', () => {
    const pts = [0.5, 0.8].map((m, i) => ({ label: `p${i}`, estimate: meanEstimator(est(m, 0.01)) }));
    expect(everywhereCheck(meta, pts, { kind: 'atMost', value: 1 }, 0.99).measured).toBeCloseTo(0.8, 10);
    expect(everywhereCheck(meta, pts, { kind: 'reaches', value: 0.79 }, 0.99).verdict).toBe('FAIL');
    expect(everywhereCheck(meta, pts.slice(1), { kind: 'reaches', value: 0.79 }, 0.99).verdict).toBe('PASS');
  });

  it('quotient: the box of two estimators at half the error probability each', () => {
    const q = quotientEstimator(meanEstimator(est(4, 0.1)), meanEstimator(est(2, 0.1)))(0.95);
    expect(q.value).toBe(2);
    const a = meanEstimator(est(4, 0.1))(0.975);
    const b = meanEstimator(est(2, 0.1))(0.975);
    expect(q.lo).toBeCloseTo(a.lo / b.hi, 12);
    expect(q.hi).toBeCloseTo(a.hi / b.lo, 12);
    expect(quotientEstimator(meanEstimator(est(1, 0.1)), meanEstimator(est(0.05, 0.1)))(0.95).hi).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});

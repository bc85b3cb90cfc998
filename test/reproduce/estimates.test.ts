import { describe, expect, it } from 'vitest';
import {
  averageInterval,
  estimateFromMoments,
  estimateInterval,
  type MeanEstimate,
  ratioInterval,
  slopeInterval,
} from '../../src/reproduce/estimates.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { emptyMoments, pushMoment } from '../../src/stats/moments.js';

const est = (mean: number, se: number, n = 1000, max = mean * 3): MeanEstimate => ({ n, mean, se, max });

describe('gallery intervals', () => {
  it('t interval of a mean; an all-zero sample with a known bound gets the exact binomial upper limit', () => {
    const i = estimateInterval(est(2, 0.1, 1_000_000), 0.95);
    expect(i.lo).toBeCloseTo(2 - 1.959964 * 0.1, 5);
    expect(i.hi).toBeCloseTo(2 + 1.959964 * 0.1, 5);
    const zero = estimateInterval({ n: 4000, mean: 0, se: 0, max: 0, bound: 1 }, 0.95);
    expect(zero.lo).toBe(0);
    expect(zero.hi).toBeCloseTo(1 - 0.025 ** (1 / 4000), 12);
    expect(estimateInterval({ n: 4000, mean: 0, se: 0, max: 0 }, 0.95).hi).toBe(0);
    expect(Number.isNaN(estimateInterval(est(1, 0, 1), 0.95).lo)).toBe(true);
  });

  it('ratio: Bonferroni box of the two 97.5% intervals; ∞ when the denominator may be 0', () => {
    const r = ratioInterval([est(6, 0.01, 1e6)], [est(2, 0.01, 1e6)], 0.95);
    const z = 2.241403; // 98.75% two-sided normal quantile
    expect(r.value).toBe(3);
    expect(r.lo).toBeCloseTo((6 - z * 0.01) / (2 + z * 0.01), 5);
    expect(r.hi).toBeCloseTo((6 + z * 0.01) / (2 - z * 0.01), 5);
    const open = ratioInterval([est(1, 0.1)], [est(0.1, 0.2)], 0.95);
    expect(open.hi).toBe(Number.POSITIVE_INFINITY);
    expect(open.lo).toBeGreaterThan(0);
    expect(ratioInterval([est(1, 0.1)], [{ n: 100, mean: 0, se: 0, max: 0 }], 0.95).value).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('average of K means: each at level 1 − α/K, limits averaged (wider than any single 95% interval)', () => {
    const es = [est(1, 0.1, 1e6), est(3, 0.1, 1e6)];
    const a = averageInterval(es, 0.95);
    expect(a.value).toBe(2);
    expect(a.hi - a.lo).toBeCloseTo(2 * 2.241403 * 0.1, 4);
  });

  it('ratio intervals cover the true ratio at least at their level (Monte Carlo with correlated numerator and denominator)', () => {
    const rng = new PhiloxStream(7, 255);
    let covered = 0;
    const reps = 400;
    for (let rep = 0; rep < reps; rep++) {
      const a = emptyMoments();
      const b = emptyMoments();
      for (let t = 0; t < 200; t++) {
        const x = rng.exponential(1);
        pushMoment(a, 3 * x + rng.exponential(1)); // mean 4, positively correlated with b
        pushMoment(b, x + 1); // mean 2
      }
      const r = ratioInterval([estimateFromMoments(a)], [estimateFromMoments(b)], 0.95);
      if (r.lo <= 2 && 2 <= r.hi) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.93);
  });

  it('least-squares slope: exact on a line, a t interval from the residuals otherwise', () => {
    const xs = [1, 2, 3, 4, 5];
    const line = slopeInterval(
      xs,
      xs.map((x) => 2 * x + 1),
      0.95,
    );
    expect(line.value).toBeCloseTo(2, 12);
    expect(line.hi - line.lo).toBeLessThan(1e-9);
    const noisy = slopeInterval(xs, [3.1, 4.9, 7.2, 8.8, 11.1], 0.95);
    expect(noisy.value).toBeCloseTo(1.99, 2);
    expect(noisy.lo).toBeLessThan(1.99);
    expect(noisy.hi).toBeGreaterThan(1.99);
    expect(Number.isNaN(slopeInterval([1, 2], [1, 2], 0.95).value)).toBe(true);
  });
});

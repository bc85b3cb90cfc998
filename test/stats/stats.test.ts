import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { meanInterval, proportionInterval } from '../../src/stats/confidence.js';
import { addToHistogram, emptyHistogram, histogramQuantile } from '../../src/stats/histogram.js';
import { emptyMoments, mergeMoments, pushMoment, sampleVariance } from '../../src/stats/moments.js';
import { quantileSorted } from '../../src/stats/quantile.js';
import { studentTQuantile } from '../../src/stats/student-t.js';

describe('moments', () => {
  it('Welford matches the two-pass formulas and merging is split-independent', () => {
    const rng = new PhiloxStream(7, Stream.test);
    const xs = Array.from({ length: 1001 }, () => 1e6 + rng.normal());
    const whole = emptyMoments();
    for (const x of xs) pushMoment(whole, x);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
    expect(whole.mean).toBeCloseTo(mean, 8);
    expect(sampleVariance(whole)).toBeCloseTo(variance, 9);
    for (const cut of [1, 17, 500, 1000]) {
      const a = emptyMoments();
      const b = emptyMoments();
      xs.slice(0, cut).forEach((x) => pushMoment(a, x));
      xs.slice(cut).forEach((x) => pushMoment(b, x));
      mergeMoments(a, b);
      expect(a.n).toBe(1001);
      expect(a.mean).toBeCloseTo(whole.mean, 8);
      expect(sampleVariance(a)).toBeCloseTo(sampleVariance(whole), 8);
      expect(a.min).toBe(Math.min(...xs));
      expect(a.max).toBe(Math.max(...xs));
    }
  });
});

describe('Student t and intervals', () => {
  it('matches tabulated t quantiles', () => {
    // Exact values: t_{0.975,9} = 2.262157162798205, t_{0.975,1} = 12.706204736174698, t_{0.995,30} = 2.749995653567...
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157162798205, 9);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 9);
    expect(studentTQuantile(0.995, 30)).toBeCloseTo(2.749995653567, 6);
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(1.959963984540054, 7);
  });

  it('mean interval for a known sample', () => {
    const m = emptyMoments();
    [1, 2, 3, 4, 5].forEach((x) => pushMoment(m, x));
    const ci = meanInterval(m);
    // s = sqrt(2.5), se = s/sqrt(5), t_{0.975,4} = 2.776445105
    const half = 2.7764451051977987 * Math.sqrt(2.5 / 5);
    expect(ci.mean).toBe(3);
    expect(ci.lo).toBeCloseTo(3 - half, 9);
    expect(ci.hi).toBeCloseTo(3 + half, 9);
  });

  it('a single observation has an undefined interval', () => {
    const m = emptyMoments();
    pushMoment(m, 4);
    expect(Number.isNaN(meanInterval(m).halfWidth)).toBe(true);
  });

  it('Wilson interval stays inside [0, 1] and covers the estimate', () => {
    const w = proportionInterval(0, 50);
    expect(w.lo).toBe(0);
    expect(w.hi).toBeGreaterThan(0.05);
    const v = proportionInterval(30, 100);
    expect(v.lo).toBeLessThan(0.3);
    expect(v.hi).toBeGreaterThan(0.3);
    expect(v.lo).toBeCloseTo(0.2189, 3); // standard Wilson 95% bounds for 30/100
    expect(v.hi).toBeCloseTo(0.3958, 3);
  });
});

describe('quantiles', () => {
  it('type-7 quantile equals NumPy linear interpolation', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.2];
    expect(quantileSorted(xs, 0.9)).toBeCloseTo(9.12, 12); // numpy.quantile(..., 0.9) = 9.12
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 1)).toBe(10.2);
    expect(quantileSorted([1, 2, Number.POSITIVE_INFINITY], 0.99)).toBe(Number.POSITIVE_INFINITY);
  });

  it('histogram quantiles agree with exact quantiles to a bin width and report censoring', () => {
    const rng = new PhiloxStream(3, Stream.test);
    const xs = Array.from({ length: 20000 }, () => -Math.log(1 - rng.uniform()));
    const h = emptyHistogram({ lo: 0, hi: 8, bins: 800 });
    xs.forEach((x) => addToHistogram(h, x));
    addToHistogram(h, Number.POSITIVE_INFINITY);
    const sorted = [...xs, Number.POSITIVE_INFINITY].sort((a, b) => a - b);
    for (const q of [0.1, 0.5, 0.9, 0.99]) {
      expect(Math.abs(histogramQuantile(h, q).value - quantileSorted(sorted, q))).toBeLessThan(0.011);
    }
    expect(histogramQuantile(h, 1).value).toBe(Number.POSITIVE_INFINITY);
    expect(h.overflow + h.underflow).toBe(xs.filter((x) => x >= 8).length);
  });
});

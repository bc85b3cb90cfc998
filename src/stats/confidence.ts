import { type Moments, sampleVariance } from './moments.js';
import { studentTQuantile } from './student-t.js';

/** Mean with its standard deviation, standard error and a two-sided t-based confidence interval. */
export interface MeanInterval {
  n: number;
  mean: number;
  std: number;
  se: number;
  lo: number;
  hi: number;
  /** Half-width of the interval, (hi − lo)/2. */
  halfWidth: number;
}

/** Half-width t_{(1+level)/2, n−1} · se of a two-sided t interval for a mean of n values; NaN when n < 2. */
export function tHalfWidth(se: number, n: number, level = 0.95): number {
  return n > 1 ? studentTQuantile((1 + level) / 2, n - 1) * se : Number.NaN;
}

/**
 * Two-sided t-based confidence interval for the mean: mean ± t_{(1+level)/2, n−1} · s/√n. With n < 2 the interval is
 * undefined (NaN bounds) — reported, never invented.
 */
export function meanInterval(m: Moments, level = 0.95): MeanInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level ${level} outside (0, 1)`);
  const variance = sampleVariance(m);
  const std = Math.sqrt(variance);
  const se = std / Math.sqrt(m.n);
  const half = tHalfWidth(se, m.n, level);
  return {
    n: m.n,
    mean: m.n > 0 ? m.mean : Number.NaN,
    std,
    se,
    lo: m.mean - half,
    hi: m.mean + half,
    halfWidth: half,
  };
}

/**
 * Wilson score interval for a binomial proportion k/n (used for decodable fractions and bound-violation rates);
 * well behaved at 0 and 1, unlike the normal approximation.
 */
export function proportionInterval(k: number, n: number, level = 0.95): { p: number; lo: number; hi: number } {
  if (n === 0) return { p: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const z = studentTQuantile((1 + level) / 2, 1e8);
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

import { tHalfWidth } from '../stats/confidence.js';
import type { Moments } from '../stats/moments.js';
import { studentTQuantile } from '../stats/student-t.js';
import type { StatSummary } from '../trials/summary.js';

/**
 * Intervals for the gallery's derived quantities (ratios of Monte-Carlo means, averages over random orderings,
 * regression slopes). Every interval is valid whatever the correlation between the estimates it combines — cells
 * that share straggler draws (common random numbers) are correlated — by splitting the error probability over the
 * component intervals (Bonferroni) and taking the box they span; no covariance is estimated or assumed.
 */

/** A Monte-Carlo mean of a per-trial statistic. */
export interface MeanEstimate {
  readonly n: number;
  readonly mean: number;
  /** Standard error of the mean (sample standard deviation / √n). */
  readonly se: number;
  /** Largest observed value (used to recognise an all-zero sample). */
  readonly max: number;
  /**
   * A known upper bound on a single trial's value (e.g. ℓ for a per-chunk error). With it, an all-zero sample still
   * gets an honest upper limit (Clopper–Pearson on the chance of a non-zero trial, times the bound) instead of the
   * degenerate interval [0, 0].
   */
  readonly bound?: number;
}

/** A value with a two-sided interval. */
export interface Interval {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

/** A cell statistic (completion time, error at T) as a {@link MeanEstimate}. */
export function estimateOf(s: StatSummary, bound?: number): MeanEstimate {
  return { n: s.n, mean: s.mean, se: s.se, max: s.max, bound };
}

/**
 * Two-sided interval for a mean at `level`: the Student-t interval mean ± t·se. A sample of zeros with a known
 * per-trial bound B gives [0, B·(1 − ((1 − level)/2)^(1/n))] (exact binomial upper limit on P(value > 0)).
 */
export function estimateInterval(e: MeanEstimate, level: number): Interval {
  if (!(e.n >= 2)) return { value: e.mean, lo: Number.NaN, hi: Number.NaN };
  if (e.max === 0 && e.mean === 0 && e.bound !== undefined) {
    return { value: 0, lo: 0, hi: e.bound * (1 - ((1 - level) / 2) ** (1 / e.n)) };
  }
  const half = tHalfWidth(e.se, e.n, level);
  return { value: e.mean, lo: e.mean - half, hi: e.mean + half };
}

/**
 * The average of K means with an interval at `level` whatever their correlation: each mean's interval at level
 * 1 − (1 − level)/K, then the average of the lower and of the upper limits (all K intervals hold together with
 * probability ≥ level).
 */
export function averageInterval(es: readonly MeanEstimate[], level: number): Interval {
  if (es.length === 0) return { value: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const each = es.map((e) => estimateInterval(e, 1 - (1 - level) / es.length));
  const avg = (f: (i: Interval) => number) => each.reduce((s, i) => s + f(i), 0) / each.length;
  return { value: avg((i) => i.value), lo: avg((i) => i.lo), hi: avg((i) => i.hi) };
}

/**
 * Ratio of two non-negative means (each possibly an average over a group of cells) with a `level` interval: the
 * numerator's and denominator's intervals at level 1 − (1 − level)/2 each, lower limits clipped at 0, and the box
 * [lo_num/hi_den, hi_num/lo_den] (∞ when the denominator's interval reaches 0).
 */
export function ratioInterval(
  numerator: readonly MeanEstimate[],
  denominator: readonly MeanEstimate[],
  level: number,
): Interval {
  const half = 1 - (1 - level) / 2;
  const a = averageInterval(numerator, half);
  const b = averageInterval(denominator, half);
  const value = b.value === 0 ? (a.value === 0 ? Number.NaN : Number.POSITIVE_INFINITY) : a.value / b.value;
  const aLo = Math.max(0, a.lo);
  const bLo = Math.max(0, b.lo);
  const lo = b.hi > 0 ? aLo / b.hi : Number.NaN;
  const hi = bLo > 0 ? a.hi / bLo : Number.POSITIVE_INFINITY;
  return { value, lo, hi };
}

/**
 * Ordinary least-squares slope of y on x with its Student-t interval (n − 2 degrees of freedom) at `level`.
 * Needs at least three points and two distinct x.
 */
export function slopeInterval(xs: readonly number[], ys: readonly number[], level: number): Interval {
  const n = xs.length;
  if (n !== ys.length || n < 3) return { value: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return { value: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const slope = sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i] - my - slope * (xs[i] - mx)) ** 2;
  const se = Math.sqrt(rss / (n - 2) / sxx);
  const half = studentTQuantile((1 + level) / 2, n - 2) * se;
  return { value: slope, lo: slope - half, hi: slope + half };
}

/** [lo, hi] of an interval, for a {@link Check}. */
export function ciOf(i: Interval): readonly [number, number] {
  return [i.lo, i.hi];
}

/** Moments accumulated directly (Welford) as a {@link MeanEstimate}. */
export function estimateFromMoments(m: Moments, bound?: number): MeanEstimate {
  const se = m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1) / m.n) : Number.NaN;
  return { n: m.n, mean: m.n > 0 ? m.mean : Number.NaN, se, max: m.max, bound };
}

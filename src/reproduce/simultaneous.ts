import { estimateInterval, type Interval, type MeanEstimate, ratioInterval } from './estimates.js';
import { simultaneousLevel } from './family.js';
import { fmt } from './numbers.js';
import type { Check, Criterion } from './types.js';
import { type CheckMeta, judgedCheck } from './verdict.js';

/**
 * Judged checks over several estimates at once ("at every point of the grid", "at every step"). Each estimate is a
 * function from a confidence level to an interval, so a check can split its error probability over its points
 * (Bonferroni) and a point made of several means (a ratio, a ratio of ratios) can split its share further.
 */

/** An estimate whose interval can be asked for at any level. */
export type Estimator = (level: number) => Interval;

/** A Monte-Carlo mean as an {@link Estimator} (Student t; the exact binomial bound for all-zero bounded samples). */
export function meanEstimator(e: MeanEstimate): Estimator {
  return (level) => estimateInterval(e, level);
}

/** The ratio of two (groups of) means, box of their intervals ({@link ratioInterval}). */
export function ratioEstimator(numerator: readonly MeanEstimate[], denominator: readonly MeanEstimate[]): Estimator {
  return (level) => ratioInterval(numerator, denominator, level);
}

/**
 * The quotient a/b of two non-negative estimators: each at level 1 − (1 − level)/2, lower ends clipped at 0, the box
 * [lo_a/hi_b, hi_a/lo_b] (∞ when b's interval reaches 0). Used for ratios of ratios ("the gap grows").
 */
export function quotientEstimator(a: Estimator, b: Estimator): Estimator {
  return (level) => {
    const half = simultaneousLevel(level, 2);
    const x = a(half);
    const y = b(half);
    const value = x.value / y.value;
    const lo = y.hi > 0 ? Math.max(0, x.lo) / y.hi : Number.NaN;
    const hi = Math.max(0, y.lo) > 0 ? x.hi / y.lo : Number.POSITIVE_INFINITY;
    return { value, lo, hi };
  };
}

/** A point of an {@link everywhereCheck}: its label and estimator. */
export interface LabelledEstimator {
  readonly label: string;
  readonly estimate: Estimator;
}

/** The interval of every point at its share of `level`. */
export function pointIntervals(
  points: readonly LabelledEstimator[],
  level: number,
): { label: string; interval: Interval }[] {
  const each = simultaneousLevel(level, Math.max(1, points.length));
  return points.map((p) => ({ label: p.label, interval: p.estimate(each) }));
}

/**
 * "The criterion holds at every point": one judged check on the worst point. Each point's interval is taken at
 * level 1 − (1 − level)/K (K points), so all hold together at `level`, and the extreme of the true values lies in
 * [min lo, min hi] (lower bounds and `reaches`) or [max lo, max hi] (upper bounds). The measured value is the extreme estimate; the
 * reason names the point with the extreme interval end.
 */
export function everywhereCheck(
  meta: CheckMeta,
  points: readonly LabelledEstimator[],
  criterion: Extract<Criterion, { kind: 'greaterThan' | 'atLeast' | 'atMost' | 'lessThan' | 'reaches' }>,
  level: number,
): Check {
  if (!points.length) throw new Error(`internal error: ${meta.name}: no points to judge`);
  const lower = criterion.kind !== 'atMost' && criterion.kind !== 'lessThan';
  const intervals = pointIntervals(points, level);
  const pick = lower ? Math.min : Math.max;
  const value = pick(...intervals.map((p) => p.interval.value));
  const lo = pick(...intervals.map((p) => p.interval.lo));
  const hi = pick(...intervals.map((p) => p.interval.hi));
  // The deciding end: the lower ends for a lower bound, the upper ends for an upper bound or `reaches`.
  const byUpper = criterion.kind === 'reaches' || !lower;
  const edge = byUpper ? hi : lo;
  const worst = intervals.find((p) => (byUpper ? p.interval.hi : p.interval.lo) === edge) ?? intervals[0];
  const c = judgedCheck(meta, value, [lo, hi], criterion, level);
  return {
    ...c,
    reason: `${c.reason}; over ${points.length} points, the ${lower ? 'lowest' : 'highest'} ${byUpper ? 'upper' : 'lower'} interval end is at ${worst.label} (estimate ${fmt(worst.interval.value)}, [${fmt(worst.interval.lo)}, ${fmt(worst.interval.hi)}])`,
  };
}

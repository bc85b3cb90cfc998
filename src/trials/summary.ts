import { meanInterval, proportionInterval } from '../stats/confidence.js';
import { histogramQuantile } from '../stats/histogram.js';
import type { Moments } from '../stats/moments.js';
import { quantileSorted } from '../stats/quantile.js';
import type { TrialReduction } from './reduction.js';

/** Mean, spread and a t-based confidence interval of one statistic. */
export interface StatSummary {
  n: number;
  mean: number;
  std: number;
  se: number;
  ciLo: number;
  ciHi: number;
  min: number;
  max: number;
}

/** Error statistics at one point of the T grid. */
export interface ErrorPoint {
  T: number;
  error: StatSummary;
  /** Fraction of trials exactly decodable at T, with a Wilson interval. */
  decodable: number;
  decodableLo: number;
  decodableHi: number;
}

/** Statistics of one cell (issue 4, "Per trial, per cell"). */
export interface CellStats {
  trials: number;
  /** Trials never exactly decodable (completion +∞); excluded from the completion statistics, never dropped. */
  censored: number;
  completion: StatSummary & { p50: number; p90: number; p99: number; quantilesExact: boolean };
  done: StatSummary;
  wasted: StatSummary;
  /** Error curve; normalised by m unless the cell asked for unnormalised errors. */
  errors: ErrorPoint[];
  /** The normaliser applied to errors (m, or 1). */
  errorScale: number;
}

/** Summarises moments with a `level` confidence interval (scaled by 1/`scale`). */
export function summarize(m: Moments, level: number, scale = 1): StatSummary {
  const ci = meanInterval(m, level);
  return {
    n: m.n,
    mean: ci.mean / scale,
    std: ci.std / scale,
    se: ci.se / scale,
    ciLo: ci.lo / scale,
    ciHi: ci.hi / scale,
    min: m.n ? m.min / scale : Number.NaN,
    max: m.n ? m.max / scale : Number.NaN,
  };
}

/**
 * Turns a cell's merged reduction into its statistics. Quantiles are exact (type 7 over raw values, censored trials
 * as +∞) when every trial's completion time was kept, otherwise interpolated from the histogram (one bin width).
 */
export function cellStats(r: TrialReduction, grid: Float64Array, errorScale: number, level = 0.95): CellStats {
  let p50: number;
  let p90: number;
  let p99: number;
  let exact: boolean;
  if (r.raw && r.raw.length === r.trials) {
    const sorted = Float64Array.from(r.raw).sort();
    [p50, p90, p99] = [0.5, 0.9, 0.99].map((q) => quantileSorted(sorted, q));
    exact = true;
  } else if (r.histogram) {
    const qs = [0.5, 0.9, 0.99].map((q) => histogramQuantile(r.histogram!, q));
    [p50, p90, p99] = qs.map((q) => q.value);
    exact = false;
  } else {
    [p50, p90, p99] = [Number.NaN, Number.NaN, Number.NaN];
    exact = false;
  }
  return {
    trials: r.trials,
    censored: r.censored,
    completion: { ...summarize(r.completion, level), p50, p90, p99, quantilesExact: exact },
    done: summarize(r.done, level),
    wasted: summarize(r.wasted, level),
    errors: Array.from(grid, (T, g) => {
      const w = proportionInterval(r.decodable[g], r.trials, level);
      return {
        T,
        error: summarize(r.errors[g], level, errorScale),
        decodable: w.p,
        decodableLo: w.lo,
        decodableHi: w.hi,
      };
    }),
    errorScale,
  };
}

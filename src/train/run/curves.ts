import { meanInterval } from '../../stats/confidence.js';
import { emptyMoments, pushMoment } from '../../stats/moments.js';

/** A per-iteration statistic over the runs: mean with a two-sided t confidence interval at every iteration. */
export interface Curve {
  /** Mean over runs at iterations 0 … K. */
  readonly mean: Float64Array;
  /** Lower and upper ends of the CI (NaN with one run). */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/**
 * The mean and t-based CI (src/stats/confidence.ts, Student t on runs − 1 degrees of freedom) over `runs` runs of
 * a run-major table `values[r·points + k]`, at each of `points` iterations. Non-finite values are skipped.
 */
export function curveOf(values: Float64Array, runs: number, points: number, confidence: number): Curve {
  const mean = new Float64Array(points);
  const lo = new Float64Array(points);
  const hi = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    const m = emptyMoments();
    for (let r = 0; r < runs; r++) {
      const v = values[r * points + k];
      if (Number.isFinite(v)) pushMoment(m, v);
    }
    if (m.n === 0) {
      mean[k] = lo[k] = hi[k] = Number.NaN;
      continue;
    }
    const ci = meanInterval(m, confidence);
    mean[k] = ci.mean;
    lo[k] = m.n > 1 ? ci.lo : Number.NaN;
    hi[k] = m.n > 1 ? ci.hi : Number.NaN;
  }
  return { mean, lo, hi };
}

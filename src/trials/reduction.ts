import { arrivedBy, type TrialOutcome } from '../protocols/outcome.js';
import {
  addToHistogram,
  emptyHistogram,
  type Histogram,
  type HistogramSpec,
  mergeHistograms,
} from '../stats/histogram.js';
import { emptyMoments, type Moments, mergeMoments, pushMoment } from '../stats/moments.js';

/**
 * The reduction of a batch of trials of one cell — what a backend returns instead of per-trial data (DESIGN §4: one
 * read-back per batch). Batches merge exactly (counts) or by Chan's formula (moments), in f64 on the host.
 */
export interface TrialReduction {
  /** Trials reduced. */
  trials: number;
  /** Trials whose completion time is +∞ (never exactly decodable). */
  censored: number;
  /** Completion time over decodable trials. */
  completion: Moments;
  /** Chunk computations done by completion (decodable trials). */
  done: Moments;
  /** Wasted computations at completion (decodable trials). */
  wasted: Moments;
  /** Unnormalised error at each grid point. */
  errors: Moments[];
  /** Trials exactly decodable at each grid point. */
  decodable: Float64Array;
  /** Histogram of completion times (+∞ counted separately), or null while the range is not fixed yet (pilot). */
  histogram: Histogram | null;
  /** Raw completion times, kept for the pilot batch (quantile range) and on request. */
  raw: Float64Array | null;
}

/** An empty reduction for a grid of `points` times. */
export function emptyReduction(points: number, histogram: HistogramSpec | null): TrialReduction {
  return {
    trials: 0,
    censored: 0,
    completion: emptyMoments(),
    done: emptyMoments(),
    wasted: emptyMoments(),
    errors: Array.from({ length: points }, emptyMoments),
    decodable: new Float64Array(points),
    histogram: histogram ? emptyHistogram(histogram) : null,
    raw: null,
  };
}

/** Adds one trial outcome (CPU twin path); the trial is decodable at T_g when its exact time has arrived by T_g. */
export function addOutcome(r: TrialReduction, o: TrialOutcome, grid: Float64Array): void {
  r.trials += 1;
  if (o.completion === Number.POSITIVE_INFINITY) r.censored += 1;
  else {
    pushMoment(r.completion, o.completion);
    pushMoment(r.done, o.done);
    pushMoment(r.wasted, o.wasted);
  }
  if (r.histogram) addToHistogram(r.histogram, o.completion);
  for (let g = 0; g < o.errors.length; g++) {
    const e = o.errors[g];
    pushMoment(r.errors[g], e);
    if (arrivedBy(o.exactAt, grid[g])) r.decodable[g] += 1;
  }
}

/** Merges `b` into `a`. Raw samples are concatenated (batch order = trial order). */
export function mergeReduction(a: TrialReduction, b: TrialReduction): void {
  a.trials += b.trials;
  a.censored += b.censored;
  mergeMoments(a.completion, b.completion);
  mergeMoments(a.done, b.done);
  mergeMoments(a.wasted, b.wasted);
  b.errors.forEach((m, g) => mergeMoments(a.errors[g], m));
  for (let g = 0; g < a.decodable.length; g++) a.decodable[g] += b.decodable[g];
  if (a.histogram && b.histogram) mergeHistograms(a.histogram, b.histogram);
  else if (b.histogram) a.histogram = b.histogram;
  if (b.raw) a.raw = a.raw ? concat(a.raw, b.raw) : b.raw;
}

function concat(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
}

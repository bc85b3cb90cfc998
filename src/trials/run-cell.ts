import { InputError, InterruptedError } from '../errors.js';
import { meanInterval } from '../stats/confidence.js';
import { addToHistogram, emptyHistogram, type HistogramSpec, mergeHistograms } from '../stats/histogram.js';
import type { TrialCell } from './cell.js';
import type { TrialExecutor } from './executor.js';
import { emptyReduction, mergeReduction, type TrialReduction } from './reduction.js';
import { type CellStats, cellStats } from './summary.js';

/** Trials in the pilot batch: their completion times are kept exactly and fix the histogram range. */
export const PILOT_TRIALS = 4096;
/** Histogram bins for completion-time quantiles beyond the pilot. */
export const HISTOGRAM_BINS = 4096;

/** Stop a cell early once the CI half-width of a statistic is small enough (issue 4, "Adaptive trial counts"). */
export interface AdaptiveStop {
  /** Target relative half-width of the 95% CI: halfWidth / |mean| ≤ target. */
  relativeHalfWidth: number;
  /** Which mean: the completion time, or the error at grid point `gridIndex`. */
  statistic: 'completion' | 'error';
  gridIndex?: number;
}

/** Options of {@link runCell}. */
export interface RunCellOptions {
  adaptive?: AdaptiveStop;
  /** Called after every batch with trials done so far and the planned maximum. */
  onProgress?: (done: number, planned: number) => void;
  /** Aborts between batches (the partial reduction is discarded; completed cells are kept by the caller). */
  signal?: AbortSignal;
  /** Confidence level of reported intervals (default 0.95). */
  level?: number;
}

/** A finished cell: its merged reduction and statistics. */
export interface CellResult {
  cell: TrialCell;
  reduction: TrialReduction;
  stats: CellStats;
  /** Whether the adaptive rule stopped the cell before `cell.trials`. */
  stoppedEarly: boolean;
  backend: string;
  seconds: number;
}

/**
 * Runs one cell on an executor: a pilot batch (exact completion times, which fix the histogram range), then batches
 * of the executor's size. With an adaptive rule the cell may stop at the checkpoints PILOT·2^k (and only there;
 * batches are then cut at them), so the trial count — like every result — does not depend on the batch size or
 * backend.
 */
export async function runCell(
  cell: TrialCell,
  executor: TrialExecutor,
  options: RunCellOptions = {},
): Promise<CellResult> {
  if (!Number.isInteger(cell.trials) || cell.trials <= 0)
    throw new InputError('trials', `must be a positive integer, got ${cell.trials}`);
  const started = performance.now();
  const level = options.level ?? 0.95;
  const pilot = Math.min(cell.trials, PILOT_TRIALS);
  const reduction = emptyReduction(cell.grid.length, null);
  checkAbort(options.signal);
  const first = await executor.runBatch(cell, 0, pilot, { keepRaw: true, histogram: null });
  mergeReduction(reduction, first);
  options.onProgress?.(pilot, cell.trials);

  const raw = first.raw as Float64Array;
  reduction.raw = null;
  let stoppedEarly = false;
  let done = pilot;
  if (done < cell.trials) {
    const spec = histogramSpecFrom(raw);
    const histogram = emptyHistogram(spec);
    for (const x of raw) addToHistogram(histogram, x);
    const batch = Math.max(1, executor.batchSize(cell));
    let checkpoint = pilot;
    while (done < cell.trials) {
      if (options.adaptive && done === checkpoint) {
        if (isPrecise(reduction, options.adaptive, level)) {
          stoppedEarly = true;
          break;
        }
        checkpoint = Math.min(cell.trials, checkpoint * 2);
      }
      // Without an adaptive rule nothing happens at the checkpoints, so batches run at the executor's full size
      // (cutting them at PILOT·2^k left the first 2^17 trials in seven short, sequential batches: one thread or a
      // sliver of a GPU each).
      const end = Math.min(options.adaptive ? checkpoint : cell.trials, done + batch);
      checkAbort(options.signal);
      const r = await executor.runBatch(cell, done, end, { keepRaw: false, histogram: spec });
      if (r.histogram) mergeHistograms(histogram, r.histogram);
      mergeReduction(reduction, { ...r, histogram: null, raw: null });
      done = end;
      options.onProgress?.(done, cell.trials);
    }
    reduction.histogram = histogram;
  } else {
    reduction.raw = raw;
  }
  const stats = cellStats(reduction, cell.grid, cell.normalize ? cell.schedule.code.m : 1, level);
  return {
    cell,
    reduction,
    stats,
    stoppedEarly,
    backend: executor.description,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Histogram range from the pilot's finite completion times: [0, 1.25 · max). */
export function histogramSpecFrom(raw: Float64Array): HistogramSpec {
  let max = 0;
  for (const x of raw) if (x !== Number.POSITIVE_INFINITY && x > max) max = x;
  return { lo: 0, hi: max > 0 ? max * 1.25 : 1, bins: HISTOGRAM_BINS };
}

function isPrecise(r: TrialReduction, rule: AdaptiveStop, level: number): boolean {
  const moments = rule.statistic === 'completion' ? r.completion : r.errors[rule.gridIndex ?? 0];
  if (!moments || moments.n < 2) return false;
  const ci = meanInterval(moments, level);
  if (ci.mean === 0) return ci.halfWidth === 0;
  return ci.halfWidth / Math.abs(ci.mean) <= rule.relativeHalfWidth;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError(String(signal.reason ?? 'abort'));
}

import { decoders } from '../decoders/registry.js';
import type { PlotRow } from '../plots/types.js';
import type { CellRun } from './cells.js';
import { partsOf } from './cells.js';
import { estimateOf, type Interval, type MeanEstimate } from './estimates.js';

/** Mean completion time of a cell (censored trials excluded; see {@link CellRun} stats.censored). */
export function completionEstimate(run: CellRun): MeanEstimate {
  return estimateOf(run.result.stats.completion);
}

/** Index of time T in a cell's grid (exact match; `inf` is +∞); throws when the spec has no such point. */
export function gridIndex(run: CellRun, T: number): number {
  const g = Array.from(run.trial.grid).indexOf(T);
  if (g < 0) throw new Error(`internal error: T = ${T} is not in the T grid of cell ${run.cell.index}`);
  return g;
}

/**
 * Mean decoding error of a cell at grid time T. For the least-squares decoders and the partial protocol a single
 * trial's error is at most ‖u‖² = m·ℓ (ℓ after normalising by m), which bounds all-zero samples honestly.
 */
export function errorEstimate(run: CellRun, T: number): MeanEstimate {
  const point = run.result.stats.errors[gridIndex(run, T)];
  const { plan } = run.trial;
  const optimalCurve = plan.protocol === 'original' && plan.curve !== null && decoders[plan.curve].stream.optimal;
  const bounded = plan.protocol === 'partial' || optimalCurve;
  const l = partsOf(run.trial);
  const bound = bounded ? l * (run.trial.normalize ? 1 : run.trial.schedule.code.m) : undefined;
  return estimateOf(point.error, bound);
}

/** Columns `mean`, `ci_lo`, `ci_hi` of a plot row from an interval. */
export function intervalColumns(i: Interval): PlotRow {
  return { mean: i.value, ci_lo: i.lo, ci_hi: i.hi };
}

import { type LogAxis, logAxis } from '../style/log-axis.js';
import type { PlotRow } from '../types.js';

/** Columns drawn against one log axis: central values and the lower / upper ends of their intervals. */
export interface LogColumns {
  values: string[];
  /** Lower interval ends; `lower[i]` pairs with `upper[i]` (an interval without its upper end is dropped whole). */
  lower?: string[];
  upper?: string[];
}

/** Rows ready for a log axis, with the axis they define. */
export interface LogRows {
  rows: PlotRow[];
  axis: LogAxis;
}

/**
 * Prepares rows for a log-scale y: non-positive central values and upper bounds become null (Vega leaves them out
 * and breaks the line there). A non-positive lower bound (a t-interval around a mean near zero, which a log axis
 * cannot show) is drawn at mean²/upper — the upper end reflected about the mean on the log axis (the interval of
 * log(mean) of half-width log(hi/mean), first-order equal to the t-interval) — where `lower[i]` pairs with
 * `upper[i]` and the central column `values[i]` (or `values[0]`); without a positive mean it becomes null. The axis
 * domain and ticks come from the positive entries of every listed column. Input rows are not modified.
 */
export function prepareLogRows(rows: readonly PlotRow[], columns: LogColumns): LogRows {
  const lower = columns.lower ?? [];
  const upper = columns.upper ?? [];
  const reflected = rows.map((row) => {
    const out: PlotRow = { ...row };
    lower.forEach((c, i) => {
      const v = out[c];
      const hi = upper[i] !== undefined ? out[upper[i]] : undefined;
      const mean = out[columns.values[i] ?? columns.values[0]];
      if (typeof v !== 'number' || Number.isNaN(v) || v > 0) return;
      out[c] =
        typeof mean === 'number' && mean > 0 && Number.isFinite(mean) && typeof hi === 'number' && hi > mean
          ? (mean * mean) / hi
          : null;
    });
    return out;
  });
  const positives: number[] = [];
  for (const row of reflected) {
    for (const c of [...columns.values, ...lower, ...upper]) {
      const v = row[c];
      if (typeof v === 'number' && v > 0 && Number.isFinite(v)) positives.push(v);
    }
  }
  const axis = logAxis(positives);
  const prepared = reflected.map((row) => {
    const out: PlotRow = { ...row };
    for (const c of [...columns.values, ...upper]) {
      const v = out[c];
      if (typeof v === 'number' && !(v > 0 && Number.isFinite(v))) out[c] = null;
    }
    lower.forEach((c, i) => {
      const partner = upper[i];
      const v = out[c];
      if ((partner !== undefined && out[partner] === null) || (typeof v === 'number' && Number.isNaN(v))) out[c] = null;
    });
    return out;
  });
  return { rows: prepared, axis };
}

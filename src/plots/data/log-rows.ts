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
 * and breaks the line there); a non-positive lower bound (a t-interval around a mean near zero) is drawn at the
 * bottom of the axis, so its band or error bar visibly runs off the scale instead of vanishing. The axis domain and
 * ticks come from the positive entries of every listed column. Input rows are not modified.
 */
export function prepareLogRows(rows: readonly PlotRow[], columns: LogColumns): LogRows {
  const lower = columns.lower ?? [];
  const upper = columns.upper ?? [];
  const positives: number[] = [];
  for (const row of rows) {
    for (const c of [...columns.values, ...lower, ...upper]) {
      const v = row[c];
      if (typeof v === 'number' && v > 0 && Number.isFinite(v)) positives.push(v);
    }
  }
  const axis = logAxis(positives);
  const floor = axis.domain[0];
  const prepared = rows.map((row) => {
    const out: PlotRow = { ...row };
    for (const c of [...columns.values, ...upper]) {
      const v = out[c];
      if (typeof v === 'number' && !(v > 0 && Number.isFinite(v))) out[c] = null;
    }
    lower.forEach((c, i) => {
      const v = out[c];
      const partner = upper[i];
      if (partner !== undefined && out[partner] === null) out[c] = null;
      else if (typeof v === 'number') out[c] = Number.isNaN(v) ? null : v > 0 ? v : floor;
    });
    return out;
  });
  return { rows: prepared, axis };
}

import type { PlotRow } from '../types.js';

/** Rows ready for a log y axis, and how many intervals had to be redrawn. */
export interface LogIntervals {
  readonly rows: PlotRow[];
  /** Intervals whose stored lower end was ≤ 0 and is drawn at mean²/hi instead. */
  readonly redrawn: number;
}

/**
 * Intervals for a log y axis (copied rows). A t-interval mean ± h of a positive statistic reaches zero or below —
 * which a log axis cannot show — whenever h ≥ mean, typical of decoding errors where a few trials carry most of the
 * error. Such an interval keeps its stored upper end and gets the lower end mean²/hi = mean/(1 + h/mean): the
 * reflection of the upper end about the mean on the log axis (the interval of log(mean) of half-width log(1 + h/mean),
 * which is h/mean to first order, as the delta method gives). Intervals with a positive lower end are drawn as stored.
 * Rows whose mean is not positive get null ends (nothing to draw on a log axis).
 */
export function logIntervalRows(rows: readonly PlotRow[], y: string, lo: string, hi: string): LogIntervals {
  let redrawn = 0;
  const out = rows.map((row) => {
    const mean = row[y];
    const top = row[hi];
    const bottom = row[lo];
    const copy: PlotRow = { ...row };
    if (!(typeof mean === 'number' && mean > 0 && Number.isFinite(mean))) {
      copy[lo] = null;
      copy[hi] = null;
    } else if (typeof bottom === 'number' && bottom <= 0 && typeof top === 'number' && top > mean) {
      copy[lo] = (mean * mean) / top;
      redrawn++;
    }
    return copy;
  });
  return { rows: out, redrawn };
}

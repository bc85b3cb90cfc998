import type { PlotRow } from '../types.js';

/** A requested axis scale: `true` log, `false` linear, `auto` decided from the data ({@link chooseLogScale}). */
export type LogRequest = boolean | 'auto';

/** Positive finite values of `columns` in `rows`. */
function positives(rows: readonly PlotRow[], columns: readonly string[]): number[] {
  const out: number[] = [];
  for (const row of rows)
    for (const c of columns) {
      const v = row[c];
      if (typeof v === 'number' && v > 0 && Number.isFinite(v)) out.push(v);
    }
  return out;
}

/** Least number of decades the positive values must span before `auto` picks a log scale. */
export const AUTO_LOG_DECADES = 2;

/**
 * Whether the distinct positive values form a geometric grid: at least four of them, spanning at least a decade, with
 * every ratio of neighbours within 5% of their geometric mean (a `tGrid` with `scale: log`, or N = 8, 16, 32, 64).
 */
export function isLogSpaced(values: readonly number[]): boolean {
  const sorted = [...new Set(values.filter((v) => v > 0 && Number.isFinite(v)))].sort((a, b) => a - b);
  if (sorted.length < 4 || sorted[sorted.length - 1] / sorted[0] < 10) return false;
  const ratios = sorted.slice(1).map((v, i) => Math.log(v / sorted[i]));
  const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
  return ratios.every((r) => Math.abs(r - mean) <= 0.05 * mean);
}

/**
 * The scale of a quantitative axis: as requested, or with `auto` — for a y axis — a log scale when the positive values
 * of `columns` span at least {@link AUTO_LOG_DECADES} decades, and — for an x axis (`grid`) — when its values form a
 * geometric grid (a log-spaced T grid, N = 8, 16, 32, …), never for an evenly spaced one (iterations 0…K). A column
 * with no positive value is never log. Non-positive values on a log axis are left out of the drawing (a decoding
 * error of exactly 0 ends the line: exact decoding).
 */
export function chooseLogScale(
  rows: readonly PlotRow[],
  columns: readonly string[],
  request: LogRequest,
  grid = false,
): boolean {
  if (request !== 'auto') return request;
  const values = positives(rows, columns);
  if (values.length === 0) return false;
  if (grid) return isLogSpaced(positives(rows, columns.slice(0, 1)));
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi / lo >= 10 ** AUTO_LOG_DECADES;
}

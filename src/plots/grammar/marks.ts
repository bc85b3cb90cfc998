import { InputError } from '../../errors.js';
import { distinctValues } from '../data/field-type.js';
import type { PlotRow, PlotValue } from '../types.js';
import { listValues } from './filter.js';

/** Rows grouped by the values of `keys` (one group per mark), in order of first appearance. */
export function groupRows(rows: readonly PlotRow[], keys: readonly string[]): PlotRow[][] {
  const groups = new Map<string, PlotRow[]>();
  for (const row of rows) {
    const key = JSON.stringify(keys.map((k) => row[k] ?? null));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}

/** Whether `column` takes more than one value inside some group. */
function variesWithin(groups: readonly PlotRow[][], column: string): boolean {
  return groups.some((g) => g.some((r) => (r[column] ?? null) !== (g[0][column] ?? null)));
}

/**
 * The columns that still tell the rows of one mark apart, fewest first: `candidates` is walked in order (sweep axes
 * first, then descriptive columns) and a candidate is kept when, added to the mark key and the columns kept so far,
 * it splits some group further. Columns that vary only together with a kept one (`N` with `code`) are left out.
 */
export function separatingColumns(
  rows: readonly PlotRow[],
  keys: readonly string[],
  candidates: readonly string[],
): string[] {
  const kept: string[] = [];
  let groups = groupRows(rows, keys).filter((g) => g.length > 1);
  for (const column of candidates) {
    if (groups.length === 0) break;
    if (keys.includes(column) || !variesWithin(groups, column)) continue;
    kept.push(column);
    groups = groups.flatMap((g) => groupRows(g, [column])).filter((g) => g.length > 1);
  }
  return kept;
}

/** What the caller can suggest in a merge error: the flags or spec keys of the free encodings. */
export interface MergeAdvice {
  /** Free encodings, as the user writes them (`--shape`, `--row`, … or `shape`, `row`, …). */
  readonly encodings: readonly string[];
  /** How a filter is written (`--where`, or `where:`). */
  readonly filter: string;
  /** How averaging is asked for (`--aggregate mean`, or `aggregate: mean`). */
  readonly aggregate: string;
}

/**
 * Refuses a figure whose encodings and filters leave more than one row for some mark: an InputError on `field` that
 * says how many rows share a mark, names the columns that still vary (with their values) and suggests an encoding,
 * a filter or averaging. Without it, Vega-Lite would silently join several cells into one line (a sawtooth) or
 * stack them into one bar.
 */
export function requireOneRowPerMark(
  rows: readonly PlotRow[],
  keys: readonly string[],
  candidates: readonly string[],
  field: string,
  advice: MergeAdvice,
): void {
  const groups = groupRows(rows, keys);
  const largest = Math.max(0, ...groups.map((g) => g.length));
  if (largest <= 1) return;
  const varying = separatingColumns(rows, keys, candidates);
  const described = varying.map((c) => `${c} (${listValues(distinctValues(rows, c) as PlotValue[], 6)})`).join('; ');
  const first = varying[0];
  const example = first !== undefined ? `${advice.filter} ${first}=${String(distinctValues(rows, first)[0])}` : '';
  throw new InputError(
    field,
    `the encodings (${keys.join(', ')}) leave up to ${largest} rows per mark, which would be drawn merged into one ` +
      `line or bar. ${varying.length ? `Still varying: ${described}. ` : ''}Map ${varying.length > 1 ? 'them' : 'it'} ` +
      `to a free encoding (${advice.encodings.join(', ')}), keep one value with a filter${example ? ` (e.g. ${example})` : ''}, ` +
      `or average over ${varying.length > 1 ? 'them' : 'it'} with ${advice.aggregate}.`,
  );
}

/** Columns averaged by {@link aggregateMean}: the central value and, optionally, its interval. */
export interface AggregatedColumns {
  readonly y: string;
  readonly yLo?: string;
  readonly yHi?: string;
  /** Standard-error column of `y` (e.g. `completion_se`), for the interval of the average. */
  readonly se?: string;
}

/**
 * One row per mark: the mean of `y` over the rows sharing the mark's key, with the interval of an average of
 * independent estimates — half-width c·√(Σ seᵢ²)/k, where c = (hi − mean)/se is the critical value the stored
 * intervals were built with (equal for every row of a table). Without a standard-error column the interval is
 * dropped. Columns other than the key and `y`/`yLo`/`yHi`/`se` keep their value when it is the same in every row of
 * the mark, else become null. `rows_averaged` counts the rows of each mark.
 */
export function aggregateMean(
  rows: readonly PlotRow[],
  keys: readonly string[],
  columns: AggregatedColumns,
): PlotRow[] {
  return groupRows(rows, keys).map((group) => {
    const out: PlotRow = {};
    for (const column of Object.keys(group[0])) {
      const v = group[0][column] ?? null;
      out[column] = group.every((r) => (r[column] ?? null) === v) ? v : null;
    }
    const ys = group.map((r) => r[columns.y]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const k = ys.length;
    const mean = k ? ys.reduce((s, v) => s + v, 0) / k : null;
    out[columns.y] = mean;
    out.rows_averaged = group.length;
    if (columns.yLo && columns.yHi) {
      let half: number | null = null;
      let seOfMean: number | null = null;
      if (columns.se && mean !== null) {
        const ses = group.map((r) => r[columns.se!]);
        const crit = group
          .map((r) => {
            const hi = r[columns.yHi!];
            const m = r[columns.y];
            const se = r[columns.se!];
            return typeof hi === 'number' && typeof m === 'number' && typeof se === 'number' && se > 0
              ? (hi - m) / se
              : Number.NaN;
          })
          .find((c) => Number.isFinite(c));
        if (crit !== undefined && ses.every((s) => typeof s === 'number' && Number.isFinite(s)) && k === group.length) {
          seOfMean = Math.sqrt((ses as number[]).reduce((s, v) => s + v * v, 0)) / k;
          half = crit * seOfMean;
        }
      }
      out[columns.yLo] = half === null || mean === null ? null : mean - half;
      out[columns.yHi] = half === null || mean === null ? null : mean + half;
      if (columns.se) out[columns.se] = seOfMean;
    }
    return out;
  });
}

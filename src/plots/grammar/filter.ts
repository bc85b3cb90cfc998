import { InputError } from '../../errors.js';
import { distinctValues } from '../data/field-type.js';
import type { PlotRow, PlotValue } from '../types.js';

/** Rows kept by a filter: those whose `column` equals one of `values` (`--where column=value`, repeatable). */
export interface PlotFilter {
  readonly column: string;
  /** Accepted values as written (`2`, `partial`, `true`, `null`); a row matches when its value reads the same. */
  readonly values: readonly string[];
  /** The flag or spec field that gave the filter, for error messages (e.g. `--where`, `plots[0].where`). */
  readonly field: string;
}

/**
 * Parses `column=value` filters (the `--where` flag, repeatable). Several filters on one column keep rows matching
 * any of their values; filters on different columns must all hold. The value is everything after the first `=`, so
 * values may contain `=` and `,` (code strings such as `crc:N=8,s=2`).
 */
export function parseWhere(items: readonly string[], field = '--where'): PlotFilter[] {
  const byColumn = new Map<string, string[]>();
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0) throw new InputError(field, `expected COLUMN=VALUE (e.g. protocol=partial), got "${item}"`);
    const column = item.slice(0, at).trim();
    byColumn.set(column, [...(byColumn.get(column) ?? []), item.slice(at + 1)]);
  }
  return [...byColumn].map(([column, values]) => ({ column, values, field }));
}

/** How a value is written in a filter: numbers in their shortest form, flags as true/false, null as `null`. */
export function valueText(v: PlotValue | undefined): string {
  return v === null || v === undefined ? 'null' : String(v);
}

/** Whether `v` matches the filter text `text` (numbers compare numerically: `2` matches 2.0, `0.1` matches 0.1). */
function matches(v: PlotValue | undefined, text: string): boolean {
  if (typeof v === 'number') {
    const n = Number(text.trim());
    return text.trim() !== '' && (n === v || (Number.isNaN(n) && Number.isNaN(v)) || String(v) === text);
  }
  return valueText(v) === text;
}

/** A short list of values for a message: `a, b, c and 4 more`. */
export function listValues(values: readonly PlotValue[], max = 8): string {
  const shown = values.slice(0, max).map(valueText).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/**
 * Keeps the rows every filter accepts. A filter on a column the rows do not have, or a value that matches no row,
 * is an InputError naming the filter's field, the column and the values that exist.
 */
export function applyFilters(rows: readonly PlotRow[], filters: readonly PlotFilter[]): PlotRow[] {
  let kept: readonly PlotRow[] = rows;
  for (const f of filters) {
    if (!rows.some((r) => f.column in r)) {
      const available = [...new Set(rows.flatMap((r) => Object.keys(r)))];
      throw new InputError(f.field, `unknown column "${f.column}"; available columns: ${available.join(', ')}`);
    }
    const exists = distinctValues(kept, f.column);
    for (const text of f.values) {
      if (!kept.some((r) => matches(r[f.column], text))) {
        throw new InputError(
          f.field,
          `${f.column}=${text} matches no row${kept === rows ? '' : ' left by the other filters'}; ${f.column} takes ${listValues(exists)}`,
        );
      }
    }
    kept = kept.filter((r) => f.values.some((text) => matches(r[f.column], text)));
  }
  return [...kept];
}

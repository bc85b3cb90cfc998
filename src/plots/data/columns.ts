import { InputError } from '../../errors.js';
import type { PlotRow } from '../types.js';
import { isNumericColumn } from './field-type.js';

/** Column names present in `rows`, in order of first appearance. */
export function availableColumns(rows: readonly PlotRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/** Throws an {@link InputError} on `field` when there is nothing to plot. */
export function requireRows(rows: readonly PlotRow[], field = 'rows'): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new InputError(field, 'no rows to plot');
}

/**
 * Checks that each named column exists in `rows`. `columns` maps the option or CLI flag that chose the column (e.g.
 * `--x`, `yLo`) to the column name; undefined entries are skipped. The error names that option and lists the
 * available columns.
 */
export function requireColumns(rows: readonly PlotRow[], columns: Record<string, string | undefined>): void {
  requireRows(rows);
  let available: string[] | undefined;
  for (const [field, column] of Object.entries(columns)) {
    if (column === undefined) continue;
    available ??= availableColumns(rows);
    if (!available.includes(column)) {
      throw new InputError(field, `unknown column "${column}"; available columns: ${available.join(', ')}`);
    }
  }
}

/**
 * Checks that each named column holds numbers only (nulls allowed, at least one number), for channels on a
 * quantitative scale. Call after {@link requireColumns}; the error names the option or flag.
 */
export function requireNumericColumns(rows: readonly PlotRow[], columns: Record<string, string | undefined>): void {
  for (const [field, column] of Object.entries(columns)) {
    if (column === undefined) continue;
    if (!isNumericColumn(rows, column)) {
      const bad = rows.map((r) => r[column]).find((v) => v !== null && v !== undefined && typeof v !== 'number');
      throw new InputError(
        field,
        bad === undefined
          ? `column "${column}" has no numeric values`
          : `column "${column}" must be numeric, found ${JSON.stringify(bad)}`,
      );
    }
  }
}

/**
 * Checks that an interval is given whole: both ends or neither. `ends` maps the two option names (lower first) to
 * their columns; the error names the missing one.
 */
export function requirePairedColumns(ends: Record<string, string | undefined>): void {
  const entries = Object.entries(ends);
  const given = entries.filter(([, c]) => c !== undefined);
  if (given.length === 1) {
    const missing = entries.find(([, c]) => c === undefined)![0];
    throw new InputError(
      missing,
      `an interval needs both ${entries.map(([f]) => f).join(' and ')}; ${given[0][0]} was given alone`,
    );
  }
}

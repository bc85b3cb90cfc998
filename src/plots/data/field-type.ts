import type { FieldType, PlotRow, PlotValue } from '../types.js';

/** Distinct non-null values of `column`, numbers ascending, other values in order of first appearance. */
export function distinctValues(rows: readonly PlotRow[], column: string): PlotValue[] {
  const seen = new Set<PlotValue>();
  for (const row of rows) {
    const v = row[column];
    if (v !== null && v !== undefined) seen.add(v);
  }
  const values = [...seen];
  return values.every((v) => typeof v === 'number') ? (values as number[]).sort((a, b) => a - b) : values;
}

/** True when every non-null value of `column` is a number (and at least one is). */
export function isNumericColumn(rows: readonly PlotRow[], column: string): boolean {
  let any = false;
  for (const row of rows) {
    const v = row[column];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any;
}

/** `quantitative` for an all-number column, `nominal` otherwise. */
export function inferFieldType(rows: readonly PlotRow[], column: string): FieldType {
  return isNumericColumn(rows, column) ? 'quantitative' : 'nominal';
}

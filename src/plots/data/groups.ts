import type { PlotRow } from '../types.js';

/** Size of the largest group of rows sharing the values of `columns` (undefined entries ignored). */
export function largestGroup(rows: readonly PlotRow[], columns: readonly (string | undefined)[]): number {
  const keys = columns.filter((c): c is string => c !== undefined);
  const counts = new Map<string, number>();
  let max = 0;
  for (const row of rows) {
    const key = JSON.stringify(keys.map((k) => row[k] ?? null));
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > max) max = n;
  }
  return max;
}

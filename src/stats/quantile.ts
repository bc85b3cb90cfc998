/**
 * Type-7 (linear interpolation, NumPy's default) quantile of an ascending-sorted sample. +∞ entries (censored values)
 * sort last, so a quantile landing on them is +∞.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q = ${q} outside [0, 1]`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo];
  const b = sorted[hi];
  if (h === lo || a === b) return a;
  if (b === Number.POSITIVE_INFINITY) return h - lo > 0 ? Number.POSITIVE_INFINITY : a;
  return a + (h - lo) * (b - a);
}

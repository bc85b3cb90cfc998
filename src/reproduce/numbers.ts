/**
 * Number formatting for verdicts and reports: 4 significant digits, exponent notation outside [10⁻³, 10⁶), ∞ and NaN
 * spelled out, so a reason like "2.903 > 2.5" reads the same in the terminal, the markdown report and the JSON.
 */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '∞';
  if (x === Number.NEGATIVE_INFINITY) return '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) {
    const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
    return `${Number(mantissa)}e${exponent.replace('+', '')}`;
  }
  return String(Number(x.toPrecision(digits)));
}

/** An interval as `[lo, hi]` with {@link fmt}. */
export function fmtInterval(ci: readonly [number, number] | null): string {
  return ci === null ? 'exact' : `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
}

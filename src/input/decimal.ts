/** A decimal number: optional sign, digits with an optional fraction, optional exponent (no hex, octal or binary). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a decimal number from text (surrounding spaces allowed), or NaN. Unlike `Number(text)`, hexadecimal
 * (`0x10`), octal (`0o17`), binary (`0b11`), `Infinity` and the empty string are not numbers here: in code specs,
 * CSV files and flags they are typos, not values (issue 15, item 9).
 */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : Number.NaN;
}

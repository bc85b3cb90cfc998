/**
 * JSON lines of the results logs (`shards/*.jsonl`, training logs): JSON has no NaN or ±∞, so they are written as the
 * strings "NaN", "Infinity" and "-Infinity" and revived where the reader expects numbers.
 */

const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

/** One JSON line (no newline) of a value; NaN/±∞ become "NaN"/"Infinity"/"-Infinity". */
export function encodeJsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/**
 * The "NaN"/"Infinity"/"-Infinity" strings of a decoded value back to numbers, at any depth, except under the keys
 * `keepText` names (where such a string is text, e.g. a label).
 */
export function reviveNonFinite(x: unknown, keepText: readonly string[] = []): unknown {
  if (typeof x === 'string' && Object.hasOwn(NON_FINITE, x)) return NON_FINITE[x];
  if (Array.isArray(x)) return x.map((v) => reviveNonFinite(v, keepText));
  if (x !== null && typeof x === 'object')
    return Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k, keepText.includes(k) ? v : reviveNonFinite(v, keepText)]),
    );
  return x;
}

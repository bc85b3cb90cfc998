/**
 * One naming convention for everything gradcode prints with `--json`: snake_case keys, as the columns of
 * cells.parquet and curve.parquet (docs/results-schema.md), and absolute paths. Values written in the spec's own
 * language keep their keys as the user wrote them; each command names those fields ({@link CELL_RECORD_VERBATIM}:
 * sweep `axes`, whose keys are dotted cell paths such as `stragglers.chunkTime.rate`, the straggler model as
 * specified, and the code's parameters; `inspect`: the code's `params`; `doctor`: WebGPU `limits`).
 */

/** Fields of cell records (and of anything holding them) whose values keep their own keys. */
export const CELL_RECORD_VERBATIM: readonly string[] = ['axes', 'stragglers', 'code_params'];

/**
 * A camelCase field name in snake_case: an underscore before each capital that follows a lower-case letter or digit,
 * then lower case (`specHash` → `spec_hash`, `ciLo` → `ci_lo`, `trialsPlanned` → `trials_planned`). Names without
 * such a boundary keep their case, so the paper symbols stay as in the Parquet columns (`N`, `m`, `T`, `p50`).
 */
export function snakeCase(key: string): string {
  if (!/[a-z0-9][A-Z]/.test(key)) return key;
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A deep copy of `value` with every object key in snake_case, except inside the fields named in `verbatim`. */
export function snakeCaseKeys(value: unknown, verbatim: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(value)) return value.map((v) => snakeCaseKeys(v, verbatim));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const name = snakeCase(key);
    out[name] = verbatim.has(name) ? inner : snakeCaseKeys(inner, verbatim);
  }
  return out;
}

/**
 * `--json` text: snake_case keys (fields named in `verbatim`, by their snake_case name, keep their values' keys), NaN
 * and ±∞ as the strings "NaN", "Infinity", "-Infinity" (as in the JSON Lines logs), two-space indentation, a newline.
 */
export function jsonOutput(value: unknown, verbatim: readonly string[] = []): string {
  const text = JSON.stringify(
    snakeCaseKeys(value, new Set(verbatim)),
    (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    2,
  );
  return `${text}\n`;
}

import { InputError } from '../errors.js';

/** Command-line overrides of a spec (`--trials`, `--seed`), applied to the raw spec before validation. */
export interface SpecOverrides {
  /** Monte-Carlo trials of every cell. */
  readonly trials?: number;
  /** The spec's seed: a safe integer, or a decimal string for larger seeds. */
  readonly seed?: number | string;
}

/** Parses `--trials N`: a positive integer. */
export function parseTrialsFlag(text: string, field = '--trials'): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(field, `must be a positive integer, got "${text}"`);
  return n;
}

/** Parses `--seed S`: a non-negative decimal integer below 2⁶⁴ (kept as a string above 2⁵³). */
export function parseSeedFlag(text: string, field = '--seed'): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new InputError(field, `must be a non-negative integer, got "${text}"`);
  if (BigInt(t) >= 1n << 64n) throw new InputError(field, `must be below 2^64, got ${t}`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : t;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * Applies overrides to a raw (parsed, unvalidated) spec and returns a copy:
 * - `trials` replaces every cell's trial count: `defaults.trials`, each explicit `cells[i].trials`, and the values of
 *   a `trials` sweep axis (the axis keeps its length, so the cell count does not change);
 * - `seed` replaces the top-level `seed` and any `seed` in `defaults` or `cells[i]`; a `seed` sweep axis (replicates)
 *   is kept.
 * Values that are not objects where objects are expected are left for validation to report.
 */
export function applySpecOverrides(raw: unknown, overrides: SpecOverrides): unknown {
  if (!isPlainObject(raw)) return raw;
  const spec = structuredClone(raw);
  if (overrides.trials !== undefined) {
    const trials = overrides.trials;
    if (spec.defaults === undefined) spec.defaults = {};
    if (isPlainObject(spec.defaults)) spec.defaults.trials = trials;
    if (Array.isArray(spec.cells)) for (const c of spec.cells) if (isPlainObject(c) && 'trials' in c) c.trials = trials;
    if (isPlainObject(spec.sweep)) {
      for (const kind of ['grid', 'zip'] as const) {
        const axes = spec.sweep[kind];
        if (isPlainObject(axes) && Array.isArray(axes.trials)) axes.trials = axes.trials.map(() => trials);
      }
    }
  }
  if (overrides.seed !== undefined) {
    const seed = overrides.seed;
    spec.seed = seed;
    if (isPlainObject(spec.defaults) && 'seed' in spec.defaults) spec.defaults.seed = seed;
    if (Array.isArray(spec.cells)) for (const c of spec.cells) if (isPlainObject(c) && 'seed' in c) c.seed = seed;
  }
  return spec;
}

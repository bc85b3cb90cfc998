import { binomial } from '../adversarial/combinations.js';
import { parseStragglerSpec, type StragglerSpec } from '../adversarial/straggler-statistics.js';
import type { GradientCode } from '../codes/types.js';
import { checkLimit } from '../limits/limits.js';

/** Largest number of straggler sets the default model enumerates exhaustively. */
export const DEFAULT_EXHAUSTIVE_SETS = 100_000;

/** Random s-sets the default model draws when exhaustive enumeration would exceed {@link DEFAULT_EXHAUSTIVE_SETS}. */
export const DEFAULT_RANDOM_TRIALS = 10_000;

/**
 * The straggler sets `inspect` evaluates when none are asked for: s = the construction's straggler tolerance (so
 * an exact code is checked against its own guarantee), or s = 1 for codes without one; every s-set when there are
 * at most {@link DEFAULT_EXHAUSTIVE_SETS}, else {@link DEFAULT_RANDOM_TRIALS} random s-sets.
 */
export function defaultStragglerSpec(code: GradientCode): StragglerSpec {
  const s = Math.min(code.meta.stragglerTolerance ?? 1, code.N);
  return binomial(code.N, s) <= DEFAULT_EXHAUSTIVE_SETS
    ? { kind: 'exhaustive', s }
    : { kind: 'random-s', s, trials: DEFAULT_RANDOM_TRIALS };
}

/** The `--stragglers` string of a model (parses back to the same model). */
export function formatStragglerSpec(spec: StragglerSpec): string {
  switch (spec.kind) {
    case 'exhaustive':
    case 'adversarial':
      return `${spec.kind}:${spec.s}`;
    case 'random-s':
      return `random-s:${spec.s}:${spec.trials}`;
    case 'random':
      return `random:${spec.p}:${spec.trials}`;
  }
}

/**
 * The model to evaluate: the option parsed against N (InputError on `stragglers`), or the default. The work — sets ×
 * N × m — is checked against limits.inspectWork before any set is enumerated.
 */
export function resolveStragglerSpec(code: GradientCode, option: string | StragglerSpec | undefined): StragglerSpec {
  if (option === undefined) return defaultStragglerSpec(code);
  const text = typeof option === 'string' ? option : formatStragglerSpec(option);
  const spec = parseStragglerSpec(text, code.N, 'stragglers');
  const sets = spec.kind === 'exhaustive' ? binomial(code.N, spec.s) : spec.kind === 'adversarial' ? 0 : spec.trials;
  checkLimit(
    'inspectWork',
    sets * code.N * code.m,
    'stragglers',
    `${text}: sets × N × m (${sets} × ${code.N} × ${code.m})`,
  );
  return spec;
}

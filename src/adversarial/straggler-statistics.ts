import type { GradientCode } from '../codes/types.js';
import { survivorsFromStragglers } from '../decoders/coefficient-space.js';
import { didYouMean } from '../did-you-mean.js';
import { InputError, requireInput } from '../errors.js';
import { parseDecimal } from '../input/decimal.js';
import { checkLimit } from '../limits/limits.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';
import { emptyMoments, type Moments, pushMoment } from '../stats/moments.js';
import { bernoulliStragglers, binomial, randomSubset } from './combinations.js';
import { ErrorOracle, type ErrorOracleOptions, enumerateStragglerSets } from './error-oracle.js';
import { type WorstCaseOptions, worstStragglerSet } from './worst-case.js';

/** Which straggler sets to evaluate (the `--stragglers` option). */
export type StragglerSpec =
  /** Every s-subset of workers. */
  | { readonly kind: 'exhaustive'; readonly s: number }
  /** `trials` uniformly random s-subsets (Philox straggler-set stream). */
  | { readonly kind: 'random-s'; readonly s: number; readonly trials: number }
  /** `trials` draws with every worker straggling independently with probability p (Philox failure stream). */
  | { readonly kind: 'random'; readonly p: number; readonly trials: number }
  /** The worst s-set (exhaustive or greedy + local search; see worstStragglerSet). */
  | { readonly kind: 'adversarial'; readonly s: number };

/**
 * Parses `exhaustive:S`, `random-s:S:TRIALS`, `random:P:TRIALS` or `adversarial:S`; errors name `field`. The sets
 * to evaluate (C(N, S) when N is known, or TRIALS) are checked against limits.inspectSets before any is enumerated.
 */
export function parseStragglerSpec(text: string, N?: number, field = 'stragglers'): StragglerSpec {
  const parts = text.split(':');
  const int = (x: string | undefined, what: string): number => {
    requireInput(x !== undefined && /^\d+$/.test(x), field, `${what} must be a non-negative integer in "${text}"`);
    return Number(x);
  };
  const checkS = (s: number) =>
    requireInput(N === undefined || s <= N, field, `cannot straggle ${s} of N = ${N} workers in "${text}"`);
  switch (parts[0]) {
    case 'exhaustive':
    case 'adversarial': {
      requireInput(parts.length === 2, field, `expected ${parts[0]}:S, got "${text}"`);
      const s = int(parts[1], 'S');
      checkS(s);
      if (parts[0] === 'exhaustive' && N !== undefined)
        checkLimit('inspectSets', binomial(N, s), field, `the ${s}-subsets of N = ${N} workers (C(${N}, ${s}))`);
      return { kind: parts[0], s };
    }
    case 'random-s': {
      requireInput(parts.length === 3, field, `expected random-s:S:TRIALS, got "${text}"`);
      const s = int(parts[1], 'S');
      checkS(s);
      const trials = int(parts[2], 'TRIALS');
      requireInput(trials >= 1, field, `TRIALS must be ≥ 1 in "${text}"`);
      checkLimit('inspectSets', trials, field, 'TRIALS (straggler sets to draw)');
      return { kind: 'random-s', s, trials };
    }
    case 'random': {
      requireInput(parts.length === 3, field, `expected random:P:TRIALS, got "${text}"`);
      const p = parseDecimal(parts[1]);
      requireInput(
        parts[1] !== '' && Number.isFinite(p) && p >= 0 && p <= 1,
        field,
        `P must be in [0, 1] in "${text}"`,
      );
      const trials = int(parts[2], 'TRIALS');
      requireInput(trials >= 1, field, `TRIALS must be ≥ 1 in "${text}"`);
      checkLimit('inspectSets', trials, field, 'TRIALS (straggler sets to draw)');
      return { kind: 'random', p, trials };
    }
    default:
      throw new InputError(
        field,
        `unknown straggler model "${text}"${didYouMean(parts[0], ['exhaustive', 'random-s', 'random', 'adversarial'])}; expected exhaustive:S, random-s:S:TRIALS, random:P:TRIALS or adversarial:S`,
      );
  }
}

/** Error statistics over the evaluated straggler sets (unnormalised ‖B_Sᵀw − 1‖² and divided by m). */
export interface ErrorSummary {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
  /** Sample standard deviation (0 for a single set). */
  readonly std: number;
  readonly minNormalized: number;
  readonly meanNormalized: number;
  readonly maxNormalized: number;
}

/** Result of {@link stragglerStatistics}. */
export interface StragglerStatistics {
  readonly spec: StragglerSpec;
  readonly decoder: string;
  /** Number of straggler sets evaluated. */
  readonly sets: number;
  readonly error: ErrorSummary;
  /** Share of sets whose error is ≤ the exactness tolerance. */
  readonly exactFraction: number;
  /** A set attaining the maximum error (for `adversarial`, the search's answer). */
  readonly worst: { readonly stragglers: number[]; readonly error: number };
  /** For `adversarial` with the heuristic search: the maximum is a lower bound on the true worst case. */
  readonly lowerBound: boolean;
}

/** Options for {@link stragglerStatistics}. */
export interface StragglerStatisticsOptions extends WorstCaseOptions, ErrorOracleOptions {
  /** Seed of the random straggler models. Default 0. */
  readonly seed?: number | bigint;
  /** Refuse `exhaustive` when C(N, s) exceeds this. Default 5 000 000. */
  readonly maxSets?: number;
}

/**
 * `inspect`-style statistics of a decoder's error over straggler sets (Kadhe et al. 2019 / Glasgow & Wootters
 * 2021 random and adversarial errors): min / mean / max error, normalised by m, and the exact fraction. Exhaustive
 * enumeration with a least-squares decoder uses the prefix-sharing projector walk.
 */
export function stragglerStatistics(
  code: GradientCode,
  spec: StragglerSpec,
  options: StragglerStatisticsOptions = {},
): StragglerStatistics {
  const decoder = options.decoder ?? 'optimal';
  if (spec.kind === 'adversarial') {
    const worst = worstStragglerSet(code, spec.s, options);
    const e = worst.error;
    const summary = summarise(code, { n: 1, mean: e, m2: 0, min: e, max: e });
    const oracle = new ErrorOracle(code, options);
    return {
      spec,
      decoder,
      sets: 1,
      error: summary,
      exactFraction: e <= oracle.tolerance ? 1 : 0,
      worst: { stragglers: Array.from(worst.stragglers), error: e },
      lowerBound: worst.lowerBound,
    };
  }
  const oracle = new ErrorOracle(code, options);
  const moments = emptyMoments();
  let exactCount = 0;
  let worstError = -1;
  let worstSet: number[] = [];
  const record = (stragglers: ArrayLike<number>, error: number) => {
    pushMoment(moments, error);
    if (error <= oracle.tolerance) exactCount++;
    if (error > worstError) {
      worstError = error;
      worstSet = Array.from(stragglers);
    }
  };
  if (spec.kind === 'exhaustive') {
    requireInput(spec.s >= 0 && spec.s <= code.N, 'stragglers', `cannot straggle ${spec.s} of N = ${code.N} workers`);
    const limit = options.maxSets ?? 5_000_000;
    const count = binomial(code.N, spec.s);
    requireInput(
      count <= limit,
      'stragglers',
      `exhaustive:${spec.s} means ${count} sets (limit ${limit}); use random-s`,
    );
    enumerateStragglerSets(oracle, spec.s, record);
  } else if (spec.kind === 'random-s') {
    requireInput(spec.s >= 0 && spec.s <= code.N, 'stragglers', `cannot straggle ${spec.s} of N = ${code.N} workers`);
    const rng = new PhiloxStream(options.seed ?? 0, Stream.stragglerSet);
    const scratch = new Int32Array(code.N);
    for (let t = 0; t < spec.trials; t++) {
      const set = randomSubset(rng, code.N, spec.s, scratch);
      record(set, oracle.error(survivorsFromStragglers(code.N, set)));
    }
  } else {
    const rng = new PhiloxStream(options.seed ?? 0, Stream.failures);
    for (let t = 0; t < spec.trials; t++) {
      const set = bernoulliStragglers(rng, code.N, spec.p);
      record(set, oracle.error(survivorsFromStragglers(code.N, set)));
    }
  }
  return {
    spec,
    decoder,
    sets: moments.n,
    error: summarise(code, moments),
    exactFraction: moments.n > 0 ? exactCount / moments.n : Number.NaN,
    worst: { stragglers: worstSet, error: worstError },
    lowerBound: false,
  };
}

function summarise(code: GradientCode, m: Moments): ErrorSummary {
  const std = m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : 0;
  return {
    min: m.min,
    mean: m.mean,
    max: m.max,
    std,
    minNormalized: m.min / code.m,
    meanNormalized: m.mean / code.m,
    maxNormalized: m.max / code.m,
  };
}

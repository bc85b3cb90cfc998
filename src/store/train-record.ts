import type { Curve } from '../train/run/curves.js';
import type { PlanSummary } from '../train/run/run-scheme.js';
import type { PathComparison, SpecSchemeOutcome, TrainingContext } from '../train/run/run-training.js';
import type { ResolvedScheme } from '../train/spec/resolve-train.js';
import { encodeJsonLine, reviveNonFinite } from './json-line.js';

/** Version of the training JSON Lines record layout (`v` field). */
export const TRAIN_RECORD_VERSION = 1;

/** A per-iteration curve as stored: mean and CI at k = 0 … K (NaN as "NaN" in the JSON line). */
export interface StoredCurve {
  readonly mean: number[];
  readonly lo: number[];
  readonly hi: number[];
}

/** One bound checked for one path of a scheme. */
export interface StoredBound {
  readonly name: string;
  readonly title: string;
  /** `paper` statement or `ours` (our derivation). */
  readonly derivation: 'paper' | 'ours';
  /** The statistic it bounds: `distance`, `gap` or `averageGradientNorm`. */
  readonly metric: string;
  readonly applies: boolean;
  /** Why it does not apply, or a note on a verdict. */
  readonly reason: string | null;
  /** Bound at k = 0 … K (NaN where undefined); null when it does not apply. */
  readonly values: number[] | null;
  /** Per k: whether the empirical CI stays at or under the bound (null where the bound is undefined). */
  readonly holds: (boolean | null)[] | null;
  /** The verdict text ("holds everywhere (k = 0…100)", "fails at …"), or null. */
  readonly verdict: string | null;
  readonly holdsEverywhere: boolean | null;
}

/** One gradient path of a scheme (two for `path: both`). */
export interface StoredPath {
  readonly label: string;
  readonly path: string;
  readonly code: { readonly name: string; readonly N: number; readonly m: number; readonly parts: number };
  readonly decoder: string;
  readonly wait: string;
  readonly optimizer: string;
  /** The step rule as specified: a number, or `rule×factor`. */
  readonly stepRule: string;
  /** γ_0 … γ_{K−1}. */
  readonly steps: number[];
  readonly curves: {
    readonly loss: StoredCurve;
    readonly gap: StoredCurve;
    readonly distance: StoredCurve;
    readonly gradientError: StoredCurve;
    readonly averageGradientNorm: StoredCurve;
    readonly time: StoredCurve;
  };
  readonly plan: PlanSummary;
  readonly bounds: StoredBound[];
}

/**
 * One line of a training shard log: one entry of one run's `schemes` (both paths of a `path: both` entry), written
 * once after the entry finished. Wall-clock `seconds` and `finishedAt` stay out of the Parquet tables.
 */
export interface TrainRecord {
  readonly v: number;
  readonly kind: 'train';
  readonly specHash: string;
  /** The sweep cell (one training run of the sweep). */
  readonly index: number;
  readonly id: string;
  /** Entry of the cell's `schemes` (0 without `schemes`). */
  readonly schemeIndex: number;
  readonly axes: Readonly<Record<string, unknown>>;
  readonly problem: {
    readonly dataset: string;
    /** Where the data come from and under what terms. */
    readonly source: string;
    readonly licence: string;
    /** How x* and the eigenvalues behind μ, L, L′ were computed. */
    readonly optimum: string;
    readonly eigenMethod: string;
    readonly n: number;
    readonly d: number;
    readonly loss: string;
    readonly form: string;
    readonly lambda: number;
    readonly m: number;
    readonly runs: number;
    readonly iterations: number;
    readonly confidence: number;
  };
  readonly constants: {
    readonly mu: number;
    readonly L: number;
    readonly Lprime: number;
    readonly sigma2: number;
    readonly fStar: number;
  };
  readonly paths: StoredPath[];
  readonly comparison: PathComparison | null;
  readonly backend: { readonly kind: 'webgpu' | 'cpu'; readonly description: string };
  readonly seconds: number;
  readonly finishedAt: string;
}

const list = (a: ArrayLike<number>): number[] => Array.from(a);
const stored = (c: Curve): StoredCurve => ({ mean: list(c.mean), lo: list(c.lo), hi: list(c.hi) });

/** The step rule of a scheme as text: `0.5`, `prop-vi1×0.5`. */
function stepRule(scheme: ResolvedScheme): string {
  return typeof scheme.step === 'number' ? String(scheme.step) : `${scheme.step.rule}×${scheme.step.factor}`;
}

/** Builds the record of one finished entry of a run's `schemes`. */
export function trainRecord(args: {
  readonly specHash: string;
  readonly index: number;
  readonly id: string;
  readonly axes: Readonly<Record<string, unknown>>;
  readonly schemeIndex: number;
  readonly context: TrainingContext;
  readonly outcome: SpecSchemeOutcome;
  readonly backend: { readonly kind: 'webgpu' | 'cpu'; readonly description: string };
  readonly seconds: number;
}): TrainRecord {
  const { context, outcome } = args;
  const { resolved, prepared } = context;
  const schemes = resolved.schemes.filter((s) => s.scheme === args.schemeIndex);
  const c = prepared.constants;
  return {
    v: TRAIN_RECORD_VERSION,
    kind: 'train',
    specHash: args.specHash,
    index: args.index,
    id: args.id,
    schemeIndex: args.schemeIndex,
    axes: args.axes,
    problem: {
      dataset: prepared.dataset.name,
      source: prepared.dataset.provenance.source,
      licence: prepared.dataset.provenance.licence,
      optimum: prepared.optimum.method,
      eigenMethod: c.eigenMethod,
      n: prepared.dataset.n,
      d: prepared.dataset.d,
      loss: prepared.problem.loss,
      form: prepared.problem.form,
      lambda: prepared.problem.lambda,
      m: prepared.problem.m,
      runs: resolved.runs,
      iterations: resolved.iterations,
      confidence: resolved.confidence,
    },
    constants: { mu: c.mu, L: c.L, Lprime: c.Lprime, sigma2: c.sigma2, fStar: c.fStar },
    paths: outcome.results.map((r, k) => ({
      label: r.label,
      path: r.path,
      code: r.code,
      decoder: r.decoder,
      wait: r.wait,
      optimizer: r.optimizer,
      stepRule: stepRule(schemes[k]),
      steps: list(r.steps),
      curves: {
        loss: stored(r.curves.loss),
        gap: stored(r.curves.gap),
        distance: stored(r.curves.distance),
        gradientError: stored(r.curves.relativeGradientError),
        averageGradientNorm: stored(r.curves.averageGradientNorm),
        time: stored(r.curves.time),
      },
      plan: r.plan,
      bounds: r.bounds.map((b) => {
        const failed = new Set(b.verdict?.failures.map((f) => f.iteration) ?? []);
        const values = b.bound.values ? list(b.bound.values) : null;
        return {
          name: b.bound.name,
          title: b.bound.title,
          derivation: b.bound.derivation,
          metric: b.bound.metric,
          applies: b.bound.applies,
          reason: b.bound.reason ?? null,
          values,
          holds: values ? values.map((v, i) => (Number.isFinite(v) ? !failed.has(i) : null)) : null,
          verdict: b.verdict?.text ?? null,
          holdsEverywhere: b.verdict ? b.verdict.holds : null,
        };
      }),
    })),
    comparison: outcome.comparison,
    backend: args.backend,
    seconds: args.seconds,
    finishedAt: new Date().toISOString(),
  };
}

/** One JSON line (no newline) of a record; NaN/±∞ become "NaN"/"Infinity"/"-Infinity". */
export function encodeTrainRecord(record: TrainRecord): string {
  return encodeJsonLine(record);
}

/** NaN/±∞ strings back to numbers everywhere but in labels and titles, which are text. */
const revive = (x: unknown) => reviveNonFinite(x, ['label', 'title']);

/** Parses one JSON line back into a record (inverse of {@link encodeTrainRecord}); throws on malformed input. */
export function decodeTrainRecord(line: string): TrainRecord {
  const value = JSON.parse(line) as TrainRecord;
  if (
    value === null ||
    typeof value !== 'object' ||
    value.kind !== 'train' ||
    typeof value.index !== 'number' ||
    typeof value.schemeIndex !== 'number' ||
    !Array.isArray(value.paths)
  )
    throw new Error('not a training record');
  return {
    ...value,
    paths: revive(value.paths) as StoredPath[],
    comparison: revive(value.comparison) as PathComparison,
  };
}

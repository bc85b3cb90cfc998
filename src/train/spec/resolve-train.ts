import { totalmem } from 'node:os';
import { worstStragglerSet } from '../../adversarial/worst-case.js';
import { buildCode } from '../../codes/spec.js';
import type { GradientCode } from '../../codes/types.js';
import { replicationGroups } from '../../decoders/erasure.js';
import { getDecoder } from '../../decoders/registry.js';
import type { Decoder } from '../../decoders/types.js';
import { InputError } from '../../errors.js';
import { formatBytes } from '../../limits/limits.js';
import { orderFromSpec } from '../../ordering/order-spec.js';
import { planRound, type RoundPlan, type WaitChoice } from '../../protocols/round-plan.js';
import { type Schedule, scheduleFromOrder } from '../../protocols/schedule.js';
import { canonicalJson, fnv1a32 } from '../../spec/canonical.js';
import { parseWith } from '../../spec/zod-error.js';
import type { StragglerModel } from '../../stragglers/model.js';
import { type ResolvedStragglerModel, resolveStragglerModel } from '../../stragglers/resolve.js';
import { BOUND_NAMES, type BoundName } from '../bounds/types.js';
import type { GradientPath, Optimizer } from '../descent/params.js';
import type { LossName } from '../problem/problem.js';
import {
  type DatasetSpec,
  SCHEME_KEYS,
  SchemeSchema,
  SchemeSpecSchema,
  type TrainSpec,
  TrainSpecSchema,
} from './train-schema.js';

/** A step-size specification after validation. */
export type StepSpec =
  | number
  | { readonly rule: 'smoothness' | 'prop-vi1' | 'prop-vii1' | 'inverse-time'; readonly factor: number };

/**
 * One coded-descent scheme, resolved: code, order, straggler model bound to N, the round plan (wait rule, decoder,
 * complement form, tolerances), path.
 */
export interface ResolvedScheme {
  readonly label: string;
  /** Index of the scheme in the spec (both paths of a `path: both` scheme share it). */
  readonly scheme: number;
  readonly code: GradientCode;
  readonly schedule: Schedule;
  readonly stragglerSpec: StragglerModel;
  readonly stragglers: ResolvedStragglerModel;
  /** Counter word of the straggler draws: a hash of the model and N (schemes with equal models share draws). */
  readonly cell: number;
  /** The spec's `wait`. */
  readonly wait: WaitChoice;
  readonly decoder: Decoder;
  /** The rules of a round, planned once (src/protocols/round-plan.ts). */
  readonly plan: RoundPlan;
  readonly path: GradientPath;
  readonly optimizer: Optimizer;
  readonly step: StepSpec;
  /** Per-worker failure probabilities when failures are the only way a worker misses the round (else null). */
  readonly failureOnly: Float64Array | null;
  /** Replication groups of the code (erasure decoding, `collect`), or null. */
  readonly groups: Int32Array | null;
}

/** A validated, resolved training spec (the dataset itself is built by the run). */
export interface ResolvedTrain {
  readonly spec: TrainSpec;
  readonly dataset: DatasetSpec;
  readonly datasetSeed: number | bigint;
  readonly loss: LossName;
  readonly lambda: number;
  readonly form: 'auto' | 'gram' | 'direct';
  readonly iterations: number;
  readonly runs: number;
  readonly seed: number | bigint;
  /** Number of chunks m (shared by every scheme's code). */
  readonly m: number;
  readonly schemes: readonly ResolvedScheme[];
  readonly bounds: readonly BoundName[];
  readonly boundDraws: number;
  readonly confidence: number;
  /** Host byte limit for the dataset. */
  readonly hostBytes: number;
}

/** Default host limit: min(8 GiB, half the machine's memory). */
export function defaultHostBytes(): number {
  return Math.min(8 * 2 ** 30, Math.floor(totalmem() / 2));
}

function seedValue(seed: number | string): number | bigint {
  const s = typeof seed === 'string' ? BigInt(seed) : seed;
  if (typeof s === 'bigint' && s >= 1n << 64n) throw new InputError('seed', 'must be below 2^64');
  return s;
}

function waitChoice(wait: TrainSpec['wait'], code: GradientCode, field: string): WaitChoice {
  if (wait === 'all') return { kind: 'all' };
  if (wait === 'exact') return { kind: 'exact' };
  if ('deadline' in wait) return { kind: 'deadline', T: wait.deadline };
  const k = 'count' in wait ? wait.count : wait.collect;
  if (k > code.N) throw new InputError(field, `must be ≤ N = ${code.N}, got ${k}`);
  return 'count' in wait ? { kind: 'count', k } : { kind: 'collect', k };
}

/** Failure probabilities when a worker misses a round only by failing (so survivors are independent Bernoullis). */
function failureOnlyProbabilities(model: StragglerModel, N: number): Float64Array | null {
  const infinite = (f: number | 'inf') => f === 'inf' || f === Number.POSITIVE_INFINITY;
  if (model.trace || model.fixedSet) return null;
  if (model.slow && infinite(model.slow.factor)) return null;
  if (model.bursty && infinite(model.bursty.factor)) return null;
  const p = model.failures?.p ?? 0;
  return Array.isArray(p) ? Float64Array.from(p) : new Float64Array(N).fill(p);
}

/** Features of the glyph-metric dataset (src/train/data/afm-glyphs.ts), for size estimates before it is built. */
const AFM_FEATURES = 12;

/** Estimated host bytes of a dataset spec (X, y, and the Gram matrices when they may be built), before building it. */
export function datasetHostBytes(dataset: DatasetSpec, m: number): number {
  if (dataset.kind === 'afm-glyphs') return 5000 * AFM_FEATURES * 8;
  const { rows, features } = dataset;
  return 8 * (2 * rows * features + rows + m * features * features);
}

/**
 * Estimated host bytes of the runs themselves, before any is started: per scheme six per-iteration curves of every
 * run (loss, distance, gradient error and norm, message energy, time: 6 · runs · (iterations + 1) values), the
 * iterates (and momentum) of every run (2 · runs · features), and one iteration's decoding plan of every run
 * (weights, α and corrections: runs · (N·ℓ + m·ℓ² + N)), all f64.
 */
export function runsHostBytes(
  runs: number,
  iterations: number,
  features: number,
  schemes: readonly { readonly code: GradientCode }[],
): number {
  const curves = schemes.length * 6 * runs * (iterations + 1);
  const iterates = 2 * runs * features;
  const plan = Math.max(
    0,
    ...schemes.map(({ code }) => runs * (code.N * code.parts + code.m * code.parts ** 2 + code.N)),
  );
  return 8 * (curves + iterates + plan);
}

/**
 * Validates a training spec (zod, strict: unknown keys and bad values are InputErrors naming the field) and resolves
 * every scheme: code, order, straggler model, wait policy, decoder and path. The dataset's size is checked against
 * the host limit here, before anything is generated.
 */
export function resolveTrainSpec(input: unknown, options: { baseDir?: string } = {}): ResolvedTrain {
  const spec = parseWith(TrainSpecSchema, input);
  const seed = seedValue(spec.seed);
  const top = input as Record<string, unknown>;
  const base = Object.fromEntries(SCHEME_KEYS.filter((k) => top[k] !== undefined).map((k) => [k, top[k]]));
  const entries = spec.schemes ?? [{}];
  const schemes: ResolvedScheme[] = [];
  let m = -1;
  // The raw entries: the parsed ones carry the partial schema's defaults, which must not shadow the top level.
  const rawEntries = Array.isArray(top.schemes) ? (top.schemes as unknown[]) : null;
  entries.forEach((parsed, index) => {
    const entry = rawEntries ? (rawEntries[index] as Record<string, unknown>) : parsed;
    const prefix = spec.schemes ? `schemes[${index}]` : '';
    const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
    const overrides = parseWith(SchemeSpecSchema, entry, prefix);
    // Only the keys the entry sets (the partial schema fills defaults, which must not shadow the top level).
    const own = Object.fromEntries(
      Object.keys(overrides)
        .filter((k) => (entry as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, (entry as Record<string, unknown>)[k]]),
    );
    const scheme = parseWith(SchemeSchema, { ...base, ...own }, prefix);
    const code = buildCode(scheme.code as Parameters<typeof buildCode>[0], {
      field: f('code'),
      baseDir: options.baseDir,
    });
    if (m >= 0 && code.m !== m) {
      throw new InputError(f('code'), `has m = ${code.m} chunks, but the first scheme's code has m = ${m}`);
    }
    m = code.m;
    const orderText =
      options.baseDir &&
      !scheme.order.includes(':') &&
      !['natural', 'optimal'].includes(scheme.order) &&
      !scheme.order.startsWith('/')
        ? `${options.baseDir}/${scheme.order}`
        : scheme.order;
    const order = orderFromSpec(code, orderText, { field: f('order'), parts: code.parts });
    const schedule = scheduleFromOrder(code, order, f('order'));
    const stragglers = resolveStragglerModel(scheme.stragglers, code.N, {
      field: f('stragglers'),
      adversarialSet: (s) => Array.from(worstStragglerSet(code, s).stragglers),
    });
    const decoder = getDecoder(scheme.decoder, f('decoder'));
    // The failure probabilities are what the plan hands the decoder (the unbiased decoder's weights for any code).
    const failureP = scheme.stragglers.failures?.p;
    if (decoder.needsProbabilities && code.meta.extra?.kind !== 'heterogeneous' && !scheme.stragglers.failures) {
      throw new InputError(
        f('decoder'),
        `${decoder.name} decoding needs per-worker failure probabilities (stragglers.failures.p)`,
      );
    }
    decoder.check(
      code,
      failureP === undefined
        ? undefined
        : {
            survivors: new Uint8Array(code.N),
            p: Array.isArray(failureP) ? failureP : new Array(code.N).fill(failureP),
          },
    );
    const groups = code.recovery.kind === 'groups' || decoder.usesReplicationGroups ? replicationGroups(code) : null;
    const cell = fnv1a32(canonicalJson({ stragglers: scheme.stragglers, N: code.N }));
    const wait = waitChoice(scheme.wait, code, f('wait'));
    const plan = planRound(code, { kind: 'original', decoder: decoder.name }, { wait });
    const label = scheme.label ?? (typeof scheme.code === 'string' ? scheme.code : code.name);
    const paths: GradientPath[] = scheme.path === 'both' ? ['coefficient', 'message'] : [scheme.path];
    for (const path of paths) {
      schemes.push({
        label: scheme.path === 'both' ? `${label} (${path})` : label,
        scheme: index,
        code,
        schedule,
        stragglerSpec: scheme.stragglers,
        stragglers,
        cell,
        wait,
        decoder,
        plan,
        path,
        optimizer: scheme.optimizer,
        step: scheme.step,
        failureOnly: failureOnlyProbabilities(scheme.stragglers, code.N),
        groups,
      });
    }
  });
  if (spec.runs * spec.iterations + spec.boundDraws > 2 ** 32) {
    throw new InputError(
      'runs',
      `runs × iterations (${spec.runs} × ${spec.iterations}) plus boundDraws must stay below 2^32 straggler draws`,
    );
  }
  const datasetSeed = spec.dataset.seed === undefined ? seed : seedValue(spec.dataset.seed);
  const hostBytes = spec.limits.hostBytes ?? defaultHostBytes();
  const needed = datasetHostBytes(spec.dataset, m);
  const mib = formatBytes;
  if (needed > hostBytes) {
    throw new InputError(
      'dataset',
      `needs about ${mib(needed)} of host memory (rows × features × 8 bytes, twice, plus the ` +
        `chunk Gram matrices), above the limit of ${mib(hostBytes)} (limits.hostBytes)`,
    );
  }
  const features = spec.dataset.kind === 'afm-glyphs' ? AFM_FEATURES : spec.dataset.features;
  const running = runsHostBytes(spec.runs, spec.iterations, features, schemes);
  if (needed + running > hostBytes) {
    throw new InputError(
      spec.runs * features >= spec.iterations ? 'runs' : 'iterations',
      `${spec.runs} runs × ${spec.iterations} iterations × ${features} features need about ${mib(running)} of host ` +
        `memory for curves, iterates and decoding plans (plus ${mib(needed)} of data), above the limit of ` +
        `${mib(hostBytes)} (limits.hostBytes; default min(8 GiB, half the RAM))`,
    );
  }
  if (spec.dataset.kind !== 'afm-glyphs' && spec.dataset.rows < m) {
    throw new InputError('dataset.rows', `${spec.dataset.rows} rows cannot fill the code's m = ${m} chunks`);
  }
  if (spec.dataset.kind === 'synthetic-least-squares' && spec.dataset.rows < spec.dataset.features) {
    throw new InputError('dataset.rows', `must be ≥ features (${spec.dataset.features}) for a chosen condition number`);
  }
  const taskLoss =
    spec.dataset.kind === 'gaussian-logistic' ||
    (spec.dataset.kind === 'afm-glyphs' && spec.dataset.task === 'classification');
  if (taskLoss && spec.loss === 'least-squares') {
    throw new InputError(
      'loss',
      `the ${spec.dataset.kind} ${spec.dataset.kind === 'afm-glyphs' ? 'classification ' : ''}data has ±1 labels; use loss: logistic`,
    );
  }
  if (spec.loss === 'logistic' && !taskLoss) {
    throw new InputError('loss', `logistic regression needs ±1 labels; ${spec.dataset.kind} is a regression dataset`);
  }
  if (spec.form === 'gram' && spec.loss !== 'least-squares') {
    throw new InputError('form', 'the Gram form exists for the least-squares loss only; use form: direct or auto');
  }
  return {
    spec,
    dataset: spec.dataset,
    datasetSeed,
    loss: spec.loss as LossName,
    lambda: spec.regularization,
    form: spec.form,
    iterations: spec.iterations,
    runs: spec.runs,
    seed,
    m,
    schemes,
    bounds: spec.bounds === 'all' ? [...BOUND_NAMES] : spec.bounds,
    boundDraws: spec.boundDraws,
    confidence: spec.confidence,
    hostBytes,
  };
}

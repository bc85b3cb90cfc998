import { InputError } from '../errors.js';
import { bernoulliThreshold } from '../rng/distributions.js';
import { type Distribution, DistributionCode, distributionParams } from './distribution.js';
import { factorValue, type StragglerModel } from './model.js';
import { checkTimeRange } from './time-range.js';
import { loadTraceCsv, type TimeTrace } from './trace.js';

/** A distribution as (family code, a, b), the form both backends sample from. */
export interface DistributionParams {
  code: number;
  a: number;
  b: number;
}

/**
 * A straggler model bound to a worker count N: per-worker lists checked against N, probabilities turned into integer
 * Bernoulli thresholds (draw x < threshold, threshold ∈ [0, 2³²]; exact on both backends), the trace loaded, and the
 * adversarial set fixed. This is what the CPU twin samples from and what the GPU kernels receive.
 */
export interface ResolvedStragglerModel {
  N: number;
  chunkTime: DistributionParams;
  speed: { kind: 'none' } | { kind: 'list'; values: Float64Array } | ({ kind: 'dist' } & DistributionParams);
  slow:
    | null
    | { mode: 'exact'; count: number; factor: number }
    | { mode: 'bernoulli'; threshold: number; factor: number };
  /** Per-worker failure thresholds, or null when no failures are modelled. */
  failureThresholds: Float64Array | null;
  fixedSet: null | { mode: 'random'; s: number; factor: number } | { mode: 'mask'; mask: Uint8Array; factor: number };
  bursty: null | { B: number; W: number; lambda: number; factor: number };
  trace: TimeTrace | null;
}

function distributionParamsOf(d: Distribution): DistributionParams {
  const [a, b] = distributionParams(d);
  return { code: DistributionCode[d.dist], a, b };
}

/**
 * Binds `model` to N workers. `adversarialSet(s)` supplies the worst s-set when `fixedSet.mode` is adversarial and no
 * explicit workers are given (the code library's adversarial search). `field` prefixes error paths. `maxLoad` (the
 * most chunks any worker holds, default 1) bounds the finishing times checked against limits.timeMax.
 */
export function resolveStragglerModel(
  model: StragglerModel,
  N: number,
  options: {
    field?: string;
    adversarialSet?: (s: number) => readonly number[];
    trace?: TimeTrace;
    maxLoad?: number;
  } = {},
): ResolvedStragglerModel {
  const field = options.field ?? 'stragglers';
  checkTimeRange(model, options.maxLoad ?? 1, field);
  let speed: ResolvedStragglerModel['speed'] = { kind: 'none' };
  if (Array.isArray(model.speed)) {
    if (model.speed.length !== N) {
      throw new InputError(`${field}.speed`, `has ${model.speed.length} entries but the code has N = ${N} workers`);
    }
    speed = { kind: 'list', values: Float64Array.from(model.speed) };
  } else if (model.speed) speed = { kind: 'dist', ...distributionParamsOf(model.speed) };

  let slow: ResolvedStragglerModel['slow'] = null;
  if (model.slow) {
    const f = factorValue(model.slow.factor);
    slow =
      model.slow.mode === 'exact'
        ? { mode: 'exact', count: Math.round(model.slow.fraction * N), factor: f }
        : { mode: 'bernoulli', threshold: bernoulliThreshold(model.slow.fraction), factor: f };
  }

  let failureThresholds: Float64Array | null = null;
  if (model.failures) {
    const p = model.failures.p;
    if (Array.isArray(p)) {
      if (p.length !== N) throw new InputError(`${field}.failures.p`, `has ${p.length} entries but N = ${N}`);
      failureThresholds = Float64Array.from(p, bernoulliThreshold);
    } else failureThresholds = new Float64Array(N).fill(bernoulliThreshold(p));
  }

  let fixedSet: ResolvedStragglerModel['fixedSet'] = null;
  if (model.fixedSet) {
    const { s, mode } = model.fixedSet;
    const f = factorValue(model.fixedSet.factor);
    if (s > N) throw new InputError(`${field}.fixedSet.s`, `s = ${s} exceeds the number of workers N = ${N}`);
    if (mode === 'random' && !model.fixedSet.workers) fixedSet = { mode: 'random', s, factor: f };
    else {
      const workers = model.fixedSet.workers ?? options.adversarialSet?.(s);
      if (!workers) throw new InputError(`${field}.fixedSet`, 'adversarial mode needs `workers` or a code to search');
      const mask = new Uint8Array(N);
      for (const w of workers) {
        if (w >= N) throw new InputError(`${field}.fixedSet.workers`, `worker ${w} outside 0..${N - 1}`);
        mask[w] = 1;
      }
      fixedSet = { mode: 'mask', mask, factor: f };
    }
  }

  let bursty: ResolvedStragglerModel['bursty'] = null;
  if (model.bursty) {
    if (model.bursty.lambda > N) {
      throw new InputError(`${field}.bursty.lambda`, `λ = ${model.bursty.lambda} exceeds N = ${N}`);
    }
    bursty = { ...model.bursty, factor: factorValue(model.bursty.factor) };
  }

  let trace: TimeTrace | null = null;
  if (model.trace) {
    trace = options.trace ?? loadTraceCsv(model.trace.file, `${field}.trace.file`);
    if (trace.workers !== N) {
      throw new InputError(`${field}.trace.file`, `has ${trace.workers} columns but the code has N = ${N} workers`);
    }
  }

  return {
    N,
    chunkTime: distributionParamsOf(model.chunkTime),
    speed,
    slow,
    failureThresholds,
    fixedSet,
    bursty,
    trace,
  };
}

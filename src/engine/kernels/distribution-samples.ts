import { streamWord } from '../../rng/counters.js';
import {
  bernoulliFromWord,
  bernoulliThreshold,
  bernoulliThresholdWords,
  exponentialFromWord,
  normalFromWords,
  uniformFromWord,
} from '../../rng/distributions.js';
import { philoxSequence } from '../../rng/philox.js';
import { defineKernel, type WorkRange } from '../kernel.js';
import { defineStruct } from '../layout/struct-layout.js';
import { DEFAULT_WORKGROUP_SIZE, dispatchGrid, workgroupsFor } from '../webgpu/dispatch.js';

/**
 * Samples of one distribution drawn from one Philox sequence, with their moments reduced on the device — the
 * foundation kernel behind the distribution tests and the `auto` backend measurement, and the model for fused
 * kernels that return typed arrays plus small reductions.
 *
 * Sample s uses word s of the sequence (key; counter = (lane, trial, cell, stream word)) — two words, 2s and 2s + 1,
 * for the normal — exactly the words `new PhiloxStream(seed, stream, cell, trial, round)` reads in order.
 */

/** Supported distributions. */
export type DistributionName = 'uniform' | 'exponential' | 'normal' | 'bernoulli';

/** Kernel parameters. */
export interface DistributionSamplesParams {
  readonly key: readonly [number, number];
  readonly trial: number;
  readonly cell: number;
  /** Stream id (src/rng/counters.ts `Stream`). */
  readonly stream: number;
  /** Round index (default 0). */
  readonly round?: number;
  readonly distribution: DistributionName;
  /** Exponential rate (default 1). */
  readonly rate?: number;
  /** Bernoulli success probability. */
  readonly p?: number;
  /** Number of samples, at most 2³¹. */
  readonly count: number;
  /** Return the samples themselves (else only the moments). */
  readonly keepSamples: boolean;
}

/** Count, sum and sum of squares of the samples. */
export interface SampleMoments {
  readonly count: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** Kernel result. Samples are f64 on the CPU twin and f32 (widened) from the GPU; Bernoulli draws are 0/1. */
export interface DistributionSamples {
  readonly samples: Float64Array | null;
  readonly moments: SampleMoments;
}

/** Distribution codes of the `DISTRIBUTION` override constant in shaders/rng/distribution-samples.wgsl. */
export const DISTRIBUTION_CODES: Readonly<Record<DistributionName, number>> = {
  uniform: 0,
  exponential: 1,
  normal: 2,
  bernoulli: 3,
};

/** Uniform block of shaders/rng/distribution-samples.wgsl. */
export const DistributionUniform = defineStruct('DistributionParams', {
  key: 'vec2<u32>',
  trial: 'u32',
  cell: 'u32',
  stream_word: 'u32',
  first: 'u32',
  count: 'u32',
  lane_first: 'u32',
  rate: 'f32',
  keep: 'u32',
  threshold: 'vec2<u32>',
});

/** Philox blocks per GPU invocation: amortises the workgroup reduction (its barriers are costly on lavapipe). */
export const BLOCKS_PER_INVOCATION = 16;

/** Largest batch: 2²⁴ samples (64 MiB of f32 samples). */
const MAX_SAMPLES_PER_BATCH = 1 << 24;
/** Largest sample count (keeps lane·4 + j inside u32 in WGSL). */
const MAX_SAMPLES = 2 ** 31;

/**
 * Measured on the development machine (Node 20.20, 2 vCPU, one JS thread, 2²³ samples): 30 ns per uniform sample,
 * 48 ns exponential, 86 ns normal; Bernoulli costs as much as uniform.
 */
const NANOS_PER_SAMPLE: Readonly<Record<DistributionName, number>> = {
  uniform: 30,
  bernoulli: 30,
  exponential: 48,
  normal: 86,
};

function wordsPerSample(params: DistributionSamplesParams): number {
  return params.distribution === 'normal' ? 2 : 1;
}

function checkParams(params: DistributionSamplesParams): void {
  if (!Number.isInteger(params.count) || params.count < 0 || params.count > MAX_SAMPLES)
    throw new RangeError(`distribution-samples: count ${params.count} outside [0, 2^31]`);
  if (!(params.distribution in DISTRIBUTION_CODES))
    throw new RangeError(`distribution-samples: unknown distribution ${params.distribution}`);
  if (params.distribution === 'exponential' && !((params.rate ?? 1) > 0))
    throw new RangeError(`distribution-samples: rate ${params.rate} must be positive`);
  if (params.distribution === 'bernoulli') bernoulliThreshold(params.p ?? Number.NaN);
}

function runCpu(params: DistributionSamplesParams, range: WorkRange): DistributionSamples {
  checkParams(params);
  const n = range.end - range.start;
  const w = wordsPerSample(params);
  const words = new Uint32Array(n * w);
  philoxSequence(
    params.key[0],
    params.key[1],
    params.trial,
    params.cell,
    streamWord(params.stream, params.round ?? 0),
    range.start * w,
    n * w,
    words,
  );
  const rate = params.rate ?? 1;
  const threshold = params.distribution === 'bernoulli' ? bernoulliThreshold(params.p!) : 0;
  const samples = params.keepSamples ? new Float64Array(n) : null;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    let x: number;
    switch (params.distribution) {
      case 'exponential':
        x = exponentialFromWord(words[i], rate);
        break;
      case 'normal':
        x = normalFromWords(words[2 * i], words[2 * i + 1]);
        break;
      case 'bernoulli':
        x = bernoulliFromWord(words[i], threshold) ? 1 : 0;
        break;
      default:
        x = uniformFromWord(words[i]);
    }
    if (samples) samples[i] = x;
    sum += x;
    sumSquares += x * x;
  }
  return { samples, moments: { count: n, sum, sumSquares } };
}

/** The distribution-samples kernel. */
export const distributionSamplesKernel = defineKernel<DistributionSamplesParams, DistributionSamples>({
  name: 'distribution-samples',
  module: import.meta.url,
  items(params) {
    checkParams(params);
    return params.count;
  },
  merge(parts, params) {
    const moments = parts.reduce(
      (m, p) => ({
        count: m.count + p.moments.count,
        sum: m.sum + p.moments.sum,
        sumSquares: m.sumSquares + p.moments.sumSquares,
      }),
      { count: 0, sum: 0, sumSquares: 0 },
    );
    if (!params.keepSamples) return { samples: null, moments };
    const samples = new Float64Array(moments.count);
    let offset = 0;
    for (const part of parts) {
      samples.set(part.samples!, offset);
      offset += part.samples!.length;
    }
    return { samples, moments };
  },
  cpu: { run: runCpu, nanosPerItem: (params) => NANOS_PER_SAMPLE[params.distribution] },
  gpu: {
    maxItemsPerBatch: (_params, { limits }) =>
      Math.min(
        MAX_SAMPLES_PER_BATCH,
        Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 4),
      ),
    encode(params, range) {
      checkParams(params);
      const n = range.end - range.start;
      const perBlock = 4 / wordsPerSample(params);
      const laneFirst = Math.floor(range.start / perBlock);
      const lanes = Math.ceil(range.end / perBlock) - laneFirst;
      const workgroups = workgroupsFor(lanes, DEFAULT_WORKGROUP_SIZE * BLOCKS_PER_INVOCATION);
      const uniform = DistributionUniform.write({
        key: [params.key[0], params.key[1]],
        trial: params.trial,
        cell: params.cell,
        stream_word: streamWord(params.stream, params.round ?? 0),
        first: range.start,
        count: n,
        lane_first: laneFirst,
        rate: params.rate ?? 1,
        keep: params.keepSamples ? 1 : 0,
        threshold: params.distribution === 'bernoulli' ? bernoulliThresholdWords(params.p!) : [0, 0],
      });
      return {
        label: `distribution-samples ${params.distribution} [${range.start}, ${range.end})`,
        buffers: {
          params: { usage: 'uniform', data: uniform },
          samples: { usage: 'storage', size: params.keepSamples ? 4 * n : 4, readback: params.keepSamples },
          partials: { usage: 'storage', size: 16 * workgroups, readback: true },
        },
        passes: [
          {
            shader: 'rng/distribution-samples.wgsl',
            constants: {
              WORKGROUP_SIZE: DEFAULT_WORKGROUP_SIZE,
              BLOCKS_PER_INVOCATION,
              DISTRIBUTION: DISTRIBUTION_CODES[params.distribution],
            },
            bindings: ['params', 'samples', 'partials'],
            dispatch: dispatchGrid(workgroups),
          },
        ],
      };
    },
    decode(params, range, readback) {
      const partials = new Float32Array(readback.partials);
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < partials.length; i += 4) {
        sum += partials[i + 1];
        sumSquares += partials[i + 2];
      }
      const samples = params.keepSamples ? Float64Array.from(new Float32Array(readback.samples)) : null;
      return { samples, moments: { count: range.end - range.start, sum, sumSquares } };
    },
  },
});

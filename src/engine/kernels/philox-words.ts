import { philox4x32 } from '../../rng/philox.js';
import { defineKernel, type WorkRange } from '../kernel.js';
import { defineStruct } from '../layout/struct-layout.js';
import { DEFAULT_WORKGROUP_SIZE, dispatchGrid, workgroupsFor } from '../webgpu/dispatch.js';

/**
 * Raw Philox4x32 words for a range of lanes — the foundation kernel behind the known-answer and bit-identity tests.
 * Work item b is the Philox block at counter (firstLane + b mod 2³², c1, c2, c3) under `key`; the result holds its
 * four words at [4b, 4b + 4).
 */
export interface PhiloxWordsParams {
  /** Key words (seed_lo, seed_hi); see `seedKey`. */
  readonly key: readonly [number, number];
  /** Counter words c1, c2, c3 (trial, cell, stream word in the gradcode layout). */
  readonly counter: readonly [number, number, number];
  /** Lane (counter word c0) of work item 0. */
  readonly firstLane: number;
  /** Number of blocks. */
  readonly blocks: number;
  /** Rounds (default 10; 7 for the Philox4x32-7 known answers). */
  readonly rounds?: number;
}

/** Uniform block of shaders/rng/philox-words.wgsl. */
export const PhiloxWordsUniform = defineStruct('PhiloxWordsParams', {
  key: 'vec2<u32>',
  counter: 'vec4<u32>',
  blocks: 'u32',
  rounds: 'u32',
});

/** Largest batch: 2²² blocks (64 MiB of words). */
const MAX_BLOCKS_PER_BATCH = 1 << 22;

/** Measured on the development machine (Node 20.20, one JS thread, 2²¹ blocks): about 72 ns per Philox block. */
const NANOS_PER_BLOCK = 72;

function runCpu(params: PhiloxWordsParams, range: WorkRange): Uint32Array {
  const [k0, k1] = params.key;
  const [c1, c2, c3] = params.counter;
  const rounds = params.rounds ?? 10;
  const out = new Uint32Array(4 * (range.end - range.start));
  for (let b = range.start; b < range.end; b++)
    philox4x32((params.firstLane + b) >>> 0, c1, c2, c3, k0, k1, out, 4 * (b - range.start), rounds);
  return out;
}

/** The Philox-words kernel; the result is a Uint32Array of 4 words per block. */
export const philoxWordsKernel = defineKernel<PhiloxWordsParams, Uint32Array>({
  name: 'philox-words',
  module: import.meta.url,
  items: (params) => params.blocks,
  merge(parts) {
    const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  },
  cpu: { run: runCpu, nanosPerItem: () => NANOS_PER_BLOCK },
  gpu: {
    maxItemsPerBatch: (_params, { limits }) =>
      Math.min(
        MAX_BLOCKS_PER_BATCH,
        Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 16),
      ),
    encode(params, range) {
      const blocks = range.end - range.start;
      const [c1, c2, c3] = params.counter;
      const uniform = PhiloxWordsUniform.write({
        key: [params.key[0], params.key[1]],
        counter: [(params.firstLane + range.start) >>> 0, c1, c2, c3],
        blocks,
        rounds: params.rounds ?? 10,
      });
      return {
        label: `philox-words [${range.start}, ${range.end})`,
        buffers: {
          params: { usage: 'uniform', data: uniform },
          words: { usage: 'storage', size: 16 * blocks, readback: true },
        },
        passes: [
          {
            shader: 'rng/philox-words.wgsl',
            constants: { WORKGROUP_SIZE: DEFAULT_WORKGROUP_SIZE },
            bindings: ['params', 'words'],
            dispatch: dispatchGrid(workgroupsFor(blocks)),
          },
        ],
      };
    },
    decode: (_params, _range, readback) => new Uint32Array(readback.words),
  },
});

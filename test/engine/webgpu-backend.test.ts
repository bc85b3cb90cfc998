import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpu-backend.js';
import { defineKernel, type WorkRange } from '../../src/engine/kernel.js';
import type { BatchReadback, BatchSpec } from '../../src/engine/webgpu/batch.js';
import type { GpuContext } from '../../src/engine/webgpu/gpu-context.js';
import { DeviceLostError, GpuOutOfMemoryError, GpuValidationError } from '../../src/engine/webgpu/gpu-errors.js';
import { DEFAULT_LIMITS } from '../../src/engine/webgpu/limits.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';

/** Kernel computing i² for items [0, n): its "GPU" results come from the fake context below. */
const squares = defineKernel<{ n: number }, Float64Array>({
  name: 'test-squares',
  module: import.meta.url,
  items: ({ n }) => n,
  merge: (parts) => Float64Array.from(parts.flatMap((p) => [...p])),
  cpu: {
    run: (_p, r) => Float64Array.from({ length: r.end - r.start }, (_, i) => (r.start + i) ** 2),
    nanosPerItem: () => 1,
  },
  gpu: {
    maxItemsPerBatch: () => 400,
    encode: (_p, r: WorkRange): BatchSpec => ({
      label: `squares [${r.start}, ${r.end})`,
      buffers: {
        range: { usage: 'uniform', data: new Uint32Array([r.start, r.end]) },
        out: { usage: 'storage', size: 4 * (r.end - r.start), readback: true },
      },
      passes: [{ shader: 'none.wgsl', bindings: ['range', 'out'], dispatch: [1, 1, 1] }],
    }),
    decode: (_p, _r, readback) => Float64Array.from(new Float32Array(readback.out)),
  },
});

/** A stand-in GpuContext that "runs" a batch by squaring its range, failing where `fail` says. */
function fakeContext(fail: (start: number, end: number) => Error | null) {
  const seen: string[] = [];
  const context = {
    adapterLimits: DEFAULT_LIMITS,
    batchTarget: { limits: DEFAULT_LIMITS, software: false },
    description: 'webgpu: fake',
    async runBatch(batch: BatchSpec): Promise<BatchReadback> {
      seen.push(batch.label);
      const [start, end] = batch.buffers.range.data as Uint32Array;
      const error = fail(start, end);
      if (error) throw error;
      return { out: Float32Array.from({ length: end - start }, (_, i) => (start + i) ** 2).buffer };
    },
    memory: () => ({ allocatedBytes: 0, inUseBytes: 0, freeBytes: 0, buffers: 0, buffersInUse: 0 }),
    stats: () => ({ batches: seen.length, devicesCreated: 1, deviceLosses: 0 }),
    release: async () => {},
  };
  return { context: context as unknown as GpuContext, seen };
}

const expected = Float64Array.from({ length: 1000 }, (_, i) => i * i);

describe('WebGPU backend batching and failure handling (fake device)', () => {
  it('cuts a run into batches of maxItemsPerBatch and merges them in order', async () => {
    const { context, seen } = fakeContext(() => null);
    const backend = new WebGpuBackend(context);
    expect(await backend.run(squares, { n: 1000 })).toEqual(expected);
    expect(seen).toEqual(['squares [0, 400)', 'squares [400, 800)', 'squares [800, 1000)']);
  });

  it('splits a batch in halves after an out-of-memory error', async () => {
    const { context, seen } = fakeContext((start, end) =>
      end - start > 150 ? new GpuOutOfMemoryError(`[${start}, ${end})`, 'too big') : null,
    );
    const backend = new WebGpuBackend(context);
    expect(await backend.run(squares, { n: 1000 })).toEqual(expected);
    // Each 400-item batch splits 3 times (400 → 2×200 → 4×100), the last 200-item batch once.
    expect(backend.stats().outOfMemorySplits).toBe(7);
    expect(seen.filter((label) => label === 'squares [0, 100)')).toHaveLength(1);
  });

  it('runs a batch whose device was lost twice on the CPU twin, with a warning', async () => {
    const warnings: string[] = [];
    const { context } = fakeContext((start) => (start === 400 ? new DeviceLostError('b', 'unknown', 'gone') : null));
    const backend = new WebGpuBackend(context, {
      fallback: new CpuBackend({ threads: 1 }),
      onWarning: (m) => warnings.push(m),
    });
    expect(await backend.run(squares, { n: 1000 })).toEqual(expected);
    expect(backend.stats().cpuFallbacks).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/device lost.*test-squares \[400, 800\) on the CPU twin/)]);
  });

  it('propagates validation errors (bugs) without retrying or falling back', async () => {
    const { context, seen } = fakeContext(() => new GpuValidationError('b', 'bad binding'));
    const backend = new WebGpuBackend(context, { onWarning: () => {} });
    await expect(backend.run(squares, { n: 1000 })).rejects.toBeInstanceOf(GpuValidationError);
    expect(seen).toHaveLength(1);
    expect(backend.stats().cpuFallbacks).toBe(0);
  });
});

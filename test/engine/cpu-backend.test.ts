import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpu-backend.js';
import { releaseWorkerPool, workerEntry } from '../../src/engine/cpu/worker-pool.js';
import { distributionSamplesKernel } from '../../src/engine/kernels/distribution-samples.js';
import { philoxWordsKernel } from '../../src/engine/kernels/philox-words.js';
import { Stream, seedKey } from '../../src/rng/counters.js';
import { distributionConformance, philoxConformance } from './support/backend-conformance.js';

afterAll(releaseWorkerPool);

describe('CPU backend on worker threads (conformance)', () => {
  // Force worker tasks even for small jobs so the worker path itself is what the suite checks.
  const backend = new CpuBackend({ threads: 2, inlineBelowMs: 0, taskTargetMs: 1 });
  philoxConformance(() => backend);
  distributionConformance(() => backend);
});

describe('CPU backend task sizing', () => {
  const params = {
    key: seedKey(5),
    trial: 0,
    cell: 0,
    stream: Stream.test,
    distribution: 'uniform' as const,
    count: 100_000,
    keepSamples: true,
  };

  it('runs small jobs inline (one task) and large ones as ≥ 2 worker tasks', async () => {
    const backend = new CpuBackend({ threads: 2 });
    // 100 000 uniforms ≈ 3 ms of work: below the 200 ms inline threshold.
    await backend.run(distributionSamplesKernel, params);
    expect(backend.stats().batches).toBe(1);
    const big = { ...params, count: 8_000_000, keepSamples: false };
    const result = await backend.run(distributionSamplesKernel, big);
    expect(backend.stats().batches).toBeGreaterThanOrEqual(3);
    // Same moments as one inline pass, up to the order of floating-point additions.
    const inline = await new CpuBackend({ threads: 1 }).run(distributionSamplesKernel, big);
    expect(result.moments.count).toBe(inline.moments.count);
    expect(Math.abs(result.moments.sum / inline.moments.sum - 1)).toBeLessThan(1e-11);
    expect(Math.abs(result.moments.sumSquares / inline.moments.sumSquares - 1)).toBeLessThan(1e-11);
  });

  it("cuts a job into at most 4 tasks per thread, or the kernel's tasksPerThread", async () => {
    const p = { key: seedKey(78), counter: [1, 2, 3] as [number, number, number], firstLane: 0, blocks: 40_000 };
    const balanced = new CpuBackend({ threads: 2, inlineBelowMs: 0, taskTargetMs: 0.001 });
    const a = await balanced.run(philoxWordsKernel, p);
    expect(balanced.stats().batches).toBe(8);
    // the same kernel declaring uniform items (workers still find it by name)
    const uniform = { ...philoxWordsKernel, cpu: { ...philoxWordsKernel.cpu, tasksPerThread: 1 } };
    const oneEach = new CpuBackend({ threads: 2, inlineBelowMs: 0, taskTargetMs: 0.001 });
    const b = await oneEach.run(uniform, p);
    expect(oneEach.stats().batches).toBe(2);
    expect(b).toEqual(a);
  });

  it('gives identical results inline and on workers, for any number of tasks', async () => {
    const p = { key: seedKey(77), counter: [1, 2, 3] as [number, number, number], firstLane: 5, blocks: 40_001 };
    const inline = await new CpuBackend({ threads: 1 }).run(philoxWordsKernel, p);
    for (const taskTargetMs of [0.01, 1]) {
      const pooled = await new CpuBackend({ threads: 2, inlineBelowMs: 0, taskTargetMs }).run(philoxWordsKernel, p);
      expect(pooled).toEqual(inline);
    }
  });

  it('starts workers from TypeScript sources through a tsx register() preload', () => {
    const entry = workerEntry();
    expect(entry.filename).toMatch(/kernel-worker\.ts$/);
    expect(decodeURIComponent(entry.execArgv[1])).toContain('register()');
  });

  it('rejects ranges outside the kernel', async () => {
    const backend = new CpuBackend();
    await expect(backend.run(distributionSamplesKernel, params, { range: { start: 5, end: 200_000 } })).rejects.toThrow(
      RangeError,
    );
  });
});

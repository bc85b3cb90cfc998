import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { philoxWordsKernel } from '../../src/engine/kernels/philox-words.js';
import { sizeClass } from '../../src/engine/webgpu/buffer-pool.js';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { describeGpu } from './support/gpu.js';

const run = promisify(execFile);

describeGpu('buffer pool', () => {
  afterAll(releaseGpu);

  it('keeps its byte count flat over 1000 small batches in a row', async () => {
    const backend = await WebGpuBackend.create();
    const allocated: number[] = [];
    const started = performance.now();
    for (let i = 0; i < 1000; i++) {
      // Seven sizes spanning four size classes; every batch also needs a uniform and a staging buffer.
      const blocks = 100 + (i % 7) * 13;
      const words = await backend.run(philoxWordsKernel, { key: [i, 7], counter: [1, 2, 3], firstLane: i, blocks });
      if (i % 97 === 0)
        expect(words).toEqual(
          philoxWordsKernel.cpu.run(
            { key: [i, 7], counter: [1, 2, 3], firstLane: i, blocks },
            { start: 0, end: blocks },
          ),
        );
      expect(backend.memory().inUseBytes).toBe(0);
      allocated.push(backend.memory().allocatedBytes);
    }
    const elapsed = performance.now() - started;
    const classes = new Set(Array.from({ length: 7 }, (_, k) => sizeClass(16 * (100 + k * 13))));
    expect(classes.size).toBeGreaterThan(2);
    // After the first pass over the seven sizes, nothing new is allocated.
    expect(new Set(allocated.slice(7))).toEqual(new Set([allocated[6]]));
    expect(backend.context.memory().buffers).toBeLessThanOrEqual(2 * classes.size + 2);
    expect(backend.stats().batches).toBe(1000);
    console.info(`1000 batches in ${elapsed.toFixed(0)} ms; pool holds ${allocated[999]} bytes`);
    await backend.dispose();
    expect(backend.memory().allocatedBytes).toBe(0);
  });

  it('lets a process that ran GPU batches and worker tasks exit by itself', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/engine/fixtures/batches-then-return.ts'], {
      timeout: 90_000,
    });
    const summary = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(summary).toEqual({ batches: 200, allocated: [expect.any(Number)], words: 4000 });
  });
});

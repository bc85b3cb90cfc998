import { afterAll, expect, it } from 'vitest';
import { CpuBackend } from '../../src/engine/cpu/cpu-backend.js';
import { defineKernel } from '../../src/engine/kernel.js';
import { distributionSamplesKernel } from '../../src/engine/kernels/distribution-samples.js';
import { type PhiloxWordsParams, philoxWordsKernel } from '../../src/engine/kernels/philox-words.js';
import type { BatchSpec } from '../../src/engine/webgpu/batch.js';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import type { GpuTestHooks } from '../../src/engine/webgpu/gpu-context.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { Stream, seedKey, streamWord } from '../../src/rng/counters.js';
import { describeGpu } from './support/gpu.js';

/** Philox words in batches of 5 000 blocks, so one run spans several batches. */
const smallBatches = defineKernel<PhiloxWordsParams, Uint32Array>({
  ...philoxWordsKernel,
  name: 'test-philox-words-small-batches',
  module: import.meta.url,
  gpu: { ...philoxWordsKernel.gpu, maxItemsPerBatch: () => 5_000 },
});

const params: PhiloxWordsParams = {
  key: seedKey(424242),
  counter: [9, 1, streamWord(Stream.test)],
  firstLane: 0,
  blocks: 23_456,
};
const reference = philoxWordsKernel.cpu.run(params, { start: 0, end: params.blocks });

/** Backend whose hooks destroy the device when `shouldDestroy(batch, attempt)` says so; the CPU fallback runs inline. */
async function backendWith(shouldDestroy: (batch: BatchSpec, attempt: number) => boolean) {
  const destroyed: string[] = [];
  const warnings: string[] = [];
  const hooks: GpuTestHooks = {
    afterSubmit(device, batch, attempt) {
      if (!shouldDestroy(batch, attempt)) return;
      destroyed.push(`${batch.label}#${attempt}`);
      device.destroy();
    },
  };
  const backend = await WebGpuBackend.create({
    hooks,
    fallback: new CpuBackend({ threads: 1 }),
    onWarning: (message) => warnings.push(message),
  });
  return { backend, destroyed, warnings };
}

describeGpu('device loss', () => {
  afterAll(releaseGpu);

  it('re-runs a batch whose device is destroyed mid-batch on a fresh device, with identical results', async () => {
    let armed = true;
    const { backend, destroyed, warnings } = await backendWith((batch) => {
      if (!armed || !batch.label.includes('[10000,')) return false;
      armed = false;
      return true;
    });
    const words = await backend.run(smallBatches, params);
    expect(destroyed).toEqual(['philox-words [10000, 15000)#0']);
    expect(words).toEqual(reference);
    expect(backend.stats()).toMatchObject({ deviceLosses: 1, cpuFallbacks: 0, batches: 5 });
    expect(backend.context.stats().devicesCreated).toBe(2);
    expect(warnings).toEqual([]);
    // The replacement device keeps working and its pool accounts for the buffers it holds.
    expect(await backend.run(smallBatches, params)).toEqual(reference);
    expect(backend.memory().inUseBytes).toBe(0);
    await backend.dispose();
  });

  it('runs the batch on the CPU twin when the fresh device is lost as well, with identical results', async () => {
    const { backend, destroyed, warnings } = await backendWith((batch) => batch.label.includes('[5000,'));
    const words = await backend.run(smallBatches, params);
    expect(destroyed).toEqual(['philox-words [5000, 10000)#0', 'philox-words [5000, 10000)#1']);
    expect(words).toEqual(reference);
    expect(backend.stats()).toMatchObject({ deviceLosses: 2, cpuFallbacks: 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/device lost.*CPU twin/);
    await backend.dispose();
  });

  it('replaces a device lost between batches before the next batch', async () => {
    const { backend } = await backendWith(() => false);
    await backend.run(smallBatches, { ...params, blocks: 10 });
    backend.context.device!.destroy();
    expect(await backend.run(smallBatches, params)).toEqual(reference);
    expect(backend.context.stats()).toMatchObject({ devicesCreated: 2, deviceLosses: 1 });
    await backend.dispose();
  });

  it('keeps bit-identical uniforms across a loss in the middle of a fused distribution batch', async () => {
    const p = {
      key: seedKey(7),
      trial: 1,
      cell: 2,
      stream: Stream.test,
      distribution: 'uniform' as const,
      count: 300_001,
      keepSamples: true,
    };
    let armed = true;
    const { backend, destroyed } = await backendWith(() => {
      const fire = armed;
      armed = false;
      return fire;
    });
    const gpu = await backend.run(distributionSamplesKernel, p);
    expect(destroyed).toHaveLength(1);
    const cpu = distributionSamplesKernel.cpu.run(p, { start: 0, end: p.count });
    expect(gpu.samples).toEqual(cpu.samples);
    await backend.dispose();
  });
});

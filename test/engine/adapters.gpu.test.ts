import { afterAll, expect, it } from 'vitest';
import { decideAutoBackend } from '../../src/engine/backend-choice.js';
import { createBackend } from '../../src/engine/create-backend.js';
import { philoxWordsKernel } from '../../src/engine/kernels/philox-words.js';
import { listAdapters } from '../../src/engine/webgpu/adapters.js';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { GpuContext } from '../../src/engine/webgpu/gpu-context.js';
import { GpuLimitError } from '../../src/engine/webgpu/gpu-errors.js';
import { InputError } from '../../src/errors.js';
import { describeGpu } from './support/gpu.js';

const KAT = {
  key: [0, 0] as [number, number],
  counter: [0, 0, 0] as [number, number, number],
  firstLane: 0,
  blocks: 1,
};

describeGpu('adapters and devices', () => {
  afterAll(releaseGpu);

  it('lists every adapter with its info, key limits and features', async () => {
    const adapters = await listAdapters();
    expect(adapters.length).toBeGreaterThan(0);
    for (const a of adapters) {
      expect(a.name).not.toBe('');
      expect(a.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(2 ** 27);
      expect(a.limits.maxComputeWorkgroupsPerDimension).toBeGreaterThanOrEqual(65535);
      expect(Array.isArray(a.features)).toBe(true);
    }
    console.info(`adapters: ${adapters.map((a) => `${a.name} [${a.software ? 'software' : 'hardware'}]`).join('; ')}`);
  });

  it('opens an adapter by a unique part of its name and runs on it', async () => {
    const [first] = await listAdapters();
    const part = first.name.slice(0, Math.min(8, first.name.length));
    const backend = await createBackend({ backend: 'webgpu', adapter: part });
    expect(backend.kind).toBe('webgpu');
    expect([...(await backend.run(philoxWordsKernel, KAT))][0]).toBe(0x6627e8d5);
    await backend.dispose();
  });

  it('rejects an adapter name that does not exist, listing the valid names', async () => {
    const adapters = await listAdapters();
    const error = await createBackend({ adapter: 'no-such-gpu-9000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('--adapter');
    for (const a of adapters) expect((error as Error).message).toContain(`"${a.name}"`);
  });

  it('auto picks what the rule says for this machine', async () => {
    const backend = await createBackend({ backend: 'auto' });
    expect(backend.kind).toBe(decideAutoBackend(await listAdapters()).kind);
    await backend.dispose();
  });

  it('creates devices with the limits batches need, grows them, and refuses more than the adapter has', async () => {
    const context = await GpuContext.create();
    const max = context.adapterLimits.maxComputeWorkgroupStorageSize;
    const batch = philoxWordsKernel.gpu.encode(KAT, { start: 0, end: 1 });
    await context.runBatch(batch);
    expect(context.device!.limits.maxComputeWorkgroupStorageSize).toBe(Math.min(16384, max));
    await context.runBatch({ ...batch, limits: { maxComputeWorkgroupStorageSize: max } });
    expect(context.device!.limits.maxComputeWorkgroupStorageSize).toBe(max);
    expect(context.stats()).toMatchObject({ devicesCreated: max > 16384 ? 2 : 1, deviceLosses: 0 });
    await expect(context.runBatch({ ...batch, limits: { maxComputeWorkgroupStorageSize: max + 4 } })).rejects.toThrow(
      GpuLimitError,
    );
    await context.release();
    expect(context.device).toBeNull();
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { distributionConformance, philoxConformance } from './support/backend-conformance.js';
import { describeGpu } from './support/gpu.js';

describeGpu('WebGPU backend (conformance)', () => {
  let backend: WebGpuBackend;
  const warnings: string[] = [];
  beforeAll(async () => {
    backend = await WebGpuBackend.create({ onWarning: (message) => warnings.push(message) });
  });
  afterAll(releaseGpu);

  philoxConformance(() => backend);
  distributionConformance(() => backend);

  it('ran every batch on the GPU (no device loss, no CPU fallback) and released every buffer', () => {
    expect(warnings).toEqual([]);
    expect(backend.stats()).toMatchObject({ deviceLosses: 0, cpuFallbacks: 0, outOfMemorySplits: 0 });
    expect(backend.stats().batches).toBeGreaterThan(20);
    expect(backend.memory().inUseBytes).toBe(0);
    expect(backend.memory().allocatedBytes).toBeGreaterThan(0);
  });
});

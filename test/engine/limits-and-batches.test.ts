import { describe, expect, it } from 'vitest';
import { batchNeeds, validateBatch } from '../../src/engine/webgpu/batch.js';
import { dispatchGrid, workgroupsFor } from '../../src/engine/webgpu/dispatch.js';
import { GpuLimitError } from '../../src/engine/webgpu/gpu-errors.js';
import { DEFAULT_LIMITS, type KeyLimits, limitsSatisfy, requiredLimitsFor } from '../../src/engine/webgpu/limits.js';

const lavapipe: KeyLimits = {
  ...DEFAULT_LIMITS,
  maxBufferSize: 4294967295,
  maxStorageBuffersPerShaderStage: 16,
  maxComputeWorkgroupStorageSize: 32768,
  maxComputeInvocationsPerWorkgroup: 1024,
};

describe('required limits', () => {
  it('raise each limit to what is needed, never below the default or above the adapter', () => {
    const limits = requiredLimitsFor({ maxBufferSize: 300 * 2 ** 20, maxComputeWorkgroupStorageSize: 20000 }, lavapipe);
    expect(limits.maxBufferSize).toBe(300 * 2 ** 20);
    expect(limits.maxComputeWorkgroupStorageSize).toBe(20000);
    expect(limits.maxStorageBufferBindingSize).toBe(DEFAULT_LIMITS.maxStorageBufferBindingSize);
    expect(limitsSatisfy(limits, { maxBufferSize: 300 * 2 ** 20 })).toBe(true);
    expect(limitsSatisfy(limits, { maxBufferSize: 301 * 2 ** 20 })).toBe(false);
  });

  it('keep what the current device already has when growing', () => {
    const grown = requiredLimitsFor({ maxComputeInvocationsPerWorkgroup: 512 }, lavapipe, { maxBufferSize: 2 ** 30 });
    expect(grown.maxBufferSize).toBe(2 ** 30);
    expect(grown.maxComputeInvocationsPerWorkgroup).toBe(512);
  });

  it('throw GpuLimitError when a need exceeds the adapter', () => {
    expect(() => requiredLimitsFor({ maxComputeWorkgroupStorageSize: 65536 }, lavapipe)).toThrow(GpuLimitError);
    expect(() => requiredLimitsFor({ maxComputeWorkgroupStorageSize: 65536 }, lavapipe)).toThrow(
      /maxComputeWorkgroupStorageSize = 65536.*at most 32768/,
    );
  });
});

describe('batch descriptions', () => {
  const batch = {
    label: 'b',
    buffers: {
      params: { usage: 'uniform' as const, data: new Uint32Array(12) },
      big: { usage: 'storage' as const, size: 4096, readback: true },
      other: { usage: 'storage' as const, size: 100, readback: true },
    },
    passes: [
      { shader: 'x.wgsl', bindings: ['params', 'big', 'other'], dispatch: [70000, 2, 1] as [number, number, number] },
    ],
    limits: { maxComputeWorkgroupStorageSize: 8192 },
  };

  it('derive the limits they need', () => {
    expect(batchNeeds(batch)).toMatchObject({
      maxStorageBufferBindingSize: 4096,
      maxUniformBufferBindingSize: 48,
      maxBufferSize: 4096 + 104,
      maxStorageBuffersPerShaderStage: 2,
      maxComputeWorkgroupsPerDimension: 70000,
      maxComputeWorkgroupStorageSize: 8192,
    });
  });

  it('are checked before they reach the GPU', () => {
    expect(() => validateBatch(batch)).not.toThrow();
    const bad = (change: object) => () => validateBatch({ ...batch, ...change });
    expect(bad({ buffers: { x: { usage: 'storage', size: 6 } } })).toThrow(/multiples of 4/);
    expect(bad({ buffers: { ...batch.buffers, u: { usage: 'uniform', size: 16, readback: true } } })).toThrow(
      /only storage buffers/,
    );
    expect(bad({ passes: [{ ...batch.passes[0], bindings: ['nope'] }] })).toThrow(/unknown buffer nope/);
    expect(bad({ passes: [] })).toThrow(/no passes/);
  });
});

describe('dispatch grids', () => {
  it('cover the workgroups in one dimension up to 65535, then two', () => {
    expect(dispatchGrid(0)).toEqual([0, 1, 1]);
    expect(dispatchGrid(65535)).toEqual([65535, 1, 1]);
    expect(dispatchGrid(65536)).toEqual([65535, 2, 1]);
    expect(dispatchGrid(10, 4)).toEqual([4, 3, 1]);
    expect(() => dispatchGrid(17, 4)).toThrow(RangeError);
    expect(workgroupsFor(129, 64)).toBe(3);
  });
});

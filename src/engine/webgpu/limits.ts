import { GpuLimitError } from './gpu-errors.js';

/**
 * The device limits that gradcode batches depend on. Devices are created with each raised to what the batches need,
 * never above the adapter's maximum (tfjs-backend-webgpu requests the maxima up front; we request only what is
 * needed and grow the device when a later batch needs more).
 */
export const KEY_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxUniformBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
] as const;

/** Name of a key limit. */
export type KeyLimitName = (typeof KEY_LIMITS)[number];
/** Values of the key limits. */
export type KeyLimits = Record<KeyLimitName, number>;

/** The WebGPU defaults (what a device gets when nothing is requested), from the specification's limits table. */
export const DEFAULT_LIMITS: KeyLimits = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxUniformBufferBindingSize: 65536,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535,
};

/** Copies the key limits out of a `GPUSupportedLimits`. */
export function adapterKeyLimits(limits: GPUSupportedLimits): KeyLimits {
  const out = {} as KeyLimits;
  for (const name of KEY_LIMITS) out[name] = Number(limits[name]);
  return out;
}

/**
 * `requiredLimits` for a device: for each key limit, max(needed, current, default), and {@link GpuLimitError} when a
 * need exceeds the adapter's maximum.
 */
export function requiredLimitsFor(
  needs: Partial<KeyLimits>,
  adapter: KeyLimits,
  current: Partial<KeyLimits> = {},
): KeyLimits {
  const out = {} as KeyLimits;
  for (const name of KEY_LIMITS) {
    const need = Math.max(needs[name] ?? 0, current[name] ?? 0);
    if (need > adapter[name]) throw new GpuLimitError(name, need, adapter[name]);
    out[name] = Math.min(adapter[name], Math.max(need, DEFAULT_LIMITS[name]));
  }
  return out;
}

/** True when a device with limits `have` satisfies `needs`. */
export function limitsSatisfy(have: KeyLimits, needs: Partial<KeyLimits>): boolean {
  return KEY_LIMITS.every((name) => (needs[name] ?? 0) <= have[name]);
}

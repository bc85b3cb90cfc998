import type { KeyLimits } from './limits.js';

/**
 * A GPU batch as plain data: buffers, compute passes and what to read back. Being data (no GPU objects), a batch can
 * be replayed on a fresh device after a loss, and a kernel's encoding can be tested without a GPU.
 */

/** One buffer of a batch. */
export interface BatchBuffer {
  /** `storage` (read or read_write in WGSL) or `uniform`. */
  readonly usage: 'storage' | 'uniform';
  /** Initial contents. Buffers without data start zeroed (pooled buffers are cleared) unless `uninitialized`. */
  readonly data?: ArrayBuffer | ArrayBufferView;
  /**
   * Scratch the kernel writes before it reads: skip the clear (a pooled buffer keeps old contents). Saves a
   * memset of the whole buffer per batch — 64 MiB per trial batch on lavapipe.
   */
  readonly uninitialized?: boolean;
  /** Byte size (multiple of 4); defaults to the data's size. */
  readonly size?: number;
  /** Copy this buffer back to the host after the batch (storage buffers only). */
  readonly readback?: boolean;
}

/** One compute pass: a kernel dispatch. Binding i of `@group(0)` is the buffer named `bindings[i]`. */
export interface BatchPass {
  /** Kernel file relative to shaders/, e.g. `rng/philox-words.wgsl`. */
  readonly shader: string;
  /** Entry point (default `main`). */
  readonly entryPoint?: string;
  /** Values of WGSL `override` constants (part of the pipeline cache key). */
  readonly constants?: Readonly<Record<string, number>>;
  /** Buffer names for `@group(0) @binding(0…)`; must match the bindings the entry point uses. */
  readonly bindings: readonly string[];
  /** Workgroup counts (x, y, z). */
  readonly dispatch: readonly [number, number, number];
}

/** A batch: everything one submission needs. */
export interface BatchSpec {
  /** Shown in errors and GPU debug labels. */
  readonly label: string;
  readonly buffers: Readonly<Record<string, BatchBuffer>>;
  readonly passes: readonly BatchPass[];
  /** Limits that depend on shader contents (workgroup storage and size), declared by the kernel. */
  readonly limits?: Partial<KeyLimits>;
}

/** Read-back results: a copy of each `readback` buffer's bytes, by name. */
export type BatchReadback = Readonly<Record<string, ArrayBuffer>>;

/** Byte size of a batch buffer (its `size`, else its data's). */
export function bufferSize(buffer: BatchBuffer): number {
  const size = buffer.size ?? (buffer.data ? buffer.data.byteLength : 0);
  return size;
}

/** Checks the batch for mistakes that would otherwise surface as opaque WebGPU validation errors. */
export function validateBatch(batch: BatchSpec): void {
  const where = `batch "${batch.label}"`;
  for (const [name, buffer] of Object.entries(batch.buffers)) {
    const size = bufferSize(buffer);
    if (!Number.isInteger(size) || size <= 0 || size % 4 !== 0)
      throw new Error(`${where}: buffer ${name} has size ${size}; sizes must be positive multiples of 4`);
    if (buffer.data && buffer.data.byteLength > size)
      throw new Error(`${where}: buffer ${name} data (${buffer.data.byteLength} bytes) exceeds its size ${size}`);
    if (buffer.data && buffer.data.byteLength % 4 !== 0)
      throw new Error(`${where}: buffer ${name} data size ${buffer.data.byteLength} is not a multiple of 4`);
    if (buffer.readback && buffer.usage !== 'storage')
      throw new Error(`${where}: buffer ${name}: only storage buffers can be read back`);
  }
  if (batch.passes.length === 0) throw new Error(`${where}: no passes`);
  batch.passes.forEach((pass, i) => {
    for (const binding of pass.bindings)
      if (!(binding in batch.buffers))
        throw new Error(`${where}, pass ${i} (${pass.shader}): unknown buffer ${binding}`);
    if (pass.dispatch.some((n) => !Number.isInteger(n) || n < 0))
      throw new Error(
        `${where}, pass ${i} (${pass.shader}): dispatch ${JSON.stringify(pass.dispatch)} is not integral`,
      );
  });
}

/** The key limits a batch needs: largest bindings and buffers, storage bindings per pass, dispatch sizes. */
export function batchNeeds(batch: BatchSpec): Partial<KeyLimits> {
  let storage = 0;
  let uniform = 0;
  let readback = 0;
  for (const buffer of Object.values(batch.buffers)) {
    const size = bufferSize(buffer);
    if (buffer.usage === 'storage') storage = Math.max(storage, size);
    else uniform = Math.max(uniform, size);
    if (buffer.readback) readback += alignReadback(size);
  }
  let storagePerPass = 0;
  let workgroups = 0;
  for (const pass of batch.passes) {
    storagePerPass = Math.max(
      storagePerPass,
      pass.bindings.filter((name) => batch.buffers[name].usage === 'storage').length,
    );
    workgroups = Math.max(workgroups, ...pass.dispatch);
  }
  return {
    ...batch.limits,
    maxStorageBufferBindingSize: Math.max(storage, batch.limits?.maxStorageBufferBindingSize ?? 0),
    maxUniformBufferBindingSize: Math.max(uniform, batch.limits?.maxUniformBufferBindingSize ?? 0),
    maxBufferSize: Math.max(storage, uniform, readback, batch.limits?.maxBufferSize ?? 0),
    maxStorageBuffersPerShaderStage: Math.max(storagePerPass, batch.limits?.maxStorageBuffersPerShaderStage ?? 0),
    maxComputeWorkgroupsPerDimension: Math.max(workgroups, batch.limits?.maxComputeWorkgroupsPerDimension ?? 0),
  };
}

/** Offset alignment of each buffer inside the shared staging buffer (copyBufferToBuffer needs multiples of 4). */
export function alignReadback(size: number): number {
  return Math.ceil(size / 8) * 8;
}

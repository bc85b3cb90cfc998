import type { Kernel, WorkRange } from './kernel.js';

/** Which implementation runs kernels. */
export type BackendKind = 'webgpu' | 'cpu';

/** Options of one kernel run. */
export interface RunOptions {
  /** Sub-range of work items (default: all of `kernel.items(params)`). */
  readonly range?: WorkRange;
}

/** Memory held by a backend (device buffers for WebGPU; the CPU backend holds none between runs). */
export interface BackendMemory {
  /** Bytes of all pooled device buffers. */
  readonly allocatedBytes: number;
  /** Bytes acquired by a running batch. */
  readonly inUseBytes: number;
}

/** What happened during a backend's life (for logs and tests). */
export interface BackendStats {
  /** GPU batches (or CPU tasks) completed. */
  readonly batches: number;
  /** GPU devices lost while in use. */
  readonly deviceLosses: number;
  /** Batches that ran on the CPU twin because the GPU failed twice. */
  readonly cpuFallbacks: number;
  /** Batches split in halves after a GPU out-of-memory error. */
  readonly outOfMemorySplits: number;
}

/**
 * A place to run kernels: the WebGPU runtime or the CPU twin on a worker pool. The same kernel and params give the
 * same result on both (bit-identical on integer stages, within stated tolerances on float stages).
 */
export interface Backend {
  readonly kind: BackendKind;
  /** One line naming the device (adapter or CPU threads). */
  readonly description: string;
  /**
   * WebGPU on a hardware adapter: work is sized for a GPU's parallelism (large batches). False on the CPU twin and
   * on software adapters (lavapipe), whose batches a few CPU cores run.
   */
  readonly hardwareGpu: boolean;
  /** Runs `kernel` over its work items (or `options.range`). */
  run<P, R>(kernel: Kernel<P, R>, params: P, options?: RunOptions): Promise<R>;
  memory(): BackendMemory;
  stats(): BackendStats;
  /** Releases devices and buffers; the backend must not be used afterwards. */
  dispose(): Promise<void>;
}

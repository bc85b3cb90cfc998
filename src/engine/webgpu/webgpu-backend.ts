import type { Backend, BackendMemory, BackendStats, RunOptions } from '../backend.js';
import { CpuBackend } from '../cpu/cpu-backend.js';
import { type Kernel, resolveRange, splitEvenly, splitRange, type WorkRange } from '../kernel.js';
import { GpuContext, type GpuContextOptions } from './gpu-context.js';
import { DeviceLostError, GpuOutOfMemoryError, GpuUnavailableError } from './gpu-errors.js';

/** Options of {@link WebGpuBackend.create}. */
export interface WebGpuBackendOptions extends GpuContextOptions {
  /** Runs batches whose GPU attempts failed (default: a {@link CpuBackend}). */
  readonly fallback?: Backend;
  /** Receives warnings (CPU fallbacks); default: written to stderr. */
  readonly onWarning?: (message: string) => void;
}

/**
 * Kernels on WebGPU. A run is cut into batches of at most `kernel.gpu.maxItemsPerBatch(params, batchTarget)`
 * items, run one after another on the {@link GpuContext}, decoded and merged in order.
 *
 * Failure handling per batch: a device loss re-runs the batch on a fresh device (inside the context); if that fails
 * too, the batch runs on the CPU twin, so the caller still gets the result (bit-identical for integer outputs; f64
 * instead of f32 for float stages). An out-of-memory error splits the batch's range in halves.
 */
export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  private cpuFallbacks = 0;
  private outOfMemorySplits = 0;
  private fallback: Backend | undefined;
  private readonly warn: (message: string) => void;

  constructor(
    /** The GPU runtime this backend drives. */
    readonly context: GpuContext,
    options: Pick<WebGpuBackendOptions, 'fallback' | 'onWarning'> = {},
  ) {
    this.fallback = options.fallback;
    this.warn = options.onWarning ?? ((message) => process.stderr.write(`gradcode: ${message}\n`));
  }

  /** Opens the adapter (see {@link GpuContext.create}). */
  static async create(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
    return new WebGpuBackend(await GpuContext.create(options), options);
  }

  get hardwareGpu(): boolean {
    return !this.context.batchTarget.software;
  }

  get description(): string {
    return this.context.description;
  }

  async run<P, R>(kernel: Kernel<P, R>, params: P, options: RunOptions = {}): Promise<R> {
    const range = resolveRange(kernel, params, options.range);
    if (range.end === range.start) return kernel.cpu.run(params, range);
    const perBatch = Math.max(1, Math.floor(kernel.gpu.maxItemsPerBatch(params, this.context.batchTarget)));
    const parts: R[] = [];
    for (const piece of splitRange(range, perBatch)) parts.push(await this.runBatch(kernel, params, piece));
    return parts.length === 1 ? parts[0] : kernel.merge(parts, params);
  }

  private async runBatch<P, R>(kernel: Kernel<P, R>, params: P, range: WorkRange): Promise<R> {
    try {
      const readback = await this.context.runBatch(kernel.gpu.encode(params, range));
      return kernel.gpu.decode(params, range, readback);
    } catch (error) {
      if (error instanceof GpuOutOfMemoryError && range.end - range.start > 1) {
        this.outOfMemorySplits++;
        const parts: R[] = [];
        for (const half of splitEvenly(range, 2)) parts.push(await this.runBatch(kernel, params, half));
        return kernel.merge(parts, params);
      }
      if (error instanceof DeviceLostError || error instanceof GpuUnavailableError) {
        this.cpuFallbacks++;
        this.warn(`${error.message}; running ${kernel.name} [${range.start}, ${range.end}) on the CPU twin instead`);
        this.fallback ??= new CpuBackend();
        return this.fallback.run(kernel, params, { range });
      }
      throw error;
    }
  }

  /** Byte accounting of the device's buffer pool. */
  memory(): BackendMemory {
    const { allocatedBytes, inUseBytes } = this.context.memory();
    return { allocatedBytes, inUseBytes };
  }

  stats(): BackendStats {
    const s = this.context.stats();
    return {
      batches: s.batches,
      deviceLosses: s.deviceLosses,
      cpuFallbacks: this.cpuFallbacks,
      outOfMemorySplits: this.outOfMemorySplits,
    };
  }

  /** Destroys the device (after its queue drains). */
  async dispose(): Promise<void> {
    await this.context.release();
  }
}

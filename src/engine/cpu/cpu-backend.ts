import { cpus } from 'node:os';
import type { Backend, BackendMemory, BackendStats, RunOptions } from '../backend.js';
import { type Kernel, resolveRange, splitEvenly } from '../kernel.js';
import type { KernelTask } from './kernel-worker.js';
import { defaultCpuThreads, workerPool } from './worker-pool.js';

/**
 * Target length of one worker task. Worker start-up and message passing cost milliseconds, and with shards of
 * 2·10⁵ trials the pool was slower than the main thread (research/ecosystem.md §7), so a task should be ≥ ~100 ms.
 */
export const TASK_TARGET_MS = 100;

/**
 * Jobs estimated below this run inline on the calling thread: they cannot be cut into two tasks of
 * {@link TASK_TARGET_MS} each, so workers would only add overhead.
 */
export const INLINE_BELOW_MS = 2 * TASK_TARGET_MS;

/** Options of the CPU backend. */
export interface CpuBackendOptions {
  /** Worker threads (default: one per core). */
  readonly threads?: number;
  /** Run inline when the estimated time is below this many ms (default {@link INLINE_BELOW_MS}; 0 forces workers). */
  readonly inlineBelowMs?: number;
  /** Target task length in ms (default {@link TASK_TARGET_MS}). */
  readonly taskTargetMs?: number;
}

/**
 * The CPU twin as a backend: kernels' TypeScript `cpu.run` in f64, split over a piscina worker pool.
 *
 * Sizing rule: estimated time = `kernel.cpu.nanosPerItem(params)` × items. Below `inlineBelowMs` (200 ms) the job
 * runs inline; otherwise it is cut into ⌊estimate / 100 ms⌋ near-equal tasks, at most 4 per thread (or the
 * kernel's `tasksPerThread`), so each task is ≥ 100 ms and the pool stays busy. Results are merged in range order,
 * so they do not depend on the split.
 */
export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  readonly hardwareGpu = false;
  readonly description: string;
  /** Worker threads of the pool. */
  readonly threads: number;
  private readonly inlineBelowMs: number;
  private readonly taskTargetMs: number;
  private tasks = 0;

  constructor(options: CpuBackendOptions = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? defaultCpuThreads()));
    this.inlineBelowMs = options.inlineBelowMs ?? INLINE_BELOW_MS;
    this.taskTargetMs = options.taskTargetMs ?? TASK_TARGET_MS;
    const model = cpus()[0]?.model?.trim() || 'unknown CPU';
    this.description = `cpu: f64 TypeScript twin on ${this.threads} worker thread${this.threads === 1 ? '' : 's'} (${model})`;
  }

  async run<P, R>(kernel: Kernel<P, R>, params: P, options: RunOptions = {}): Promise<R> {
    const range = resolveRange(kernel, params, options.range);
    const items = range.end - range.start;
    const estimateMs = (kernel.cpu.nanosPerItem(params) * items) / 1e6;
    if (this.threads <= 1 || estimateMs < this.inlineBelowMs || items < 2) {
      this.tasks++;
      return kernel.cpu.run(params, range);
    }
    const perThread = Math.max(1, Math.floor(kernel.cpu.tasksPerThread ?? 4));
    const count = Math.max(2, Math.min(Math.floor(estimateMs / this.taskTargetMs), perThread * this.threads));
    const pool = workerPool(this.threads);
    const parts = await Promise.all(
      splitEvenly(range, count).map((piece) => {
        const task: KernelTask = { module: kernel.module, kernel: kernel.name, params, range: piece };
        return pool.run(task) as Promise<R>;
      }),
    );
    this.tasks += parts.length;
    return kernel.merge(parts, params);
  }

  /** The CPU backend holds no device memory. */
  memory(): BackendMemory {
    return { allocatedBytes: 0, inUseBytes: 0 };
  }

  stats(): BackendStats {
    return { batches: this.tasks, deviceLosses: 0, cpuFallbacks: 0, outOfMemorySplits: 0 };
  }

  /** Nothing to release per backend: the worker pool is shared (see `releaseWorkerPool`). */
  async dispose(): Promise<void> {}
}

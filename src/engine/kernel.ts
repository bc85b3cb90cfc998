import type { BatchReadback, BatchSpec } from './webgpu/batch.js';
import type { KeyLimits } from './webgpu/limits.js';

/**
 * The kernel interface shared by both backends. A kernel maps parameters P and a range of work items (trials,
 * samples, Philox blocks, …) to a result R, and exists twice:
 *
 * - a GPU encoding: a plain-data {@link BatchSpec} for a sub-range, and a decoder of the read-back bytes;
 * - a CPU twin: a TypeScript function over a sub-range (f64 where the GPU uses f32).
 *
 * `merge` joins the results of consecutive sub-ranges. Because every random number comes from the Philox counter of
 * its work item (src/rng/counters.ts), results do not depend on how a range is split into batches, tasks or
 * backends: per-item outputs are identical for any split (integer outputs also across backends; float outputs equal
 * up to f32-vs-f64 rounding across backends), and float reductions (sums) equal up to the order of additions.
 *
 * Params must be structured-cloneable (plain data): CPU tasks send them to worker threads.
 */

/** Half-open range [start, end) of work items. */
export interface WorkRange {
  readonly start: number;
  readonly end: number;
}

/** What a kernel sizes its GPU batches against. */
export interface BatchTarget {
  /** The adapter's maxima of the key limits (binding sizes, dispatch sizes). */
  readonly limits: KeyLimits;
  /**
   * A CPU implementation (lavapipe, SwiftShader): its "device memory" is host memory and its parallelism a few
   * cores, so large batches buy nothing there, while a hardware GPU needs enough work items per dispatch to fill it.
   */
  readonly software: boolean;
}

/** The GPU side of a kernel. */
export interface KernelGpu<P, R> {
  /** The most work items one batch may hold on this adapter. */
  maxItemsPerBatch(params: P, target: BatchTarget): number;
  /** The batch computing `range`. */
  encode(params: P, range: WorkRange): BatchSpec;
  /** The result for `range` from the batch's read-back buffers. */
  decode(params: P, range: WorkRange, readback: BatchReadback): R;
}

/** The CPU twin of a kernel. */
export interface KernelCpu<P, R> {
  /** Computes `range` on the calling thread. */
  run(params: P, range: WorkRange): R;
  /**
   * Estimated nanoseconds per work item on one JS thread (measured; see each kernel). The CPU backend sizes its
   * worker tasks and its run-inline threshold from it.
   */
  nanosPerItem(params: P): number;
  /**
   * Most worker tasks per thread (default 4, which balances items of uneven cost). Kernels whose items cost the same
   * and whose every task repeats a fixed cost (the descent streams all its operators once per task and iteration)
   * say 1.
   */
  readonly tasksPerThread?: number;
}

/** A kernel definition; create with {@link defineKernel}. */
export interface Kernel<P, R> {
  /** Unique name (worker threads look kernels up by it). */
  readonly name: string;
  /** URL of the module that defines the kernel (`import.meta.url`): worker threads import it to find the kernel. */
  readonly module: string;
  /** Total number of work items for `params`. */
  items(params: P): number;
  /** Joins results of consecutive ranges, given in range order. */
  merge(parts: readonly R[], params: P): R;
  /**
   * The cost-model family of `params` (default: the kernel's name): params of one family cost the same per unit of
   * nominal work (`cpu.nanosPerItem`) on a given device, so one measurement per family and device predicts them all
   * (src/engine/cost). Kernels whose params select differently shaped code (a protocol, an error curve) name a
   * family per shape.
   */
  family?(params: P): string;
  readonly cpu: KernelCpu<P, R>;
  readonly gpu: KernelGpu<P, R>;
}

const registry = new Map<string, Kernel<unknown, unknown>>();

/** Registers a kernel under its name (defining the same name from a different module throws) and returns it. */
export function defineKernel<P, R>(kernel: Kernel<P, R>): Kernel<P, R> {
  const existing = registry.get(kernel.name);
  if (existing && existing.module !== kernel.module)
    throw new Error(`kernel "${kernel.name}" is already defined in ${existing.module}`);
  registry.set(kernel.name, kernel as Kernel<unknown, unknown>);
  return kernel;
}

/** The registered kernel `name` (its module must have been imported). */
export function kernelByName(name: string): Kernel<unknown, unknown> {
  const kernel = registry.get(name);
  if (!kernel) throw new Error(`unknown kernel "${name}" (its module was not imported)`);
  return kernel;
}

/** The full range [0, items) of a kernel, or `range` checked against it. */
export function resolveRange<P>(kernel: Kernel<P, unknown>, params: P, range?: WorkRange): WorkRange {
  const items = kernel.items(params);
  const r = range ?? { start: 0, end: items };
  if (!Number.isInteger(r.start) || !Number.isInteger(r.end) || r.start < 0 || r.end < r.start || r.end > items)
    throw new RangeError(`kernel ${kernel.name}: range [${r.start}, ${r.end}) outside [0, ${items})`);
  return r;
}

/** Splits a range into consecutive pieces of at most `maxItems` (the last may be shorter). */
export function splitRange(range: WorkRange, maxItems: number): WorkRange[] {
  if (!(maxItems >= 1)) throw new RangeError(`splitRange: maxItems ${maxItems} < 1`);
  const step = Math.floor(maxItems);
  const out: WorkRange[] = [];
  for (let start = range.start; start < range.end; start += step)
    out.push({ start, end: Math.min(range.end, start + step) });
  if (out.length === 0) out.push({ start: range.start, end: range.start });
  return out;
}

/** Splits a range into `parts` consecutive pieces of near-equal size (no empty piece unless the range is empty). */
export function splitEvenly(range: WorkRange, parts: number): WorkRange[] {
  const n = range.end - range.start;
  const k = Math.max(1, Math.min(Math.floor(parts), n));
  const out: WorkRange[] = [];
  for (let i = 0; i < k; i++)
    out.push({ start: range.start + Math.floor((n * i) / k), end: range.start + Math.floor((n * (i + 1)) / k) });
  return out;
}

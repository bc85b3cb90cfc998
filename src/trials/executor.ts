import type { HistogramSpec } from '../stats/histogram.js';
import type { TrialCell } from './cell.js';
import type { TrialReduction } from './reduction.js';

/** What a batch should return besides the reduction. */
export interface BatchOptions {
  /** Return every trial's completion time in `raw` (the pilot batch, and on request). */
  keepRaw: boolean;
  /** Histogram range for completion times, or null (pilot batch). */
  histogram: HistogramSpec | null;
}

/**
 * A backend's trial runner: reduces trials [t0, t1) of a cell. Implementations: the f64 CPU twin
 * (`cpu-executor.ts`) and the engine backends — WebGPU's fused WGSL kernels or the CPU worker pool — through the trial
 * kernel (`backend-executor.ts`). Results depend only on the cell and the trial
 * range (the Philox counter layout), never on how a range is split.
 */
export interface TrialExecutor {
  readonly kind: 'webgpu' | 'cpu';
  /** Human-readable device description (adapter name, or CPU threads). */
  readonly description: string;
  /** Trials per batch this executor prefers for the cell (bounded memory). */
  batchSize(cell: TrialCell): number;
  runBatch(cell: TrialCell, t0: number, t1: number, options: BatchOptions): Promise<TrialReduction>;
  /**
   * The predicted cost of running these cells in this order: seconds on this executor's backend when its calibration
   * covers them (compile time of each pipeline's first use included), else relative nominal work (`seconds` false).
   */
  predictCosts?(cells: readonly TrialCell[]): { readonly costs: readonly number[]; readonly seconds: boolean };
}

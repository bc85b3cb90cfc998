import { availableParallelism } from 'node:os';
import type { TrialCell } from './cell.js';
import { runTrialsCpu } from './cpu-twin.js';
import type { BatchOptions, TrialExecutor } from './executor.js';
import { emptyReduction, type TrialReduction } from './reduction.js';

/** Trials per CPU batch: large enough that per-batch overhead is negligible, small enough for smooth progress. */
export const CPU_BATCH_TRIALS = 16384;

/** The f64 CPU twin as a {@link TrialExecutor} (main thread). */
export class CpuTrialExecutor implements TrialExecutor {
  readonly kind = 'cpu' as const;
  readonly description = `cpu (f64 twin, ${availableParallelism()} cores)`;

  batchSize(_cell: TrialCell): number {
    return CPU_BATCH_TRIALS;
  }

  async runBatch(cell: TrialCell, t0: number, t1: number, options: BatchOptions): Promise<TrialReduction> {
    const r = emptyReduction(cell.grid.length, options.histogram);
    runTrialsCpu(cell, t0, t1, r, options.keepRaw);
    return r;
  }
}

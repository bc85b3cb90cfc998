import type { Backend } from '../engine/backend.js';
import { predictOnBackend } from '../engine/cost/backend-prediction.js';
import { type CreateBackendOptions, createBackend } from '../engine/create-backend.js';
import type { TrialCell } from './cell.js';
import type { BatchOptions, TrialExecutor } from './executor.js';
import type { TrialReduction } from './reduction.js';
import { trialKernel } from './trial-kernel.js';
import { CPU_STEP_TRIALS, GPU_STEP_TRIALS, trialWorkload } from './trial-workload.js';

/**
 * Runs cells' trials on an engine {@link Backend} (WebGPU with its CPU fallback, or the CPU worker pool) through
 * the {@link trialKernel}. Batches of a step are merged in trial order, so results do not depend on the backend's
 * batch size.
 */
export class BackendTrialExecutor implements TrialExecutor {
  readonly kind: 'webgpu' | 'cpu';
  readonly description: string;

  constructor(
    readonly backend: Backend,
    /** Run the checked build of the WebGPU kernels (tests; see TrialKernelParams.checkScratch). */
    private readonly options: { readonly checkScratch?: boolean } = {},
  ) {
    this.kind = backend.kind;
    this.description = backend.description;
  }

  batchSize(_cell: TrialCell): number {
    return this.kind === 'webgpu' ? GPU_STEP_TRIALS : CPU_STEP_TRIALS;
  }

  /** The cost model's seconds per cell on this backend, or nominal work when its calibration lacks them. */
  predictCosts(cells: readonly TrialCell[]): { costs: readonly number[]; seconds: boolean } {
    const units = trialWorkload(cells);
    const predicted = predictOnBackend(this.backend, units);
    if (predicted && predicted.missing.length === 0) return { costs: predicted.perUnit, seconds: true };
    return { costs: units.map((u) => u.items * u.nominalNs), seconds: false };
  }

  runBatch(cell: TrialCell, t0: number, t1: number, options: BatchOptions): Promise<TrialReduction> {
    return this.backend.run(
      trialKernel,
      { cell, keepRaw: options.keepRaw, histogram: options.histogram, checkScratch: this.options.checkScratch },
      { range: { start: t0, end: t1 } },
    );
  }

  dispose(): Promise<void> {
    return this.backend.dispose();
  }
}

/** The trial executor for `--backend` / `--adapter` (see `createBackend` for the `auto` rule). */
export async function createTrialExecutor(options: CreateBackendOptions = {}): Promise<BackendTrialExecutor> {
  return new BackendTrialExecutor(await createBackend(options));
}

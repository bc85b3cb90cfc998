import type { Backend } from '../engine/backend.js';
import { type CreateBackendOptions, createBackend } from '../engine/create-backend.js';
import type { TrialCell } from './cell.js';
import type { BatchOptions, TrialExecutor } from './executor.js';
import type { TrialReduction } from './reduction.js';
import { trialKernel } from './trial-kernel.js';

/** Trials per progress step on the WebGPU backend (it cuts each step into device batches itself). */
export const GPU_STEP_TRIALS = 1 << 18;
/** Trials per progress step on the CPU backend (cut into worker tasks of ~100 ms). */
export const CPU_STEP_TRIALS = 1 << 15;

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

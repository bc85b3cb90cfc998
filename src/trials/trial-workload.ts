import type { BackendKind } from '../engine/backend.js';
import { type WorkUnit, workUnit } from '../engine/cost/work-unit.js';
import type { TrialCell } from './cell.js';
import { PILOT_TRIALS } from './run-cell.js';
import { trialFamily } from './trial-family.js';
import { trialKernel } from './trial-kernel.js';

/** Trials per progress step on the WebGPU backend (it cuts each step into device batches itself). */
export const GPU_STEP_TRIALS = 1 << 18;
/** Trials per progress step on the CPU backend (cut into worker tasks of ~100 ms). */
export const CPU_STEP_TRIALS = 1 << 15;

/** `backend.run` calls of a cell on each backend kind: the pilot, then steps of the executor's size. */
export function trialCalls(trials: number): Record<BackendKind, number> {
  const rest = Math.max(0, trials - PILOT_TRIALS);
  return { webgpu: 1 + Math.ceil(rest / GPU_STEP_TRIALS), cpu: 1 + Math.ceil(rest / CPU_STEP_TRIALS) };
}

/** The work of a cell for the cost model (its trials, calls and pipelines). */
export function trialWorkUnit(cell: TrialCell, label = `cell ${cell.index}`): WorkUnit {
  const { code } = cell.schedule;
  return workUnit(
    trialKernel,
    { cell, keepRaw: false, histogram: null },
    {
      label,
      shape: `${trialFamily(cell)}, N=${code.N} m=${code.m} nnz=${code.chunks.length} ℓ=${cell.plan.parts} grid ${cell.grid.length}`,
      calls: trialCalls(cell.trials),
    },
  );
}

/** The work of a list of cells, in run order. */
export function trialWorkload(cells: readonly TrialCell[]): WorkUnit[] {
  return cells.map((cell) => trialWorkUnit(cell));
}

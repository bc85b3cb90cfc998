import { computeFinishTimes } from '../protocols/finish-times.js';
import { GramLeastSquares } from '../protocols/gram-least-squares.js';
import { originalScratch, originalTrial } from '../protocols/original.js';
import { newOutcome } from '../protocols/outcome.js';
import { partialTrial } from '../protocols/partial.js';
import { TrialDrawer } from '../stragglers/draws.js';
import type { TrialCell } from './cell.js';
import { addOutcome, type TrialReduction } from './reduction.js';

/** Relative rank tolerance of the f64 Gram least-squares decoder (d ≤ tol·‖b‖² ⇒ dependent row). */
export const CPU_RANK_TOLERANCE = 1e-10;
/** Exactness threshold relative to ‖1‖² = m·ℓ for the f64 twin. */
export const CPU_EXACT_TOLERANCE = 1e-9;

/**
 * The f64 CPU twin of the trial kernels: runs trials [t0, t1) of `cell` and adds them to `reduction`. The GPU kernels
 * compute the same quantities from the same counters in f32 (shaders/trials/*.wgsl).
 */
export function runTrialsCpu(
  cell: TrialCell,
  t0: number,
  t1: number,
  reduction: TrialReduction,
  keepRaw: boolean,
): void {
  const { schedule, protocol, grid } = cell;
  const { code } = schedule;
  const drawer = new TrialDrawer(cell.stragglers, cell.seed, cell.index);
  const factors = new Float64Array(code.N);
  const times = new Float64Array(Math.max(1, schedule.maxLoad));
  const finish = new Float64Array(code.chunks.length);
  const outcome = newOutcome(grid.length);
  const raw = keepRaw ? new Float64Array(t1 - t0) : null;
  const parts = protocol.kind === 'partial' ? protocol.parts : code.parts;
  const best = new Float64Array(code.m * parts);
  const hist = new Float64Array(grid.length + 1);
  const groups = code.recovery.kind === 'groups' ? code.recovery.groups : 1;
  const scratch = originalScratch(code.N, groups);
  const decoder = protocol.kind === 'original' ? new GramLeastSquares(code, CPU_RANK_TOLERANCE) : null;
  const exactTolerance = CPU_EXACT_TOLERANCE * code.m * code.parts;
  for (let t = t0; t < t1; t++) {
    computeFinishTimes(schedule, drawer, t, factors, times, finish);
    switch (protocol.kind) {
      case 'partial':
        partialTrial(schedule, protocol.parts, finish, grid, best, hist, outcome);
        break;
      case 'original':
        originalTrial(schedule, decoder, finish, grid, scratch, exactTolerance, outcome);
        break;
    }
    addOutcome(reduction, outcome, protocol.kind === 'partial' ? 0 : exactTolerance);
    if (raw) raw[t - t0] = outcome.completion;
  }
  if (raw) reduction.raw = raw;
}

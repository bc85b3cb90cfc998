import { computeFinishTimes } from '../protocols/finish-times.js';
import { newOutcome } from '../protocols/outcome.js';
import { partialTrial } from '../protocols/partial.js';
import { TrialDrawer } from '../stragglers/draws.js';
import type { TrialCell } from './cell.js';
import { addOutcome, type TrialReduction } from './reduction.js';

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
  for (let t = t0; t < t1; t++) {
    computeFinishTimes(schedule, drawer, t, factors, times, finish);
    switch (protocol.kind) {
      case 'partial':
        partialTrial(schedule, protocol.parts, finish, grid, best, hist, outcome);
        break;
      default:
        throw new Error(`protocol ${protocol.kind} is not available on the CPU twin yet`);
    }
    addOutcome(reduction, outcome, 0);
    if (raw) raw[t - t0] = outcome.completion;
  }
  if (raw) reduction.raw = raw;
}

import { replicationGroups } from '../decoders/erasure.js';
import { type ArrivalDecoder, arrivalDecoder, leastSquaresArrivals } from '../protocols/arrival-decoders.js';
import { erasureTrial } from '../protocols/erasure.js';
import { finishTimeSource } from '../protocols/finish-times.js';
import { originalScratch, originalTrial } from '../protocols/original.js';
import { newOutcome } from '../protocols/outcome.js';
import { partialTrial } from '../protocols/partial.js';
import { tandonPartialTrial, tandonParts } from '../protocols/tandon-partial.js';
import { TrialDrawer } from '../stragglers/draws.js';
import type { TrialCell } from './cell.js';
import { addOutcome, type TrialReduction } from './reduction.js';

/** Relative rank tolerance of the f64 Gram least-squares decoder (d ≤ tol·‖b‖² ⇒ dependent row). */
export const CPU_RANK_TOLERANCE = 1e-10;
/** Exactness threshold relative to ‖1‖² = m·ℓ for the f64 twin. */
export const CPU_EXACT_TOLERANCE = 1e-9;

/** Per-protocol state for a batch: decoders and scratch sized for the cell. */
type ProtocolRunner = (finish: Float64Array, out: ReturnType<typeof newOutcome>) => void;

function protocolRunner(cell: TrialCell, exactTolerance: number): ProtocolRunner {
  const { schedule, protocol, grid } = cell;
  const { code } = schedule;
  switch (protocol.kind) {
    case 'partial': {
      const best = new Float64Array(code.m * protocol.parts);
      const hist = new Float64Array(grid.length + 1);
      return (finish, out) => partialTrial(schedule, protocol.parts, finish, grid, best, hist, out);
    }
    case 'original': {
      const scratch = originalScratch(code.N, code.recovery.kind === 'groups' ? code.recovery.groups : 1);
      const ls = code.recovery.kind === 'least-squares' ? leastSquaresArrivals(code, CPU_RANK_TOLERANCE) : null;
      let curve: ArrivalDecoder | null = null;
      const optimal = ['optimal', 'exact', 'graph'].includes(protocol.decoder);
      if (grid.length > 0) {
        curve = optimal && ls ? ls : arrivalDecoder(code, protocol.decoder, { rankTolerance: CPU_RANK_TOLERANCE });
      }
      return (finish, out) => originalTrial(schedule, ls, curve, optimal, finish, grid, scratch, exactTolerance, out);
    }
    case 'tandon-partial': {
      const parts = tandonParts(code);
      const coded = leastSquaresArrivals(parts.coded, CPU_RANK_TOLERANCE);
      const scratch = { ...originalScratch(code.N, 1), message1: new Float64Array(code.N) };
      return (finish, out) => tandonPartialTrial(schedule, parts, coded, finish, grid, scratch, out);
    }
    case 'erasure': {
      const group = replicationGroups(code);
      const groups = Math.max(...group) + 1;
      const scratch = originalScratch(code.N, groups);
      const first = arrivalDecoder(code, 'erasure', { rankTolerance: CPU_RANK_TOLERANCE });
      return (finish, out) =>
        erasureTrial(schedule, group, groups, protocol.collect, first, finish, grid, scratch, out);
    }
  }
}

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
  const { schedule, grid } = cell;
  const { code } = schedule;
  const source = finishTimeSource(schedule, new TrialDrawer(cell.stragglers, cell.seed, cell.index));
  const { finish } = source;
  const outcome = newOutcome(grid.length);
  const raw = keepRaw ? new Float64Array(t1 - t0) : null;
  const parts = cell.protocol.kind === 'partial' ? cell.protocol.parts : code.parts;
  const exactTolerance = CPU_EXACT_TOLERANCE * code.m * parts;
  const run = protocolRunner(cell, exactTolerance);
  for (let t = t0; t < t1; t++) {
    source.compute(t);
    run(finish, outcome);
    addOutcome(reduction, outcome, grid);
    if (raw) raw[t - t0] = outcome.completion;
  }
  if (raw) reduction.raw = raw;
}

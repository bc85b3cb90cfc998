import type { GradientCode } from '../codes/types.js';
import { decoders } from '../decoders/registry.js';
import type { ArrivalDecoder } from '../decoders/streaming.js';
import { ComplementLeastSquares } from '../protocols/complement-least-squares.js';
import { erasureTrial } from '../protocols/erasure.js';
import { finishTimeSource } from '../protocols/finish-times.js';
import { originalScratch, originalTrial } from '../protocols/original.js';
import { newOutcome } from '../protocols/outcome.js';
import { partialTrial } from '../protocols/partial.js';
import type { RoundPlan } from '../protocols/round-plan.js';
import { tandonPartialTrial, tandonParts } from '../protocols/tandon-partial.js';
import { TrialDrawer } from '../stragglers/draws.js';
import type { TrialCell } from './cell.js';
import { addOutcome, type TrialReduction } from './reduction.js';

/** Per-protocol state for a batch: decoders and scratch sized for the cell. */
type ProtocolRunner = (finish: Float64Array, out: ReturnType<typeof newOutcome>) => void;

/** The f64 streaming form of the plan's curve decoder on `code`, or null when the cell draws no curve. */
function curveDecoder(plan: RoundPlan, code: GradientCode): ArrivalDecoder | null {
  return plan.curve === null
    ? null
    : decoders[plan.curve].stream.create(code, { rankTolerance: plan.tolerances.f64.rank });
}

/** Renders the cell's round plan in f64: the protocol's trial function with its decoders and scratch. */
function protocolRunner(cell: TrialCell): ProtocolRunner {
  const { schedule, plan, grid } = cell;
  const { code } = schedule;
  const { stop } = plan;
  const exactTolerance = plan.tolerances.f64.exact * code.m * plan.parts;
  switch (plan.protocol) {
    case 'partial': {
      const best = new Float64Array(code.m * plan.parts);
      const hist = new Float64Array(grid.length + 1);
      return (finish, out) => partialTrial(schedule, plan.parts, finish, grid, best, hist, out);
    }
    case 'original': {
      const scratch = originalScratch(code.N, stop.kind === 'groups' ? stop.groups : 1);
      const ls =
        stop.kind === 'least-squares'
          ? decoders.optimal.stream.create(code, { rankTolerance: plan.tolerances.f64.rank })
          : null;
      // The stop rule's least squares draws the curve too when the plan's curve decoder is its form (one pass).
      const curveForm = plan.curve === null ? null : decoders[plan.curve].stream;
      const curve = curveForm === decoders.optimal.stream && ls ? ls : curveDecoder(plan, code);
      const complement = plan.complement.f64 ? ComplementLeastSquares.forCode(code).gram : null;
      const curveOptimal = curveForm?.optimal ?? false;
      return (finish, out) =>
        originalTrial(schedule, stop, ls, curve, curveOptimal, complement, finish, grid, scratch, exactTolerance, out);
    }
    case 'tandon-partial': {
      const parts = tandonParts(code);
      const coded = curveDecoder(plan, parts.coded);
      const scratch = { ...originalScratch(code.N, 1), message1: new Float64Array(code.N) };
      return (finish, out) => tandonPartialTrial(schedule, parts, coded, finish, grid, scratch, out);
    }
    case 'erasure': {
      if (stop.kind !== 'collect-k') throw new RangeError(`erasure protocol with stop rule ${stop.kind}`);
      const scratch = { ...originalScratch(code.N, stop.groups), seen: new Uint8Array(stop.groups) };
      const first = curveDecoder(plan, code);
      return (finish, out) => erasureTrial(schedule, stop, first, finish, grid, scratch, out);
    }
  }
}

/**
 * The f64 CPU twin of the trial kernels: runs trials [t0, t1) of `cell` and adds them to `reduction`. The GPU kernels
 * compute the same quantities from the same counters in f32 (shaders/trials/*.wgsl); both render the cell's
 * {@link RoundPlan}.
 */
export function runTrialsCpu(
  cell: TrialCell,
  t0: number,
  t1: number,
  reduction: TrialReduction,
  keepRaw: boolean,
): void {
  const { schedule, grid } = cell;
  const source = finishTimeSource(schedule, new TrialDrawer(cell.stragglers, cell.seed, cell.index));
  const { finish } = source;
  const outcome = newOutcome(grid.length);
  const raw = keepRaw ? new Float64Array(t1 - t0) : null;
  const run = protocolRunner(cell);
  for (let t = t0; t < t1; t++) {
    source.compute(t);
    run(finish, outcome);
    addOutcome(reduction, outcome, grid);
    if (raw) raw[t - t0] = outcome.completion;
  }
  if (raw) reduction.raw = raw;
}

import type { RoundPlan } from '../protocols/round-plan.js';
import type { Schedule } from '../protocols/schedule.js';
import type { ResolvedStragglerModel } from '../stragglers/resolve.js';

/**
 * One fully resolved cell of the trial engine: a scheduled code, a straggler model bound to N, the rules of a round
 * (its {@link RoundPlan}: protocol, stop rule, error-curve decoder, tolerances), the T grid and the trial budget.
 * `index` is the cell's counter word (c2), so a cell draws the same numbers in any sweep order, shard or batch size.
 * Plain data: the CPU backend sends it to worker threads.
 */
export interface TrialCell {
  readonly index: number;
  readonly seed: number | bigint;
  readonly schedule: Schedule;
  readonly stragglers: ResolvedStragglerModel;
  readonly plan: RoundPlan;
  /** Ascending times at which the decoding error is evaluated. */
  readonly grid: Float64Array;
  readonly trials: number;
  /** Divide errors by m (default) or report them unnormalised. */
  readonly normalize: boolean;
}

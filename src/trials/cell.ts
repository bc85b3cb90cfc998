import type { Schedule } from '../protocols/schedule.js';
import type { ResolvedStragglerModel } from '../stragglers/resolve.js';

/** The protocol of a cell with its parameters (DESIGN §2, §3). */
export type ProtocolConfig =
  | { readonly kind: 'partial'; readonly parts: number }
  | { readonly kind: 'original'; readonly decoder: string }
  | { readonly kind: 'tandon-partial' }
  | { readonly kind: 'erasure'; readonly collect: number };

/**
 * One fully resolved cell of the trial engine: a scheduled code, a straggler model bound to N, a protocol, the T grid
 * and the trial budget. `index` is the cell's counter word (c2), so a cell draws the same numbers in any sweep order,
 * shard or batch size.
 */
export interface TrialCell {
  readonly index: number;
  readonly seed: number | bigint;
  readonly schedule: Schedule;
  readonly stragglers: ResolvedStragglerModel;
  readonly protocol: ProtocolConfig;
  /** Ascending times at which the decoding error is evaluated. */
  readonly grid: Float64Array;
  readonly trials: number;
  /** Divide errors by m (default) or report them unnormalised. */
  readonly normalize: boolean;
}

import type { GradientCode } from '../codes/types.js';
import type { ArrivalDecoder } from '../decoders/streaming.js';
import { kthSmallest } from './order-statistic.js';

/**
 * When the parameter server ends a round (DESIGN §3; planned once per cell or scheme by `planRound`):
 * - `any-k`: after k whole-worker messages (CRC, cyclic MDS, Ye–Abbe: the code's recovery rule);
 * - `groups`: once every replication group has a message (FRC's recovery rule), `group[j]` worker j's group;
 * - `least-squares`: at the first message after which the optimal (least-squares) error is ≤ the exactness
 *   tolerance (codes without a structural rule);
 * - `collect-k`: ErasureHead's rule (core-gc.md §C.3): after k messages or once every group has one, whichever is
 *   first;
 * - `deadline`: at time T (earlier when all N messages arrived);
 * - `count`: after k messages, whatever they decode;
 * - `all`: after every message that will arrive (failed workers never send);
 * - `per-chunk`: the `partial` protocol — once every chunk has ℓ results (chunk-level messages);
 * - `private-and-any-k`: the `tandon-partial` protocol — every private message and any k coded ones.
 * The trial engine reports the stop time as the completion time (+∞ when the rule never fires); training stops
 * there, or, when the rule never fires, after everything that arrives.
 */
export type StopRule =
  | { readonly kind: 'any-k'; readonly k: number }
  | { readonly kind: 'groups'; readonly group: Int32Array; readonly groups: number }
  | { readonly kind: 'least-squares' }
  | { readonly kind: 'collect-k'; readonly k: number; readonly group: Int32Array; readonly groups: number }
  | { readonly kind: 'deadline'; readonly T: number }
  | { readonly kind: 'count'; readonly k: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'per-chunk'; readonly parts: number }
  | { readonly kind: 'private-and-any-k'; readonly k: number };

/** Where a rule ends a round of whole-worker messages taken in arrival order. */
export interface RoundStop {
  /** Messages received: the first `received` entries of the arrival order. */
  readonly received: number;
  /** Stop time; +∞ when the rule never fires (then `received` is every message that arrives). */
  readonly time: number;
}

/**
 * Worker completion times D_j = F_j(δ_j) of the whole-message protocols — a worker's message leaves when its last
 * chunk is done; 0 for a worker without chunks — from the position-major finishing times `finish`.
 */
export function workerDoneTimes(code: GradientCode, finish: Float64Array, doneAt: Float64Array): void {
  const { N, offsets } = code;
  for (let j = 0; j < N; j++) doneAt[j] = offsets[j + 1] > offsets[j] ? finish[offsets[j + 1] - 1] : 0;
}

/** The arrival order: workers 0 … N−1 sorted by D_j, ties by index (the WGSL twin is `sort_arrivals`). */
export function sortArrivals(doneAt: Float64Array, N: number, arrivals: Int32Array): void {
  for (let j = 0; j < N; j++) arrivals[j] = j;
  arrivals.sort((a, b) => doneAt[a] - doneAt[b] || a - b);
}

/** Number of finite entries at the head of the arrival order (the messages that arrive at all). */
export function finiteArrivals(doneAt: Float64Array, arrivals: Int32Array, N: number): number {
  let finite = 0;
  while (finite < N && doneAt[arrivals[finite]] !== Number.POSITIVE_INFINITY) finite++;
  return finite;
}

/**
 * The time every group has a message, max_g min_{j ∈ g} D_j, without an arrival order; `first` is scratch of length
 * ≥ groups (per-group earliest D_j on return). +∞ when a group never sends.
 */
export function coverTime(
  group: Int32Array,
  groups: number,
  doneAt: Float64Array,
  N: number,
  first: Float64Array,
): number {
  first.fill(Number.POSITIVE_INFINITY, 0, groups);
  for (let j = 0; j < N; j++) {
    const g = group[j];
    if (doneAt[j] < first[g]) first[g] = doneAt[j];
  }
  let cover = 0;
  for (let g = 0; g < groups; g++) if (first[g] > cover) cover = first[g];
  return cover;
}

/**
 * The stop time of an order-free rule (`any-k`: the k-th smallest D_j; `groups`: {@link coverTime}) without sorting
 * the arrivals; `heap` and `first` are scratch of length ≥ N and ≥ groups. +∞ when the rule never fires.
 */
export function orderFreeStopTime(
  rule: StopRule,
  doneAt: Float64Array,
  N: number,
  heap: Float64Array,
  first: Float64Array,
): number {
  switch (rule.kind) {
    case 'any-k':
      return rule.k <= N ? kthSmallest(doneAt, N, rule.k, heap) : Number.POSITIVE_INFINITY;
    case 'groups':
      return coverTime(rule.group, rule.groups, doneAt, N, first);
    default:
      throw new RangeError(`stop rule ${rule.kind} needs the arrival order`);
  }
}

/**
 * Applies a whole-message rule to the arrival order `arrivals` (ascending D_j; the first `finite` arrive): how many
 * messages the PS takes and when it stops. `leastSquares` (the `least-squares` rule) is reset and fed the arrivals
 * until its error is ≤ `exactTolerance` (absolute); `seen` is scratch flags of length ≥ the rule's groups.
 */
export function stopRound(
  rule: StopRule,
  doneAt: Float64Array,
  arrivals: Int32Array,
  N: number,
  finite: number,
  seen: Uint8Array,
  leastSquares: ArrivalDecoder | null,
  exactTolerance: number,
): RoundStop {
  const at = (received: number): RoundStop => ({ received, time: received > 0 ? doneAt[arrivals[received - 1]] : 0 });
  const never: RoundStop = { received: finite, time: Number.POSITIVE_INFINITY };
  switch (rule.kind) {
    case 'all':
      return at(finite);
    case 'any-k':
    case 'count':
      return rule.k <= finite ? at(rule.k) : never;
    case 'deadline': {
      let received = 0;
      while (received < finite && doneAt[arrivals[received]] <= rule.T) received++;
      return { received, time: received === N ? doneAt[arrivals[N - 1]] : rule.T };
    }
    case 'groups':
    case 'collect-k': {
      const limit = rule.kind === 'collect-k' ? Math.min(rule.k, finite) : finite;
      seen.fill(0, 0, rule.groups);
      let covered = 0;
      let received = 0;
      while (received < limit && covered < rule.groups) {
        const g = rule.group[arrivals[received++]];
        if (!seen[g]) {
          seen[g] = 1;
          covered++;
        }
      }
      const fired = covered === rule.groups || (rule.kind === 'collect-k' && received === rule.k);
      return fired ? at(received) : never;
    }
    case 'least-squares': {
      if (!leastSquares) throw new RangeError('the least-squares stop rule needs a least-squares decoder');
      leastSquares.reset();
      for (let a = 0; a < finite; a++) {
        leastSquares.add(arrivals[a]);
        if (leastSquares.error() <= exactTolerance) return at(a + 1);
      }
      return never;
    }
    default:
      throw new RangeError(`stop rule ${rule.kind} is not a whole-message rule`);
  }
}

import type { GradientCode } from '../../codes/types.js';
import { GramLeastSquares } from '../../protocols/gram-least-squares.js';

/**
 * When the parameter server stops waiting in one iteration of coded gradient descent, under the `original`
 * protocol (a worker's one message arrives when all its chunks are done, at D_j = F_j(δ_j); DESIGN §3):
 * - `all`: wait for every worker that will finish (failed workers never do): the received set is the non-failed
 *   workers, the Glasgow–Wootters model of i.i.d. stragglers (core-gc.md §D.1); round time = the last finite D_j;
 * - `exact`: stop at the completion time, the first time the code decodes exactly (its recovery rule; Tandon et al.'s
 *   "wait for n − s"); when that never happens (too many failures) fall back to `all` and count the round as censored;
 * - `deadline`: stop at time T (earlier when all N workers arrived); round time = that stop;
 * - `count`: stop after the first k arrivals (or everything that arrives, when fewer than k will);
 * - `collect`: ErasureHead's rule (core-gc.md §C.3): stop after k arrivals or once every replication group has
 *   arrived, whichever is first.
 */
export type WaitPolicy =
  | { readonly kind: 'all' }
  | { readonly kind: 'exact' }
  | { readonly kind: 'deadline'; readonly T: number }
  | { readonly kind: 'count'; readonly k: number }
  | { readonly kind: 'collect'; readonly k: number };

/** What the PS received in one round. */
export interface RoundOutcome {
  /** Stop time of the round (simulated wall clock). */
  time: number;
  /** `exact` policy only: exact decoding was impossible and the round fell back to `all`. */
  censored: boolean;
}

/** Scratch state of {@link receiveRound}, sized for one code. */
export class RoundScratch {
  readonly arrivals: Int32Array;
  readonly groupFirst: Float64Array;
  private ls: GramLeastSquares | null = null;
  constructor(readonly code: GradientCode) {
    this.arrivals = new Int32Array(code.N);
    const groups = code.recovery.kind === 'groups' ? code.recovery.groups : 0;
    this.groupFirst = new Float64Array(Math.max(1, groups));
  }
  /** Incremental least-squares decodability test for codes without a structural recovery rule. */
  leastSquares(): GramLeastSquares {
    this.ls ??= new GramLeastSquares(this.code, 1e-10);
    return this.ls;
  }
}

/**
 * Applies a wait policy to one round: `doneAt[j]` is worker j's message time (+∞ when it never finishes). Writes the
 * received mask into `survivors` and the arrival order (ascending D_j, ties by index) into `scratch.arrivals`.
 * `group` (replication groups) is needed by `collect` only. With `ordered: false` the `all` policy skips the sort
 * (its received set and round time do not depend on the order) and `scratch.arrivals` is left unspecified.
 */
export function receiveRound(
  code: GradientCode,
  policy: WaitPolicy,
  doneAt: Float64Array,
  survivors: Uint8Array,
  scratch: RoundScratch,
  group: Int32Array | null,
  ordered = true,
): RoundOutcome {
  const N = code.N;
  if (!ordered && policy.kind === 'all') {
    let time = 0;
    for (let j = 0; j < N; j++) {
      const finite = doneAt[j] !== Number.POSITIVE_INFINITY;
      survivors[j] = finite ? 1 : 0;
      if (finite && doneAt[j] > time) time = doneAt[j];
    }
    return { time, censored: false };
  }
  const arrivals = scratch.arrivals;
  for (let j = 0; j < N; j++) arrivals[j] = j;
  arrivals.sort((a, b) => doneAt[a] - doneAt[b] || a - b);
  let finite = 0;
  while (finite < N && doneAt[arrivals[finite]] !== Number.POSITIVE_INFINITY) finite++;
  const lastFinite = finite > 0 ? doneAt[arrivals[finite - 1]] : 0;
  let take = finite;
  let time = lastFinite;
  let censored = false;
  switch (policy.kind) {
    case 'all':
      break;
    case 'exact': {
      const stop = exactArrivals(code, finite, scratch);
      if (stop === null) censored = true;
      else {
        take = stop;
        time = doneAt[arrivals[stop - 1]];
      }
      break;
    }
    case 'deadline': {
      take = 0;
      while (take < finite && doneAt[arrivals[take]] <= policy.T) take++;
      time = take === N ? lastFinite : policy.T;
      break;
    }
    case 'count':
      take = Math.min(policy.k, finite);
      time = take > 0 ? doneAt[arrivals[take - 1]] : 0;
      break;
    case 'collect': {
      const covered = new Set<number>();
      const groups = group ? new Set(group).size : N;
      take = 0;
      while (take < Math.min(policy.k, finite) && covered.size < groups) {
        covered.add(group ? group[arrivals[take]] : arrivals[take]);
        take++;
      }
      time = take > 0 ? doneAt[arrivals[take - 1]] : 0;
      break;
    }
  }
  survivors.fill(0);
  for (let a = 0; a < take; a++) survivors[arrivals[a]] = 1;
  return { time, censored };
}

/** Number of arrivals after which the code first decodes exactly, or null when the finite arrivals never do. */
function exactArrivals(code: GradientCode, finite: number, scratch: RoundScratch): number | null {
  const { recovery } = code;
  const arrivals = scratch.arrivals;
  if (recovery.kind === 'any-k') return recovery.k <= finite ? recovery.k : null;
  if (recovery.kind === 'groups') {
    const seen = new Set<number>();
    for (let a = 0; a < finite; a++) {
      seen.add(recovery.group[arrivals[a]]);
      if (seen.size === recovery.groups) return a + 1;
    }
    return null;
  }
  const ls = scratch.leastSquares();
  ls.reset();
  const tolerance = 1e-9 * code.m * code.parts;
  for (let a = 0; a < finite; a++) {
    ls.add(arrivals[a]);
    if (ls.error() <= tolerance) return a + 1;
  }
  return null;
}

import type { ArrivalDecoder } from '../decoders/streaming.js';
import { computationsDone } from './finish-times.js';
import type { OriginalScratch } from './original.js';
import { arrivedBy, type TrialOutcome } from './outcome.js';
import type { Schedule } from './schedule.js';
import { coverTime, finiteArrivals, type StopRule, sortArrivals, stopRound, workerDoneTimes } from './stop-rules.js';

/**
 * The `erasure` protocol (ErasureHead, Wang, Charles & Papailiopoulos 2019, core-gc.md §C.3): the PS collects whole
 * worker messages in arrival order and stops by the `collect-k` rule — after k arrivals or as soon as every
 * replication group has an arrival, whichever is first: T_stop = min(D_(k), T_cover). It decodes with the first
 * arrival of each group (weight 1, no rescaling), so
 *   completion = T_stop (the round ends then, exact or not), exact from T_cover when T_cover ≤ T_stop,
 *   error(T)   = ‖α(T) − 1‖² over the arrivals up to min(T, T_stop),
 *   wasted     = computations finished by T_stop outside the first arrival of each group.
 * `stop.group[j]` is worker j's replication group (src/decoders/erasure.ts `replicationGroups`); `firstOfGroup` is
 * the erasure decoder's streaming form (first arrival per group), or null without a T grid.
 */
export function erasureTrial(
  schedule: Schedule,
  stop: Extract<StopRule, { kind: 'collect-k' }>,
  firstOfGroup: ArrivalDecoder | null,
  finish: Float64Array,
  grid: Float64Array,
  scratch: OriginalScratch & { seen: Uint8Array },
  out: TrialOutcome,
): void {
  const { code } = schedule;
  const { N, offsets } = code;
  const { group, groups } = stop;
  const { doneAt, arrivals, groupFirst } = scratch;
  workerDoneTimes(code, finish, doneAt);
  sortArrivals(doneAt, N, arrivals);
  const cover = coverTime(group, groups, doneAt, N, groupFirst);
  const finite = finiteArrivals(doneAt, arrivals, N);
  const end = stopRound(stop, doneAt, arrivals, N, finite, scratch.seen, null, 0).time;

  if (firstOfGroup) {
    firstOfGroup.reset();
    let a = 0;
    for (let g = 0; g < grid.length; g++) {
      const T = Math.min(grid[g], end);
      while (a < N && arrivedBy(doneAt[arrivals[a]], T)) firstOfGroup.add(arrivals[a++]);
      out.errors[g] = firstOfGroup.error();
    }
  }

  out.completion = end;
  out.exactAt = cover <= end ? cover : Number.POSITIVE_INFINITY;
  if (end === Number.POSITIVE_INFINITY) {
    out.done = Number.NaN;
    out.wasted = Number.NaN;
    return;
  }
  const done = computationsDone(schedule, finish, end);
  let used = 0;
  for (let j = 0; j < N; j++)
    if (doneAt[j] <= end && doneAt[j] === groupFirst[group[j]] && isFirst(j, group, doneAt))
      used += offsets[j + 1] - offsets[j];
  out.done = done;
  out.wasted = done - used;
}

/** Whether j is its group's first arrival (ties broken by the lower worker index, as in the arrival order). */
function isFirst(j: number, group: Int32Array, doneAt: Float64Array): boolean {
  for (let i = 0; i < j; i++) if (group[i] === group[j] && doneAt[i] === doneAt[j]) return false;
  return true;
}

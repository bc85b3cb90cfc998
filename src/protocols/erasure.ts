import type { ArrivalDecoder } from './arrival-decoders.js';
import { computationsDone } from './finish-times.js';
import type { OriginalScratch } from './original.js';
import { arrivedBy, type TrialOutcome } from './outcome.js';
import type { Schedule } from './schedule.js';

/**
 * The `erasure` protocol (ErasureHead, Wang, Charles & Papailiopoulos 2019, core-gc.md §C.3): the PS collects whole
 * worker messages in arrival order and stops after `collect` arrivals or as soon as every replication group has an
 * arrival, whichever is first: T_stop = min(D_(collect), T_cover). It decodes with the first arrival of each group
 * (weight 1, no rescaling), so
 *   completion = T_stop (the round ends then, exact or not), exact from T_cover when T_cover ≤ T_stop,
 *   error(T)   = ‖α(T) − 1‖² over the arrivals up to min(T, T_stop),
 *   wasted     = computations finished by T_stop outside the first arrival of each group.
 * `group[j]` is worker j's replication group (src/decoders/erasure.ts `replicationGroups`); `firstOfGroup` is an
 * {@link ArrivalDecoder} keeping the first arrival per group.
 */
export function erasureTrial(
  schedule: Schedule,
  group: Int32Array,
  groups: number,
  collect: number,
  firstOfGroup: ArrivalDecoder,
  finish: Float64Array,
  grid: Float64Array,
  scratch: OriginalScratch,
  out: TrialOutcome,
): void {
  const { code } = schedule;
  const { N, offsets } = code;
  const { doneAt, arrivals, groupFirst } = scratch;
  for (let j = 0; j < N; j++) {
    doneAt[j] = offsets[j + 1] > offsets[j] ? finish[offsets[j + 1] - 1] : 0;
    arrivals[j] = j;
  }
  arrivals.sort((a, b) => doneAt[a] - doneAt[b] || a - b);
  groupFirst.fill(Number.POSITIVE_INFINITY, 0, groups);
  for (let j = 0; j < N; j++) if (doneAt[j] < groupFirst[group[j]]) groupFirst[group[j]] = doneAt[j];
  let cover = 0;
  for (let g = 0; g < groups; g++) if (groupFirst[g] > cover) cover = groupFirst[g];
  const stop = Math.min(doneAt[arrivals[collect - 1]], cover);

  firstOfGroup.reset();
  let a = 0;
  for (let g = 0; g < grid.length; g++) {
    const T = Math.min(grid[g], stop);
    while (a < N && arrivedBy(doneAt[arrivals[a]], T)) firstOfGroup.add(arrivals[a++]);
    out.errors[g] = firstOfGroup.error();
  }

  out.completion = stop;
  out.exactAt = cover <= stop ? cover : Number.POSITIVE_INFINITY;
  if (stop === Number.POSITIVE_INFINITY) {
    out.done = Number.NaN;
    out.wasted = Number.NaN;
    return;
  }
  const done = computationsDone(schedule, finish, stop);
  let used = 0;
  for (let j = 0; j < N; j++)
    if (doneAt[j] <= stop && doneAt[j] === groupFirst[group[j]] && isFirst(j, group, doneAt))
      used += offsets[j + 1] - offsets[j];
  out.done = done;
  out.wasted = done - used;
}

/** Whether j is its group's first arrival (ties broken by the lower worker index, as in the arrival order). */
function isFirst(j: number, group: Int32Array, doneAt: Float64Array): boolean {
  for (let i = 0; i < j; i++) if (group[i] === group[j] && doneAt[i] === doneAt[j]) return false;
  return true;
}

import { computeFinishTimes } from '../protocols/finish-times.js';
import { workerDoneTimes } from '../protocols/stop-rules.js';
import { emptyMoments, type Moments, pushMoment } from '../stats/moments.js';
import { TrialDrawer } from '../stragglers/draws.js';
import type { TrialCell } from '../trials/cell.js';

/**
 * The time of the k-th whole-worker message of every trial of a cell — worker j's message leaves when its last
 * chunk is done, as in the `original` protocol — from the same straggler draws (Philox counters) as the trial
 * engine, on the CPU in f64. This is the "ignoring stragglers" baseline of Tandon et al. (the parameter server waits
 * for the first k = N − s messages of an uncoded assignment and drops the rest), which has no exact-decoding
 * completion time for the trial engine to report. Trials where fewer than k workers ever finish are counted in
 * `censored` and left out of the moments.
 */
export function kthArrivalMoments(cell: TrialCell, k: number): { moments: Moments; censored: number } {
  const { schedule } = cell;
  const { code } = schedule;
  if (!(Number.isInteger(k) && k >= 1 && k <= code.N)) throw new RangeError(`k = ${k} outside 1..${code.N}`);
  const drawer = new TrialDrawer(cell.stragglers, cell.seed, cell.index);
  const factors = new Float64Array(code.N);
  const times = new Float64Array(Math.max(1, schedule.maxLoad));
  const finish = new Float64Array(code.chunks.length);
  const doneAt = new Float64Array(code.N);
  const moments = emptyMoments();
  let censored = 0;
  for (let t = 0; t < cell.trials; t++) {
    computeFinishTimes(schedule, drawer, t, factors, times, finish);
    workerDoneTimes(code, finish, doneAt);
    doneAt.sort();
    const x = doneAt[k - 1];
    if (x === Number.POSITIVE_INFINITY) censored++;
    else pushMoment(moments, x);
  }
  return { moments, censored };
}

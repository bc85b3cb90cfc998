import type { ArrivalDecoder } from '../decoders/streaming.js';
import type { ComplementError } from './complement-error.js';
import { computationsDone } from './finish-times.js';
import { arrivedBy, type TrialOutcome } from './outcome.js';
import type { Schedule } from './schedule.js';
import { orderFreeStopTime, type StopRule, sortArrivals, workerDoneTimes } from './stop-rules.js';

/** Scratch buffers for {@link originalTrial}, sized for one code. */
export interface OriginalScratch {
  /** Worker completion times D_j. */
  doneAt: Float64Array;
  /** Workers sorted by D_j (arrival order). */
  arrivals: Int32Array;
  /** Per-group earliest completion (the `groups` and `collect-k` stop rules). */
  groupFirst: Float64Array;
  /** Heap of the `any-k` completion without an arrival order (src/protocols/order-statistic.ts). */
  heap: Float64Array;
  /** Workers that never arrive (the final-set shortcut). */
  missing: Int32Array;
}

/** Allocates scratch for a code with N workers. */
export function originalScratch(N: number, groups: number): OriginalScratch {
  return {
    doneAt: new Float64Array(N),
    arrivals: new Int32Array(N),
    groupFirst: new Float64Array(Math.max(1, groups)),
    heap: new Float64Array(Math.max(1, N)),
    missing: new Int32Array(N),
  };
}

/**
 * The `original` protocol (Tandon et al. 2017; Ye & Abbe 2018; DESIGN §3): worker j's single message counts only when
 * all its chunks are done, at D_j = F_j(δ_j). With S(T) = {j : D_j ≤ T}:
 * - completion (decoder-independent): the stop rule of the code's recovery condition — `any-k`: the k-th smallest
 *   D_j; `groups` (FRC): max over groups of the group's earliest D_j; `least-squares`: the first arrival after which
 *   the optimal error of `leastSquares` is ≤ `exactTolerance`;
 * - error(T): the curve decoder's error over S(T), evaluated by adding arrivals in order to `curve` (in the same pass
 *   as the completion when `curve` is `leastSquares` itself); with an optimal (`curveOptimal`) curve decoder and an
 *   `any-k` rule, error(T) = 0 once k messages arrived (the code's guarantee, rather than the roundoff of the
 *   factorisation);
 * - wasted: computations of workers not yet complete at the completion time (their partial work is never sent).
 * `complement` (the round plan's final-set shortcut, or null) gives the optimal error of the final survivor set from
 * the missing workers alone.
 */
export function originalTrial(
  schedule: Schedule,
  stop: StopRule,
  leastSquares: ArrivalDecoder | null,
  curve: ArrivalDecoder | null,
  curveOptimal: boolean,
  complement: ComplementError | null,
  finish: Float64Array,
  grid: Float64Array,
  scratch: OriginalScratch,
  exactTolerance: number,
  out: TrialOutcome,
): void {
  const { code } = schedule;
  const { N, offsets } = code;
  const { doneAt, arrivals } = scratch;
  workerDoneTimes(code, finish, doneAt);
  const lsRule = stop.kind === 'least-squares';

  // Final-set shortcut: when no grid time falls before the last arrival, error(T) is the error of the final survivor
  // set at every grid point, which `complement` computes from the missing workers alone (when at most half are
  // missing). If that error is above the exactness threshold, the least-squares completion is +∞ without streaming a
  // single arrival.
  let finalError = Number.NaN;
  let survivors = 0;
  if (complement) {
    const { missing } = scratch;
    let count = 0;
    let last = 0;
    for (let j = 0; j < N; j++) {
      if (doneAt[j] === Number.POSITIVE_INFINITY) missing[count++] = j;
      else if (doneAt[j] > last) last = doneAt[j];
    }
    survivors = N - count;
    if (2 * count <= N && (grid.length === 0 || arrivedBy(last, grid[0])))
      finalError = complement.errorWithout(missing, count);
    if (lsRule && !(finalError > exactTolerance)) finalError = Number.NaN;
  }
  const lsResolved = lsRule && !Number.isNaN(finalError);
  // The curve takes the final error when it is the decoder the shortcut stands for: the stop rule's own least squares,
  // or (other rules) an optimal curve decoder.
  const curveIsFinal = lsRule ? curve === leastSquares : curveOptimal;
  const curveResolved = grid.length > 0 && curve !== null && curveIsFinal && !Number.isNaN(finalError);

  // The arrival order is needed by the least-squares rule and the error curve; the other completions are order-free.
  const ordered = (lsRule && !lsResolved) || (grid.length > 0 && curve !== null && !curveResolved);
  if (ordered) sortArrivals(doneAt, N, arrivals);

  let completion = Number.POSITIVE_INFINITY;
  if (!lsRule) completion = orderFreeStopTime(stop, doneAt, N, scratch.heap, scratch.groupFirst);

  // When the curve decoder is the stop rule's own least squares, one pass over the arrivals records both the
  // completion and the error at every T (the state at each T is the one a separate curve pass would reach).
  const fused = lsRule && leastSquares !== null && curve === leastSquares && grid.length > 0;
  if (curveResolved) {
    // Every grid time is at or after the last arrival: the final set's error throughout (0 from k messages of an
    // any-k code, as in the streaming pass below).
    const exact = stop.kind === 'any-k' && survivors >= stop.k;
    for (let g = 0; g < grid.length; g++) out.errors[g] = exact ? 0 : finalError;
  }
  if (lsRule && leastSquares && !lsResolved) {
    leastSquares.reset();
    let g = 0;
    for (let a = 0; a < N; a++) {
      const j = arrivals[a];
      if (fused) {
        while (g < grid.length && !arrivedBy(doneAt[j], grid[g])) out.errors[g++] = leastSquares.error();
        if (g === grid.length && completion !== Number.POSITIVE_INFINITY) break;
      }
      if (doneAt[j] === Number.POSITIVE_INFINITY) break;
      leastSquares.add(j);
      if (completion === Number.POSITIVE_INFINITY && leastSquares.error() <= exactTolerance) {
        completion = doneAt[j];
        if (!fused) break;
      }
    }
    if (fused) while (g < grid.length) out.errors[g++] = leastSquares.error();
  }
  if (grid.length > 0 && curve && !fused && !curveResolved) {
    curve.reset();
    const exactFrom = curveOptimal && stop.kind === 'any-k' ? stop.k : Number.POSITIVE_INFINITY;
    let a = 0;
    for (let g = 0; g < grid.length; g++) {
      while (a < N && arrivedBy(doneAt[arrivals[a]], grid[g])) curve.add(arrivals[a++]);
      // An any-k code decodes exactly from k messages: the optimal error is 0 by construction (not roundoff).
      out.errors[g] = a >= exactFrom ? 0 : curve.error();
    }
  }

  out.completion = completion;
  out.exactAt = completion;
  if (completion === Number.POSITIVE_INFINITY) {
    out.done = Number.NaN;
    out.wasted = Number.NaN;
    return;
  }
  const done = computationsDone(schedule, finish, completion);
  let used = 0;
  for (let j = 0; j < N; j++) if (doneAt[j] <= completion) used += offsets[j + 1] - offsets[j];
  out.done = done;
  out.wasted = done - used;
}

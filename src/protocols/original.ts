import { computationsDone } from './finish-times.js';
import type { GramLeastSquares } from './gram-least-squares.js';
import type { TrialOutcome } from './outcome.js';
import type { Schedule } from './schedule.js';

/** Scratch buffers for {@link originalTrial}, sized for one code. */
export interface OriginalScratch {
  /** Worker completion times D_j. */
  doneAt: Float64Array;
  /** Workers sorted by D_j (arrival order). */
  arrivals: Int32Array;
  /** Per-group earliest completion ('groups' recovery rule). */
  groupFirst: Float64Array;
}

/** Allocates scratch for a code with N workers. */
export function originalScratch(N: number, groups: number): OriginalScratch {
  return {
    doneAt: new Float64Array(N),
    arrivals: new Int32Array(N),
    groupFirst: new Float64Array(Math.max(1, groups)),
  };
}

/**
 * The `original` protocol (Tandon et al. 2017; Ye & Abbe 2018; DESIGN §3): worker j's single message counts only when
 * all its chunks are done, at D_j = F_j(δ_j). With S(T) = {j : D_j ≤ T}:
 * - completion: the code's recovery rule — 'any-k': the k-th smallest D_j; 'groups' (FRC): max over groups of the
 *   group's earliest D_j; 'least-squares': the first arrival after which the optimal decoding error is ≤ `exactTolerance`;
 * - error(T): the optimal least-squares error over S(T), evaluated by adding arrivals in order to `decoder`
 *   (skipped when the grid is empty);
 * - wasted: computations of workers not yet complete at the completion time (their partial work is never sent).
 */
export function originalTrial(
  schedule: Schedule,
  decoder: GramLeastSquares | null,
  finish: Float64Array,
  grid: Float64Array,
  scratch: OriginalScratch,
  exactTolerance: number,
  out: TrialOutcome,
): void {
  const { code } = schedule;
  const { N, offsets, recovery } = code;
  const { doneAt, arrivals } = scratch;
  for (let j = 0; j < N; j++) {
    doneAt[j] = offsets[j + 1] > offsets[j] ? finish[offsets[j + 1] - 1] : 0;
    arrivals[j] = j;
  }
  sortByTime(arrivals, doneAt, N);

  let completion = Number.POSITIVE_INFINITY;
  if (recovery.kind === 'any-k') {
    if (recovery.k <= N) completion = doneAt[arrivals[recovery.k - 1]];
  } else if (recovery.kind === 'groups') {
    const first = scratch.groupFirst;
    first.fill(Number.POSITIVE_INFINITY, 0, recovery.groups);
    for (let j = 0; j < N; j++) {
      const g = recovery.group[j];
      if (doneAt[j] < first[g]) first[g] = doneAt[j];
    }
    completion = 0;
    for (let g = 0; g < recovery.groups; g++) if (first[g] > completion) completion = first[g];
  }

  const needLs = recovery.kind === 'least-squares' || grid.length > 0;
  if (needLs && decoder) {
    decoder.reset();
    let g = 0;
    let lsCompletion = Number.POSITIVE_INFINITY;
    for (let a = 0; a < N; a++) {
      const j = arrivals[a];
      const t = doneAt[j];
      if (t === Number.POSITIVE_INFINITY) break;
      while (g < grid.length && grid[g] < t) out.errors[g++] = decoder.error();
      decoder.add(j);
      if (lsCompletion === Number.POSITIVE_INFINITY && decoder.error() <= exactTolerance) {
        lsCompletion = t;
        if (grid.length === 0) break;
      }
    }
    while (g < grid.length) out.errors[g++] = decoder.error();
    if (recovery.kind === 'least-squares') completion = lsCompletion;
  }

  out.completion = completion;
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

/** Sorts the first n entries of `index` by ascending `key[index]`, ties by worker index (insertion sort; N is small). */
function sortByTime(index: Int32Array, key: Float64Array, n: number): void {
  for (let a = 1; a < n; a++) {
    const j = index[a];
    const t = key[j];
    let b = a - 1;
    while (b >= 0 && (key[index[b]] > t || (key[index[b]] === t && index[b] > j))) {
      index[b + 1] = index[b];
      b--;
    }
    index[b + 1] = j;
  }
}

import { computationsDone } from './finish-times.js';
import { gridRank, type TrialOutcome } from './outcome.js';
import type { Schedule } from './schedule.js';

/**
 * The `partial` protocol (Ramamoorthy, Meng & Girimaji, NeurIPS 2024 — our reconstruction, DESIGN §3): a worker sends
 * a message for every chunk it finishes (a random combination of the chunk's ℓ blocks). With r_i(T) the number of
 * workers that finished chunk i by T:
 *   exact at T  ⇔  min_i r_i(T) ≥ ℓ,  so  T_partial = max_i (ℓ-th smallest finishing time of chunk i);
 *   error(T)    =  Σ_i max(0, ℓ − r_i(T))   (least-squares optimal with generic coefficients).
 * Equivalently error(T) counts the values t_{i,(q)} > T among the ℓ smallest finishing times of each chunk, which is
 * how both backends evaluate it. The PS uses ℓ results per chunk, so wasted = done − m·ℓ at completion.
 *
 * `best` is caller scratch of length m·ℓ; `hist` of length grid.length + 1.
 */
export function partialTrial(
  schedule: Schedule,
  parts: number,
  finish: Float64Array,
  grid: Float64Array,
  best: Float64Array,
  hist: Float64Array,
  out: TrialOutcome,
): void {
  const { code, chunkAt } = schedule;
  const l = parts;
  best.fill(Number.POSITIVE_INFINITY, 0, code.m * l);
  for (let e = 0; e < chunkAt.length; e++) {
    let t = finish[e];
    if (t === Number.POSITIVE_INFINITY) continue;
    const base = chunkAt[e] * l;
    // Insert t into the chunk's ascending list of its ℓ smallest finishing times.
    for (let q = 0; q < l; q++) {
      const cur = best[base + q];
      if (t < cur) {
        best[base + q] = t;
        t = cur;
      }
    }
  }
  let completion = 0;
  hist.fill(0, 0, grid.length + 1);
  for (let i = 0; i < code.m; i++) {
    for (let q = 0; q < l; q++) {
      const v = best[i * l + q];
      hist[gridRank(grid, v)] += 1;
    }
    const last = best[i * l + l - 1];
    if (last > completion) completion = last;
  }
  let suffix = hist[grid.length];
  for (let g = grid.length - 1; g >= 0; g--) {
    out.errors[g] = suffix;
    suffix += hist[g];
  }
  out.completion = completion;
  out.exactAt = completion;
  if (completion === Number.POSITIVE_INFINITY) {
    out.done = Number.NaN;
    out.wasted = Number.NaN;
  } else {
    out.done = computationsDone(schedule, finish, completion);
    out.wasted = out.done - code.m * l;
  }
}

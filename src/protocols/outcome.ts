/**
 * What one trial of a protocol produces (issue 4, "Per trial, per cell"). Errors are unnormalised coefficient-space
 * errors ‖α − 1‖² summed over the ℓ parts; normalisation by m happens in the reduction.
 */
export interface TrialOutcome {
  /** First time exact decoding is possible; +∞ when never (censored). For `erasure`, the time the PS stops. */
  completion: number;
  /**
   * First time the gradient is exactly recoverable (by the code's exact decoder); +∞ when never. Exact decodability
   * only grows with T, so the decodable flag at grid time T is `arrivedBy(exactAt, T)`. Equals `completion` for every
   * protocol but `erasure`, whose round may stop before coverage.
   */
  exactAt: number;
  /** Chunk computations finished by the completion time (NaN when censored). */
  done: number;
  /** Of those, computations whose results the decoder does not use (NaN when censored). */
  wasted: number;
  /** Decoding error at each point of the T grid. */
  errors: Float64Array;
}

/** Allocates an outcome for a grid of `points` times. */
export function newOutcome(points: number): TrialOutcome {
  return {
    completion: Number.POSITIVE_INFINITY,
    exactAt: Number.POSITIVE_INFINITY,
    done: Number.NaN,
    wasted: Number.NaN,
    errors: new Float64Array(points),
  };
}

/**
 * Index c(v) = #{g : T_g < v} of value v in an ascending grid (binary search). A value +∞ never arrives, so it gives
 * the grid length even when the grid ends at T = +∞ ("after everything that will finish has finished").
 * Counting protocols accumulate a histogram over c and turn it into per-T counts with a suffix sum.
 */
export function gridRank(grid: Float64Array, v: number): number {
  if (v === Number.POSITIVE_INFINITY) return grid.length;
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether something finishing at `t` has arrived by grid time `T` (+∞ never arrives, even at T = +∞). */
export function arrivedBy(t: number, T: number): boolean {
  return t <= T && t !== Number.POSITIVE_INFINITY;
}

import type { GradientCode } from '../codes/types.js';
import { requireInput } from '../errors.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';
import { binomial, randomSubset } from './combinations.js';
import { ErrorOracle, type ErrorOracleOptions, enumerateStragglerSets } from './error-oracle.js';

/** Options for {@link worstStragglerSet}. */
export interface WorstCaseOptions extends ErrorOracleOptions {
  /** Use exhaustive search when C(N, s) ≤ this. Default 200 000. */
  readonly exhaustiveLimit?: number;
  /** Random restarts of the local search (besides the greedy start). Default 8. */
  readonly restarts?: number;
  /** Seed of the restarts (Philox straggler-set stream). Default 0. */
  readonly seed?: number | bigint;
}

/** The worst straggler set found. */
export interface WorstCase {
  /** The straggling workers, ascending. */
  readonly stragglers: Int32Array;
  /** Its decoding error ‖B_Sᵀw − 1‖² (summed over parts). */
  readonly error: number;
  /** error / m. */
  readonly normalizedError: number;
  /** `exhaustive`: the true maximum; `greedy-local-search`: a lower bound on it. */
  readonly method: 'exhaustive' | 'greedy-local-search';
  /** True when `error` is only a lower bound on the worst case (heuristic search). */
  readonly lowerBound: boolean;
  /** Straggler sets evaluated. */
  readonly evaluations: number;
}

/**
 * The adversary's best s-set: the straggler set of size s maximising the decoding error (Kadhe et al. ISIT 2019,
 * adversarial stragglers; Glasgow & Wootters Def. I.3 adversarial error). Exhaustive over all C(N, s) sets when
 * that is ≤ `exhaustiveLimit` — exact. Otherwise greedy (add the straggler that raises the error most, ties to
 * the smallest index) followed by best-improvement swap local search (exchange a straggler with a survivor while
 * the error rises),
 * repeated from `restarts` random s-sets (seeded): the result is explicitly **a lower bound** on the worst case
 * (approx-codes.md §1).
 */
export function worstStragglerSet(code: GradientCode, s: number, options: WorstCaseOptions = {}): WorstCase {
  requireInput(Number.isInteger(s) && s >= 0 && s <= code.N, 's', `must be an integer in 0..N = ${code.N}, got ${s}`);
  const limit = options.exhaustiveLimit ?? 200_000;
  requireInput(limit >= 0, 'exhaustiveLimit', `must be non-negative, got ${limit}`);
  const oracle = new ErrorOracle(code, options);
  if (binomial(code.N, s) <= limit) {
    let best = -1;
    let bestSet = new Int32Array(0);
    enumerateStragglerSets(oracle, s, (stragglers, error) => {
      if (error > best) {
        best = error;
        bestSet = stragglers.slice();
      }
    });
    return finish(code, bestSet, best, 'exhaustive', oracle.evaluations);
  }
  const restarts = options.restarts ?? 8;
  requireInput(
    Number.isInteger(restarts) && restarts >= 0,
    'restarts',
    `must be a non-negative integer, got ${restarts}`,
  );
  const N = code.N;
  const mask = new Uint8Array(N).fill(1);
  // Greedy start: repeatedly straggle the survivor whose loss raises the error most (ties: smallest index).
  let current = oracle.error(mask);
  for (let step = 0; step < s; step++) {
    let bestJ = -1;
    let bestError = -1;
    oracle.removalErrors(mask, (j, e) => {
      if (e > bestError || (e === bestError && j < bestJ)) {
        bestError = e;
        bestJ = j;
      }
    });
    mask[bestJ] = 0;
    current = bestError;
  }
  let best = climb(oracle, mask, current);
  let bestMask = mask.slice();
  const rng = new PhiloxStream(options.seed ?? 0, Stream.stragglerSet, 0, 0, 1);
  for (let r = 0; r < restarts; r++) {
    mask.fill(1);
    for (const j of randomSubset(rng, N, s)) mask[j] = 0;
    const e = climb(oracle, mask, oracle.error(mask));
    if (e > best) {
      best = e;
      bestMask = mask.slice();
    }
  }
  const stragglers = Int32Array.from(Array.from(bestMask).flatMap((x, j) => (x === 0 ? [j] : [])));
  return finish(code, stragglers, best, 'greedy-local-search', oracle.evaluations);
}

/**
 * Best-improvement swap local search: evaluate every exchange of a straggler t with a survivor u and apply the one
 * that raises the error most, until none does. Returns the final error; `mask` holds the final set.
 */
function climb(oracle: ErrorOracle, mask: Uint8Array, start: number): number {
  let current = start;
  for (;;) {
    let bestT = -1;
    let bestU = -1;
    let bestError = current * (1 + 1e-12) + 1e-12;
    oracle.swapErrors(mask, (t, u, e) => {
      if (e > bestError) {
        bestError = e;
        bestT = t;
        bestU = u;
      }
    });
    if (bestT < 0) return current;
    mask[bestT] = 1;
    mask[bestU] = 0;
    current = bestError;
  }
}

function finish(
  code: GradientCode,
  stragglers: Int32Array,
  error: number,
  method: WorstCase['method'],
  evaluations: number,
): WorstCase {
  return {
    stragglers,
    error,
    normalizedError: error / code.m,
    method,
    lowerBound: method !== 'exhaustive',
    evaluations,
  };
}

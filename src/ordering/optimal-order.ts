import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { InputError } from '../errors.js';
import { latinOrder, regularDegree } from './latin-ordering.js';
import { localSearchOrder } from './local-search.js';
import { qmax, qmaxLowerBound } from './qmax.js';

/** Options for {@link optimalOrder}. */
export interface OptimalOrderOptions {
  /** ℓ. Default 1. */
  readonly parts?: number;
  /** Allow the local-search heuristic for assignments outside the regular class (`--heuristic`). */
  readonly heuristic?: boolean;
  /** Seed and restarts of the heuristic. */
  readonly seed?: number | bigint;
  readonly restarts?: number;
}

/** The chosen order and how it was obtained. */
export interface OptimalOrderResult {
  readonly order: ChunkOrder;
  /** `latin`: δ perfect matchings (regular class); `heuristic`: local search. */
  readonly method: 'latin' | 'heuristic';
  readonly qmax: number;
  /** Averaging lower bound on Qmax over all orders of this assignment ({@link qmaxLowerBound}). */
  readonly lowerBound: number;
  /** True when qmax meets the lower bound (always for the Latin order with ℓ = 1). */
  readonly provablyOptimal: boolean;
}

/**
 * The best processing order gradcode can give: the Latin (matching) order for the regular class (N = m, every
 * worker δ chunks, every chunk δ holders; optimal for ℓ = 1, partial-stragglers.md §3.2), otherwise — only when
 * `heuristic` is set — the local-search heuristic. A non-regular assignment without `heuristic` is an InputError on
 * `order` (the paper's algorithm covers only the regular class).
 */
export function optimalOrder(code: GradientCode, options: OptimalOrderOptions = {}): OptimalOrderResult {
  const parts = options.parts ?? 1;
  const latin = latinOrder(code);
  if (latin) {
    const q = qmax(latin, code.m, parts).qmax;
    const lowerBound = qmaxLowerBound(latin, code.m, parts);
    return { order: latin, method: 'latin', qmax: q, lowerBound, provablyOptimal: q === lowerBound };
  }
  if (!options.heuristic) {
    throw new InputError(
      'order',
      `the optimal (matching) ordering needs the regular class — N = m, every worker δ chunks, every chunk δ copies — ` +
        `but ${code.name} has N = ${code.N}, m = ${code.m}${regularDegree(code) === undefined ? ' and unequal loads or replication' : ''}; ` +
        'opt into the local-search heuristic (--heuristic) for other assignments',
    );
  }
  const r = localSearchOrder(code, { parts, seed: options.seed, restarts: options.restarts });
  return { order: r.order, method: 'heuristic', qmax: r.qmax, lowerBound: r.lowerBound, provablyOptimal: r.optimal };
}

import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';
import { requireInteger } from './validate.js';

/** Parameters of the plain cyclic 0/1 assignment. Give exactly one of `s` (window s + 1) or `d` (window d). */
export interface CyclicParams {
  /** Workers N (= chunks m). */
  readonly N: number;
  /** Window s + 1 (the support of Tandon's CRC tolerating s). */
  readonly s?: number;
  /** Window d = load δ (the partial-straggler papers' notation). */
  readonly d?: number;
}

/**
 * Plain cyclic 0/1 support — the support of Tandon et al. 2017's Cyclic Repetition Scheme (core-gc.md A.4) with all
 * coefficients 1: worker j holds chunks j, j+1, …, j+d−1 (mod N) in that order, d = s + 1. This is the assignment the
 * partial-straggler protocol uses (partial-stragglers.md §3.2: cyclic assignments in natural order are already
 * "Latin", hence Qmax-optimal). As a one-message code it is not exact in general; recovery is `least-squares`.
 */
export function cyclicCode(params: CyclicParams): GradientCode {
  const { N } = params;
  requireInteger(N, 'N', 1);
  requireInput(
    (params.s === undefined) !== (params.d === undefined),
    params.s === undefined ? 's' : 'd',
    'give exactly one of s (window s + 1) and d (window d)',
  );
  let d: number;
  if (params.s !== undefined) {
    requireInteger(params.s, 's', 0);
    requireInput(params.s < N, 's', `must be < N = ${N}, got ${params.s}`);
    d = params.s + 1;
  } else {
    d = params.d as number;
    requireInteger(d, 'd', 1);
    requireInput(d <= N, 'd', `must be ≤ N = ${N}, got ${d}`);
  }
  return codeFromRows({
    name: 'cyclic',
    m: N,
    rows: Array.from({ length: N }, (_, j) => Array.from({ length: d }, (_, t) => (j + t) % N)),
    meta: {
      family: 'Cyclic 0/1 assignment',
      params: { N, d, s: d - 1 },
      citation:
        'Support of the Cyclic Repetition Scheme, Tandon et al., ICML 2017 (arXiv 1612.03301); cyclic assignment of Ramamoorthy et al., NeurIPS 2024',
      reconstruction: false,
    },
  });
}

import type { GradientCode } from '../codes/types.js';
import { countSurvivors, exactTolerance, resultFromWeights } from './coefficient-space.js';
import { leastSquaresStream } from './gram-least-squares.js';
import { leastSquaresWeights } from './least-squares-weights.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

/**
 * Exact decoding (Tandon et al., ICML 2017, Algorithm "compute A" / Condition 1 "B-span"): solve x·B_S = 1 by
 * minimum-norm least squares with a rank tolerance; the received set is decodable iff the residual is ≤ the
 * exactness tolerance (1 ∈ rowspan(B_S), per part when ℓ > 1). A decodable set returns those weights (error ≈ 0);
 * an undecodable one returns w = 0 — exact gradient coding outputs nothing rather than an approximation — with
 * error m·ℓ, and `residual` still reports how far 1 is from the row space.
 */
export const exactDecoder: Decoder = {
  name: 'exact',
  summary: 'exact decoding: least-squares weights if 1 ∈ rowspan(B_S) (residual ≤ tolerance), else nothing',
  citation: 'Tandon, Lei, Dimakis & Karampatziakis, Gradient Coding (ICML 2017), Condition 1 and Algorithm 2',
  check(): void {},
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    countSurvivors(code, request.survivors);
    const ls = leastSquaresWeights(code, request.survivors);
    const decodable = ls.residual <= exactTolerance(code, request);
    const weights = decodable ? ls.weights : new Float64Array(code.N * code.parts);
    return resultFromWeights('exact', code, request, weights, { rank: ls.rank, residual: ls.residual });
  },
  // The error curve of the exact decoder is the optimal error: the trial engine reports how far the received set is
  // from exact recovery, which is the least-squares residual (exactness itself is the completion time).
  stream: leastSquaresStream,
  allOrNothing: true,
};

import type { GradientCode } from '../codes/types.js';
import { countSurvivors, resultFromWeights } from './coefficient-space.js';
import { leastSquaresStream } from './gram-least-squares.js';
import { leastSquaresWeights } from './least-squares-weights.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

/**
 * Optimal (least-squares) decoding: w* = argmin_w ‖B_Sᵀw − 1‖², the minimum-norm minimiser, so the error is the
 * smallest any linear decoder can reach on the received set: err*(S) = m − 1ᵀP_S1 (Glasgow & Wootters 2021, §I
 * "optimal decoding", α* = A(p)(A(p)ᵀA(p))^†A(p)ᵀ1; approx-codes.md §1). For ℓ > 1 each block sum G^(p) gets its
 * own weights and the error is summed over parts (partial-stragglers.md §2.3, E = Σ_p min_a ‖M a − u_p‖²).
 */
export const optimalDecoder: Decoder = {
  name: 'optimal',
  summary: 'least-squares optimal weights: min ‖B_Sᵀw − 1‖² (per part when ℓ > 1)',
  citation: 'Glasgow & Wootters, Approximate Gradient Coding with Optimal Decoding (JSAIT 2021), §I, optimal decoding',
  check(): void {},
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    countSurvivors(code, request.survivors);
    const ls = leastSquaresWeights(code, request.survivors);
    return resultFromWeights('optimal', code, request, ls.weights, { rank: ls.rank, residual: ls.residual });
  },
  stream: leastSquaresStream,
};

import type { GradientCode } from '../codes/types.js';
import type { RankOptions } from '../linalg/complete-orthogonal.js';
import { leastSquares } from '../linalg/least-squares.js';
import { survivorIndices, survivorSystem, targetVectors } from './coefficient-space.js';

/** Minimum-norm least-squares decoding weights for one survivor set. */
export interface LeastSquaresWeights {
  /** N · ℓ, part-major; zero on stragglers. */
  readonly weights: Float64Array;
  /** Numerical rank of B_Sᵀ. */
  readonly rank: number;
  /** Σ_p ‖B_Sᵀ w^(p) − u_p‖² as computed by the solver. */
  readonly residual: number;
}

/**
 * Solves min_w ‖B_Sᵀ w^(p) − u_p‖ for every part p with the shared rank-revealing core (complete orthogonal
 * decomposition, min-norm solution). This is Tandon et al.'s decoding rule `lstsq(B[I,:].T, ones)` (core-gc.md
 * §A.5) and Glasgow & Wootters' optimal decoding w* ∈ argmin ‖A w − 1‖ (§D.1), extended to the ℓ block sums of a
 * communication-efficient code (one right-hand side per part, one factorisation).
 */
export function leastSquaresWeights(
  code: GradientCode,
  survivors: Uint8Array,
  options: RankOptions = {},
): LeastSquaresWeights {
  const parts = code.parts;
  const list = survivorIndices(survivors);
  const weights = new Float64Array(code.N * parts);
  if (list.length === 0) return { weights, rank: 0, residual: code.m * parts };
  const a = survivorSystem(code, list);
  const solution = leastSquares(a, targetVectors(code.m, parts), options);
  for (let p = 0; p < parts; p++) {
    for (let k = 0; k < list.length; k++) weights[p * code.N + list[k]] = solution.x[p * list.length + k];
  }
  let residual = 0;
  for (let p = 0; p < parts; p++) residual += solution.residual[p];
  return { weights, rank: solution.rank, residual };
}

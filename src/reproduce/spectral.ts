import { denseMatrix } from '../codes/structure.js';
import type { GradientCode } from '../codes/types.js';
import { fromRows } from '../linalg/dense-matrix.js';
import { singularValues } from '../linalg/symmetric-eigen.js';

/**
 * The spectral side of Kadhe et al.'s and Sakorikar & Wang's worst-case analysis (approx-codes.md A.4, B.4; our
 * derivation): for a 0/1 code with K = n chunks and every row and column of weight d, the uniform decoder shows that
 * every straggler set of size s has optimal error per chunk e(S) ≤ σ₂² s / ((n − s) d² + σ₂² s), σ₂ the second
 * singular value of B; σ₂² ≥ d(n − d)/(n − 1), with equality iff B Bᵀ = (d − λ)I + λJ (a symmetric BIBD).
 */

/** σ₂(B)², the squared second-largest singular value of a code's encoding matrix. */
export function secondSingularValueSquared(code: GradientCode): number {
  const dense = denseMatrix(code);
  const width = code.m * code.parts;
  const rows = Array.from({ length: code.N }, (_, j) => Array.from(dense.subarray(j * width, (j + 1) * width)));
  const sv = singularValues(fromRows(rows));
  return sv.length > 1 ? sv[1] * sv[1] : 0;
}

/** The least σ₂² any 0/1 code with n workers, n chunks and row and column weight d can have: d(n − d)/(n − 1). */
export function sigma2Minimum(n: number, d: number): number {
  return (d * (n - d)) / (n - 1);
}

/** The spectral upper bound on the worst error per chunk with s stragglers: σ₂² s / ((n − s) d² + σ₂² s). */
export function spectralErrorBound(n: number, d: number, sigma2sq: number, s: number): number {
  return s === n ? 1 : (sigma2sq * s) / ((n - s) * d * d + sigma2sq * s);
}

/**
 * The lower bound on the adversarial threshold τ_ε (the fewest stragglers that can force an error per chunk ≥ ε)
 * that the spectral bound gives, before rounding up: ε n d² / ((1 − ε) σ₂² + ε d²).
 */
export function thresholdLowerBound(n: number, d: number, sigma2sq: number, eps: number): number {
  return (eps * n * d * d) / ((1 - eps) * sigma2sq + eps * d * d);
}

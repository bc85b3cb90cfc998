import type { GradientCode } from '../codes/types.js';
import { solveYeAbbeWeights, yeAbbeDecodingError } from '../codes/ye-abbe.js';

import type { Precision } from '../protocols/round-plan.js';

export type { Precision };

/** Rounding after every operation: identity for f64, IEEE binary32 round-to-nearest (Math.fround) for f32. */
export function rounding(precision: Precision): (x: number) => number {
  return precision === 'f32' ? Math.fround : (x) => x;
}

/**
 * Decoding error of a Ye–Abbe code (codes/ye-abbe.ts) from a survivor set, with every operation of the decoder
 * carried out in `precision`: `solveYeAbbeWeights` and `yeAbbeDecodingError` with the rounding of that precision, so
 * in f64 it is exactly their value and in f32 what a binary32 kernel computes (WGSL has no f64), up to FMA
 * contraction. Returns Σ_t ‖α^(t) − u_t‖² evaluated in f64 from the rounded α; +∞ when the solve meets an exactly zero
 * pivot in that precision.
 */
export function yeAbbeErrorInPrecision(code: GradientCode, survivors: ArrayLike<number>, precision: Precision): number {
  if (code.meta.extra?.kind !== 'ye-abbe') throw new Error(`internal error: ${code.name} is not a Ye–Abbe code`);
  const r = rounding(precision);
  const weights = solveYeAbbeWeights(code, survivors, r);
  return weights ? yeAbbeDecodingError(code, weights, r).error : Number.POSITIVE_INFINITY;
}

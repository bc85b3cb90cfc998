import type { GradientCode } from '../codes/types.js';
import { requireInput } from '../errors.js';
import { countSurvivors, requireSinglePart, resultFromWeights } from './coefficient-space.js';
import { UniformArrivals } from './streaming.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

const totals = new WeakMap<GradientCode, number>();

function coefficientTotal(code: GradientCode): number {
  let total = totals.get(code);
  if (total === undefined) {
    total = 0;
    for (let e = 0; e < code.coefficients.length; e++) total += code.coefficients[e];
    totals.set(code, total);
  }
  return total;
}

/** The fixed decoder's uniform weight for `alive` survivors: c = N/alive · m/Σ B (0 when none survive). */
export function fixedUniformWeight(code: GradientCode, alive: number): number {
  return alive > 0 ? (code.N / alive) * (code.m / coefficientTotal(code)) : 0;
}

/**
 * Fixed (uniform, "one-step" / linear-time) decoding: every survivor gets the same weight
 *
 *   c = N / (N − s) · m / Σ_{j,i} B[j,i],
 *
 * with s the number of stragglers. For codes normalised to unit column sums (Raviv et al.'s B = Adj/d, the
 * `getArowlinear` rule of rashisht1/approx_gradient_coding) the second factor is 1 and c = n/(n − s); for 0/1 codes
 * with column weight d it is the expectation-normalised c = n/(d(n − s)) of approx-codes.md §1, and for graph codes
 * Glasgow & Wootters' Prop. V.1 weight m/(d(m − s)). In every case E_S[α] averages to 1 over uniformly random S.
 * No survivors → w = 0. ℓ = 1 only.
 */
export const fixedUniformDecoder: Decoder = {
  name: 'fixed',
  summary: 'uniform weight n/(n − s), normalised by the code’s total coefficient mass',
  citation: 'Raviv, Tamo, Tandon & Dimakis (ICML 2018) linear-time decoder; Glasgow & Wootters (2021) Prop. V.1',
  check(code: GradientCode): void {
    requireSinglePart(code, 'fixed');
    const total = coefficientTotal(code);
    requireInput(total > 0, 'decoder', `"fixed" needs a positive total coefficient mass; ${code.name} has ${total}`);
  },
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    fixedUniformDecoder.check(code);
    const alive = countSurvivors(code, request.survivors);
    const weights = new Float64Array(code.N);
    const c = fixedUniformWeight(code, alive);
    for (let j = 0; j < code.N; j++) if (request.survivors[j] !== 0) weights[j] = c;
    return resultFromWeights('fixed', code, request, weights);
  },
  stream: {
    kind: 'fixed',
    optimal: false,
    create: (code) => new UniformArrivals(code, (n) => fixedUniformWeight(code, n)),
    // WGSL: c = N/|S| · curve_a.
    gpu: { code: 2, scratch: 'weights', tables: (code) => ({ a: code.m / coefficientTotal(code) }) },
  },
};

import type { GradientCode } from '../codes/types.js';
import { InputError } from '../errors.js';
import { countSurvivors, requireSinglePart, resultFromWeights } from './coefficient-space.js';
import { UniformArrivals } from './streaming.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

/** The BIBD decoder's weight c(n_S) = r/(r + λ(n_S − 1)) for `alive` survivors (0 when none). */
export function bibdWeight(code: GradientCode, alive: number): number {
  bibdFixedDecoder.check(code);
  const extra = code.meta.extra as { r: number; lambda: number };
  return alive > 0 ? extra.r / (extra.r + extra.lambda * (alive - 1)) : 0;
}

/**
 * BIBD fixed decoding (Kadhe, Koyluoglu & Ramchandran, ISIT 2019; approx-codes.md §A.3): with workers = points of a
 * (v, b, r, k, λ) design and |S| = n_S survivors, every survivor gets c(n_S) = r / (r + λ(n_S − 1)). Because
 * B_S B_Sᵀ = (r − λ)I + λJ has 1 as an eigenvector and B_S 1 = r·1, this uniform weight is the least-squares optimum
 * and the error is err(n_S) = b − n_S r² / (r + λ(n_S − 1)) for every survivor set of that size. Needs BIBD
 * metadata (`meta.extra.kind = 'bibd'`); ℓ = 1.
 */
export const bibdFixedDecoder: Decoder = {
  name: 'bibd',
  summary: 'BIBD closed-form weight r/(r + λ(|S| − 1)) (optimal for block-design codes)',
  citation: 'Kadhe, Koyluoglu & Ramchandran, Gradient Coding Based on Block Designs (ISIT 2019)',
  check(code: GradientCode): void {
    requireSinglePart(code, 'bibd');
    const extra = code.meta.extra;
    if (extra?.kind !== 'bibd') {
      throw new InputError('decoder', `"bibd" needs a block-design code; ${code.name} has no BIBD metadata`);
    }
    if (extra.v !== code.N || extra.b !== code.m) {
      throw new InputError(
        'decoder',
        `"bibd" needs workers = points (v = N, b = m); got v = ${extra.v}, N = ${code.N}`,
      );
    }
  },
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    const alive = countSurvivors(code, request.survivors);
    const c = bibdWeight(code, alive);
    const weights = new Float64Array(code.N);
    for (let j = 0; j < code.N; j++) if (request.survivors[j] !== 0) weights[j] = c;
    return resultFromWeights('bibd', code, request, weights);
  },
  stream: {
    kind: 'bibd',
    optimal: false,
    create: (code) => new UniformArrivals(code, (n) => bibdWeight(code, n)),
    // WGSL: c = curve_a / (curve_a + curve_b·(|S| − 1)) with (r, λ).
    gpu: {
      code: 3,
      scratch: 'weights',
      tables(code) {
        const extra = code.meta.extra as { r: number; lambda: number };
        return { a: extra.r, b: extra.lambda };
      },
    },
  },
};

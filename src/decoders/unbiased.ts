import type { GradientCode } from '../codes/types.js';
import { InputError, requireInput } from '../errors.js';
import { countSurvivors, requireSinglePart, resultFromWeights } from './coefficient-space.js';
import { WeightedArrivals } from './streaming.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

/** The straggling probabilities for the unbiased decoder: the request's, else the code's heterogeneous metadata. */
export function stragglingProbabilities(code: GradientCode, request?: DecodeRequest): ArrayLike<number> {
  const p = request?.p ?? (code.meta.extra?.kind === 'heterogeneous' ? code.meta.extra.p : undefined);
  if (p === undefined) {
    throw new InputError('p', `"unbiased" needs per-worker straggling probabilities (--p) for ${code.name}`);
  }
  requireInput(p.length === code.N, 'p', `expected ${code.N} probabilities (one per worker), got ${p.length}`);
  for (let j = 0; j < p.length; j++) {
    requireInput(Number.isFinite(p[j]) && p[j] >= 0 && p[j] < 1, 'p', `p[${j}] = ${p[j]} is outside [0, 1)`);
  }
  return p;
}

/**
 * Unbiased decoding for heterogeneous stragglers (Song & Choi, NeurIPS 2025, §B.2 of core-gc.md): survivor j gets
 * w_j = 1/(1 − p_j), so ĝ = Σ_j I_j w_j f_j has E[ĝ] = Σ_j Σ_i a_{j,i} g_i = g whenever every column of the
 * encoding sums to 1 (their constraint Σ_i α_j^i = 1 with the canonical factorisation w̃ = 1, a = α). The expected
 * squared coefficient error is Σ_j δ_j Σ_i a_{j,i}², δ_j = p_j/(1 − p_j). Probabilities come from the request or the
 * code's `meta.extra.p`; each must lie in [0, 1). ℓ = 1.
 */
export const unbiasedDecoder: Decoder = {
  name: 'unbiased',
  summary: 'Song–Choi unbiased weights 1/(1 − p_j) on survivors',
  citation: 'Song & Choi, Approximate Gradient Coding with Heterogeneous Stragglers (NeurIPS 2025), Theorem 1',
  needsProbabilities: true,
  unbiasedEstimate: true,
  check(code: GradientCode, request?: DecodeRequest): void {
    requireSinglePart(code, 'unbiased');
    stragglingProbabilities(code, request);
  },
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    requireSinglePart(code, 'unbiased');
    const p = stragglingProbabilities(code, request);
    countSurvivors(code, request.survivors);
    const weights = new Float64Array(code.N);
    for (let j = 0; j < code.N; j++) if (request.survivors[j] !== 0) weights[j] = 1 / (1 - p[j]);
    return resultFromWeights('unbiased', code, request, weights);
  },
  stream: {
    kind: 'unbiased',
    optimal: false,
    create(code) {
      const p = stragglingProbabilities(code);
      return new WeightedArrivals(code, (j) => 1 / (1 - p[j]));
    },
    // WGSL: worker j's weight floats[f_curve + j].
    gpu: {
      code: 4,
      scratch: 'weights',
      tables: (code) => ({ floats: Array.from(stragglingProbabilities(code), (x) => 1 / (1 - x)) }),
    },
  },
};

import type { GradientCode } from '../codes/types.js';
import { arrivalSequence, countSurvivors, requireSinglePart, resultFromWeights } from './coefficient-space.js';
import { WeightedArrivals } from './streaming.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

/**
 * Ignore-stragglers decoding: scan the survivors in arrival order and keep a worker (weight 1) only when its
 * support is disjoint from the chunks already covered, so no chunk is counted twice; everything else gets 0. With
 * an uncoded assignment (each worker its own chunks) this is the "ignoring stragglers" baseline of Tandon et al.
 * (`avoidstragg.py`) without the n/(n − s) rescaling; on a replication code it keeps one copy per chunk where it
 * can. Weight 1 means α_i = B[j,i] on covered chunks, so it is meant for 0/1 codes. ℓ = 1.
 */
export const ignoreStragglersDecoder: Decoder = {
  name: 'ignore-stragglers',
  summary: 'greedy disjoint supports among survivors, weight 1',
  citation: 'Tandon et al., Gradient Coding (ICML 2017), "ignoring stragglers" baseline (rashisht1/gradient_coding)',
  check(code: GradientCode): void {
    requireSinglePart(code, 'ignore-stragglers');
  },
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    ignoreStragglersDecoder.check(code);
    countSurvivors(code, request.survivors);
    const covered = new Uint8Array(code.m);
    const weights = new Float64Array(code.N);
    for (const j of arrivalSequence(code, request)) {
      let disjoint = true;
      for (let e = code.offsets[j]; e < code.offsets[j + 1] && disjoint; e++)
        if (covered[code.chunks[e]]) disjoint = false;
      if (!disjoint) continue;
      for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) covered[code.chunks[e]] = 1;
      weights[j] = 1;
    }
    return resultFromWeights('ignore-stragglers', code, request, weights);
  },
  usesArrivalOrder: true,
  stream: {
    kind: 'ignore-stragglers',
    optimal: false,
    create(code) {
      const covered = new Uint8Array(code.m);
      const { offsets, chunks } = code;
      return new WeightedArrivals(
        code,
        (j) => {
          for (let e = offsets[j]; e < offsets[j + 1]; e++) if (covered[chunks[e]]) return 0;
          for (let e = offsets[j]; e < offsets[j + 1]; e++) covered[chunks[e]] = 1;
          return 1;
        },
        () => covered.fill(0),
      );
    },
    // WGSL: one covered flag per chunk.
    gpu: { code: 6, scratch: 'weights', tables: (code) => ({ flags: code.m }) },
  },
};

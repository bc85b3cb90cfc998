import type { GradientCode } from '../codes/types.js';
import { arrivalSequence, countSurvivors, requireSinglePart, resultFromWeights } from './coefficient-space.js';
import { WeightedArrivals } from './streaming.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

const groupings = new WeakMap<GradientCode, Int32Array>();

/**
 * Worker groups of a replication code: from the code's `groups` recovery rule when it has one (FRC), otherwise
 * workers with identical rows (same chunks and coefficients) form a group.
 */
export function replicationGroups(code: GradientCode): Int32Array {
  const cached = groupings.get(code);
  if (cached) return cached;
  let group: Int32Array;
  if (code.recovery.kind === 'groups') {
    group = Int32Array.from(code.recovery.group);
  } else {
    group = new Int32Array(code.N);
    const ids = new Map<string, number>();
    for (let j = 0; j < code.N; j++) {
      const entries: string[] = [];
      for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
        const coefficients = Array.from(code.coefficients.subarray(e * code.parts, (e + 1) * code.parts));
        entries.push(`${code.chunks[e]}:${coefficients.join(',')}`);
      }
      const key = entries.sort().join(';');
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      group[j] = id;
    }
  }
  groupings.set(code, group);
  return group;
}

/**
 * ErasureHead decoding (Wang, Charles & Papailiopoulos 2019, `approximate_coding.py`; core-gc.md §C.3): in arrival
 * order, the **first** message of each replication group gets weight 1, later copies 0; groups with no arrival are
 * erased and nothing is rescaled, so the estimate is biased (E[ĝ] = (1 − q^r)·g under independent erasures). The
 * arrival order comes from the request (default: survivors by index). ℓ = 1.
 */
export const erasureDecoder: Decoder = {
  name: 'erasure',
  summary: 'ErasureHead: first arrival of each replication group, weight 1, no rescaling',
  citation: 'Wang, Charles & Papailiopoulos, ErasureHead (arXiv 1901.09671), approximate FRC decoding',
  check(code: GradientCode): void {
    requireSinglePart(code, 'erasure');
  },
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    erasureDecoder.check(code);
    countSurvivors(code, request.survivors);
    const group = replicationGroups(code);
    const covered = new Set<number>();
    const weights = new Float64Array(code.N);
    for (const j of arrivalSequence(code, request)) {
      if (covered.has(group[j])) continue;
      covered.add(group[j]);
      weights[j] = 1;
    }
    return resultFromWeights('erasure', code, request, weights);
  },
  usesArrivalOrder: true,
  usesReplicationGroups: true,
  stream: {
    kind: 'erasure',
    optimal: false,
    create(code) {
      const group = replicationGroups(code);
      const covered = new Uint8Array(code.N);
      return new WeightedArrivals(
        code,
        (j) => {
          if (covered[group[j]]) return 0;
          covered[group[j]] = 1;
          return 1;
        },
        () => covered.fill(0),
      );
    },
    // WGSL: worker j's group ints[i_curve + j]; one covered flag per group.
    gpu: {
      code: 5,
      scratch: 'weights',
      tables(code) {
        const group = replicationGroups(code);
        return { ints: group, flags: Math.max(...group) + 1 };
      },
    },
  },
};

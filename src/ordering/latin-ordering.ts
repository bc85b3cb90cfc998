import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { invariant } from '../errors.js';
import { maximumMatching } from './bipartite-matching.js';

/** Whether a code is in the regular class: N = m, every worker holds δ chunks and every chunk has δ holders. */
export function regularDegree(code: GradientCode): number | undefined {
  if (code.N !== code.m || code.N === 0) return undefined;
  const delta = code.offsets[1] - code.offsets[0];
  const gamma = new Int32Array(code.m);
  for (let j = 0; j < code.N; j++) {
    if (code.offsets[j + 1] - code.offsets[j] !== delta) return undefined;
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) gamma[code.chunks[e]]++;
  }
  for (let i = 0; i < code.m; i++) if (gamma[i] !== delta) return undefined;
  return delta;
}

/**
 * The optimal ("Latin") processing order for the regular class (N = m, δ-regular worker–chunk graph): split the
 * graph into δ perfect matchings M_1..M_δ — each round a perfect matching of the remaining (δ − p + 1)-regular
 * graph, which exists by Hall's/König's theorem, found with Hopcroft–Karp — and let worker j process its M_p chunk
 * at position p. Every chunk then occupies each position exactly once, so Qmax = Nδ − δ(δ+1)/2 + 1, the lower bound
 * (partial-stragglers.md §3.2, our reconstruction of Ramamoorthy et al., NeurIPS 2024; optimal for ℓ = 1, and
 * Qmax_ℓ = Nδ − (δ−ℓ+1)(δ−ℓ+2)/2 + 1 for ℓ > 1). Returns undefined when the code is not regular.
 * Cost: δ rounds of O(E √N), E = Nδ.
 */
export function latinOrder(code: GradientCode): ChunkOrder | undefined {
  const delta = regularDegree(code);
  if (delta === undefined) return undefined;
  const N = code.N;
  // Remaining edges per worker, as a compacting list.
  const remaining = Array.from({ length: N }, (_, j) =>
    Array.from(code.chunks.subarray(code.offsets[j], code.offsets[j + 1])),
  );
  const order = Array.from({ length: N }, () => new Int32Array(delta));
  const offsets = new Int32Array(N + 1);
  for (let p = 0; p < delta; p++) {
    for (let j = 0; j < N; j++) offsets[j + 1] = offsets[j] + remaining[j].length;
    const targets = Int32Array.from(remaining.flat());
    const { matchLeft, size } = maximumMatching(N, code.m, offsets, targets);
    invariant(
      size === N,
      `a ${delta - p}-regular bipartite graph must have a perfect matching (found ${size} of ${N})`,
    );
    for (let j = 0; j < N; j++) {
      const i = matchLeft[j];
      order[j][p] = i;
      remaining[j].splice(remaining[j].indexOf(i), 1);
    }
  }
  return order;
}

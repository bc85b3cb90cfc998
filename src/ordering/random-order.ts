import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { requireInput } from '../errors.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';

/**
 * A uniformly random processing order, seeded: worker j's chunks (natural order) are Fisher–Yates shuffled with
 * the Philox ordering stream (`Stream.ordering`), workers in index order — the "random ordering" baseline of
 * Ramamoorthy et al. (NeurIPS 2024, appendix figures; partial-stragglers.md §5.2).
 */
export function randomOrder(code: GradientCode, seed: number | bigint, field = 'seed'): ChunkOrder {
  requireInput(
    (typeof seed === 'bigint' && seed >= 0n && seed < 1n << 64n) ||
      (Number.isSafeInteger(seed) && (seed as number) >= 0),
    field,
    `must be an integer in 0..2^64−1, got ${seed}`,
  );
  const rng = new PhiloxStream(seed, Stream.ordering);
  return Array.from({ length: code.N }, (_, j) => {
    const row = code.chunks.slice(code.offsets[j], code.offsets[j + 1]);
    rng.shuffle(row);
    return row;
  });
}

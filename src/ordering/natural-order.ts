import type { ChunkOrder, GradientCode } from '../codes/types.js';

/** The construction's own order: each worker processes its chunks in CSR order (e.g. j, j+1, … for cyclic codes). */
export function naturalOrder(code: GradientCode): ChunkOrder {
  return Array.from({ length: code.N }, (_, j) => code.chunks.slice(code.offsets[j], code.offsets[j + 1]));
}

import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { InputError } from '../errors.js';

/**
 * A code together with a processing order: worker j processes `chunkAt[code.offsets[j] + k]` at position k
 * (0-based). Position-major arrays (finish times, chunk times) share the code's CSR offsets.
 */
export interface Schedule {
  readonly code: GradientCode;
  readonly chunkAt: Int32Array;
  /** Largest worker load δ_max. */
  readonly maxLoad: number;
}

/** The construction's natural order (each CSR row as stored). */
export function naturalSchedule(code: GradientCode): Schedule {
  return { code, chunkAt: code.chunks, maxLoad: maxLoad(code) };
}

/** Builds a schedule from an explicit order, checking that each worker's order is a permutation of its support. */
export function scheduleFromOrder(code: GradientCode, order: ChunkOrder, field = 'order'): Schedule {
  if (order.length !== code.N) throw new InputError(field, `has ${order.length} workers, the code has N = ${code.N}`);
  const chunkAt = new Int32Array(code.chunks.length);
  for (let j = 0; j < code.N; j++) {
    const start = code.offsets[j];
    const load = code.offsets[j + 1] - start;
    const row = order[j];
    const support = new Set(code.chunks.subarray(start, start + load));
    const seen = new Set<number>();
    if (row.length !== load) {
      throw new InputError(`${field}[${j}]`, `worker ${j} holds ${load} chunks but its order lists ${row.length}`);
    }
    for (let k = 0; k < load; k++) {
      const c = row[k];
      if (!support.has(c) || seen.has(c)) {
        throw new InputError(
          `${field}[${j}]`,
          `is not a permutation of worker ${j}'s chunks [${[...support].join(', ')}] (offending entry ${c})`,
        );
      }
      seen.add(c);
      chunkAt[start + k] = c;
    }
  }
  return { code, chunkAt, maxLoad: maxLoad(code) };
}

function maxLoad(code: GradientCode): number {
  let max = 0;
  for (let j = 0; j < code.N; j++) max = Math.max(max, code.offsets[j + 1] - code.offsets[j]);
  return max;
}

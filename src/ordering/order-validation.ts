import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { InputError, requireInput } from '../errors.js';
import { excerpt } from '../input/terminal-text.js';

/**
 * Checks that `order` is a processing order for `code`: one list per worker, each a permutation of that worker's
 * chunks. Errors name the worker (`order[j]`). Returns the order as Int32Arrays.
 */
export function validateOrder(code: GradientCode, order: readonly ArrayLike<number>[], field = 'order'): ChunkOrder {
  requireInput(Array.isArray(order), field, 'must be an array with one chunk list per worker');
  requireInput(order.length === code.N, field, `has ${order.length} worker lists, the code has N = ${code.N} workers`);
  const out: Int32Array[] = [];
  const mark = new Int32Array(code.m).fill(-1);
  for (let j = 0; j < code.N; j++) {
    const list: ArrayLike<number> | null | undefined = order[j];
    const where = `${field}[${j}]`;
    const size = code.offsets[j + 1] - code.offsets[j];
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) mark[code.chunks[e]] = j;
    const expected = () => `[${Array.from(code.chunks.subarray(code.offsets[j], code.offsets[j + 1])).join(', ')}]`;
    if (list === null || typeof list !== 'object' || typeof list.length !== 'number') {
      throw new InputError(where, `worker ${j}: expected an array of chunk indices, a permutation of ${expected()}`);
    }
    requireInput(
      list.length === size,
      where,
      `worker ${j} lists ${list.length} chunks but holds ${size}; expected a permutation of ${expected()}`,
    );
    const row = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      const i = list[k];
      requireInput(
        Number.isInteger(i) && i >= 0 && i < code.m && mark[i] === j,
        where,
        `worker ${j}: chunk ${typeof i === 'number' ? i : excerpt(JSON.stringify(i) ?? String(i))} at position ${k} is not one of its chunks (or is repeated); expected a permutation of ${expected()}`,
      );
      mark[i] = -2; // used
      row[k] = i;
    }
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) mark[code.chunks[e]] = -1;
    out.push(row);
  }
  return out;
}

/** Loads of an order: δ_j = number of chunks of worker j. */
export function loads(order: ChunkOrder): Int32Array {
  return Int32Array.from(order, (row) => row.length);
}

/**
 * Checks a bare order (no code): every worker's list holds distinct chunk indices in 0..m−1. Used by functions
 * that take an order as the assignment itself (Qmax, brute force).
 */
export function checkBareOrder(order: ChunkOrder, m: number, field = 'order'): void {
  requireInput(Number.isInteger(m) && m >= 1, 'm', `must be a positive integer, got ${m}`);
  requireInput(Array.isArray(order), field, 'must be an array with one chunk list per worker');
  const seen = new Int32Array(m).fill(-1);
  order.forEach((row, j) => {
    for (let k = 0; k < row.length; k++) {
      const i = row[k];
      requireInput(
        Number.isInteger(i) && i >= 0 && i < m && seen[i] !== j,
        `${field}[${j}]`,
        `worker ${j}: chunk ${i} is out of range 0..${m - 1} or repeated`,
      );
      seen[i] = j;
    }
  });
}

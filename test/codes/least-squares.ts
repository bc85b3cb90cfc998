import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { denseMatrix } from '../../src/codes/structure.js';
import type { GradientCode } from '../../src/codes/types.js';

/**
 * Test-local optimal decoding (ℓ = 1): w = argmin ‖B_Sᵀw − 1‖ by ml-matrix's SVD pseudo-inverse, and the squared
 * error of that w recomputed directly. Independent of src/linalg and src/decoders.
 */
export function optimalError(code: GradientCode, survivors: readonly number[]): { w: number[]; error: number } {
  const B = denseMatrix(code);
  const { m } = code;
  const BsT = Matrix.zeros(m, survivors.length);
  survivors.forEach((j, c) => {
    for (let i = 0; i < m; i++) BsT.set(i, c, B[j * m + i]);
  });
  const ones = Matrix.ones(m, 1);
  const w = new SingularValueDecomposition(BsT, { autoTranspose: true }).solve(ones).getColumn(0);
  let error = 0;
  for (let i = 0; i < m; i++) {
    let a = 0;
    survivors.forEach((j, c) => {
      a += w[c] * B[j * m + i];
    });
    error += (a - 1) ** 2;
  }
  return { w, error };
}

/** All k-subsets of 0..n−1 in lexicographic order. */
export function* subsets(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    yield [...idx];
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

/** Complement of `set` in 0..n−1. */
export function complementOf(n: number, set: readonly number[]): number[] {
  const s = new Set(set);
  return Array.from({ length: n }, (_, i) => i).filter((i) => !s.has(i));
}

/** Gram matrix B·Bᵀ (N×N) of an ℓ = 1 code, from its dense view. */
export function gram(code: GradientCode): number[][] {
  const B = denseMatrix(code);
  const { N, m } = code;
  return Array.from({ length: N }, (_, a) =>
    Array.from({ length: N }, (_, b) => {
      let s = 0;
      for (let i = 0; i < m; i++) s += B[a * m + i] * B[b * m + i];
      return s;
    }),
  );
}

import type { GradientCode } from '../../src/codes/types.js';

/** A 0/1 (or given-coefficient) ℓ = 1 code from per-worker support lists, for protocol tests. */
export function codeFromSupport(support: number[][], m: number, coefficients?: number[][]): GradientCode {
  const offsets = new Int32Array(support.length + 1);
  support.forEach((row, j) => {
    offsets[j + 1] = offsets[j] + row.length;
  });
  return {
    name: 'test',
    N: support.length,
    m,
    parts: 1,
    offsets,
    chunks: Int32Array.from(support.flat()),
    coefficients: Float64Array.from(coefficients ? coefficients.flat() : support.flat().map(() => 1)),
    recovery: { kind: 'least-squares' },
    meta: { family: 'test', params: {}, citation: 'test fixture', reconstruction: false },
  };
}

/** Cyclic support: worker j holds chunks j, j+1, …, j+d−1 (mod N), N = m. */
export function cyclicSupport(N: number, d: number): number[][] {
  return Array.from({ length: N }, (_, j) => Array.from({ length: d }, (_, k) => (j + k) % N));
}

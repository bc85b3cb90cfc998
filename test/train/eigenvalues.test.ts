import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen.js';
import { extremeEigenvalues, largestEigenvalue } from '../../src/train/bounds/constants.js';

/**
 * The eigenvalue routines of the bound constants for d > 96 (src/train/bounds/constants.ts): tridiagonal reduction +
 * bisection (μ, L) and Lanczos (L′) agree with the Jacobi decomposition to 1e-12 of the spectral radius, on a Gram
 * matrix with a wide spectrum, on one with a repeated top eigenvalue, and on a rank-deficient one.
 */
function gram(d: number, rows: number, scale: (k: number) => number, seed: number): Float64Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
  const X = Float64Array.from({ length: rows * d }, (_, idx) => next() * scale(idx % d));
  const G = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) G[i * d + j] += X[r * d + i] * X[r * d + j];
  }
  return G;
}

function jacobi(H: Float64Array, d: number): { min: number; max: number } {
  const data = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) data[i + j * d] = H[i * d + j];
  const values = symmetricEigen({ rows: d, cols: d, data }).values;
  return { min: values[d - 1], max: values[0] };
}

describe('extreme eigenvalues beyond the Jacobi limit', () => {
  const d = 120;
  const cases: [string, Float64Array][] = [
    ['wide spectrum', gram(d, 400, (k) => 1 + k / 10, 1)],
    [
      'repeated top eigenvalue',
      (() => {
        const H = gram(d, 400, () => 1, 2);
        for (let k = 0; k < d; k++) H[k * d + k] += 50 * (k < 3 ? 1 : 0);
        return H;
      })(),
    ],
    ['rank deficient', gram(d, 60, (k) => 1 + (k % 7), 3)],
  ];
  for (const [name, H] of cases) {
    it(name, () => {
      const ref = jacobi(H, d);
      const tri = extremeEigenvalues(H, d);
      expect(Math.abs(tri.max - ref.max)).toBeLessThanOrEqual(1e-12 * ref.max);
      expect(Math.abs(tri.min - ref.min)).toBeLessThanOrEqual(1e-12 * ref.max);
      expect(Math.abs(largestEigenvalue(H, d) - ref.max)).toBeLessThanOrEqual(1e-12 * ref.max);
    });
  }
});

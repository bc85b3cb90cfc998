import {
  EigenvalueDecomposition,
  Matrix,
  pseudoInverse as mlPseudoInverse,
  SingularValueDecomposition,
} from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { CompleteOrthogonalDecomposition } from '../../src/linalg/complete-orthogonal.js';
import {
  type DenseMatrix,
  fromRows,
  multiply,
  multiplyVector,
  toRows,
  transpose,
  zeros,
} from '../../src/linalg/dense-matrix.js';
import { leastSquares } from '../../src/linalg/least-squares.js';
import { pseudoInverse } from '../../src/linalg/pseudo-inverse.js';
import { singularValues, symmetricEigen } from '../../src/linalg/symmetric-eigen.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';

/** Random rows × cols matrix of exact rank `rank` (product of Gaussian factors). */
function plantedRank(rng: PhiloxStream, rows: number, cols: number, rank: number): DenseMatrix {
  const u = zeros(rows, rank);
  const v = zeros(rank, cols);
  for (let k = 0; k < u.data.length; k++) u.data[k] = rng.normal();
  for (let k = 0; k < v.data.length; k++) v.data[k] = rng.normal();
  return multiply(u, v);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

describe('least squares on rank-deficient inputs', () => {
  it('4×2 rank-1 (the case ml-matrix QR gets wrong): min-norm solution, rank 1, zero residual', () => {
    const a = fromRows([
      [1, 2],
      [2, 4],
      [3, 6],
      [4, 8],
    ]);
    const consistent = leastSquares(a, Float64Array.of(1, 2, 3, 4));
    expect(consistent.rank).toBe(1);
    // All solutions satisfy x1 + 2 x2 = 1; the minimum-norm one is (1, 2)/5.
    expect(maxAbsDiff(consistent.x, [0.2, 0.4])).toBeLessThan(1e-15);
    expect(consistent.residual[0]).toBeLessThan(1e-28);
    // b = e1 is not in the column space: P b = (1,2,3,4)/30, residual 1 − 1/30, x = (1,2)/150.
    const inconsistent = leastSquares(a, Float64Array.of(1, 0, 0, 0));
    expect(inconsistent.rank).toBe(1);
    expect(maxAbsDiff(inconsistent.x, [1 / 150, 2 / 150])).toBeLessThan(1e-16);
    expect(inconsistent.residual[0]).toBeCloseTo(29 / 30, 14);
  });

  it('all-ones 4×2, where R₂₂ is roundoff rather than an exact zero: rank 1 and the symmetric min-norm split', () => {
    // ml-matrix's exact-zero rank test calls this matrix full rank and returns [-0, 1] (research/ecosystem.md §5).
    const a = fromRows([
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const ours = leastSquares(a, Float64Array.of(1, 1, 1, 1));
    expect(ours.rank).toBe(1);
    expect(maxAbsDiff(ours.x, [0.5, 0.5])).toBeLessThan(1e-15);
  });

  it('zero matrix: rank 0, x = 0, residual ‖b‖²', () => {
    const r = leastSquares(zeros(3, 2), Float64Array.of(1, 2, 2));
    expect(r.rank).toBe(0);
    expect(Array.from(r.x)).toEqual([0, 0]);
    expect(r.residual[0]).toBe(9);
  });

  it('wide rank-deficient system: min-norm solution lies in the row space', () => {
    // Rows 1 and 3 equal; rank 2 in a 3×4 matrix.
    const a = fromRows([
      [1, 0, 1, 0],
      [0, 1, 0, 1],
      [1, 0, 1, 0],
    ]);
    const r = leastSquares(a, Float64Array.of(2, 4, 2));
    expect(r.rank).toBe(2);
    expect(maxAbsDiff(r.x, [1, 2, 1, 2])).toBeLessThan(1e-15);
    expect(r.residual[0]).toBeLessThan(1e-28);
  });

  it('rank is scale-invariant (tolerance relative to |R11|)', () => {
    const rng = new PhiloxStream(3, Stream.test);
    const a = plantedRank(rng, 9, 6, 3);
    for (const scale of [1e-170, 1e-30, 1, 1e30, 1e150]) {
      const s = { rows: a.rows, cols: a.cols, data: a.data.map((x) => x * scale) };
      expect(new CompleteOrthogonalDecomposition(s).rank).toBe(3);
    }
  });

  it('agrees with ml-matrix SVD (rank and min-norm solution) on 400 random planted-rank instances', () => {
    const rng = new PhiloxStream(11, Stream.test);
    let deficient = 0;
    for (let trial = 0; trial < 400; trial++) {
      const rows = 1 + rng.integer(12);
      const cols = 1 + rng.integer(12);
      const rank = rng.integer(Math.min(rows, cols) + 1);
      if (rank < Math.min(rows, cols)) deficient++;
      const a = plantedRank(rng, rows, cols, rank);
      const b = Float64Array.from({ length: rows }, () => rng.normal());
      const ours = leastSquares(a, b);
      const ml = new Matrix(toRows(a));
      if (rank > 0) {
        const svd = new SingularValueDecomposition(ml, { autoTranspose: true });
        expect(ours.rank).toBe(svd.rank);
      }
      expect(ours.rank).toBe(rank);
      const reference =
        rank === 0
          ? new Float64Array(cols)
          : mlPseudoInverse(ml)
              .mmul(Matrix.columnVector(Array.from(b)))
              .to1DArray();
      expect(maxAbsDiff(ours.x, reference)).toBeLessThan(1e-8 * Math.max(1, norm(reference)));
      // Residual reported equals ‖A x − b‖² recomputed independently.
      const ax = multiplyVector(a, ours.x);
      const res = ax.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
      expect(ours.residual[0]).toBeCloseTo(res, 10);
    }
    expect(deficient).toBeGreaterThan(150);
  });

  it('several right-hand sides at once equal separate solves', () => {
    const rng = new PhiloxStream(12, Stream.test);
    const a = plantedRank(rng, 10, 7, 4);
    const b = Float64Array.from({ length: 30 }, () => rng.normal());
    const all = leastSquares(a, b);
    expect(all.x.length).toBe(21);
    for (let k = 0; k < 3; k++) {
      const one = leastSquares(a, b.slice(k * 10, (k + 1) * 10));
      expect(maxAbsDiff(all.x.subarray(k * 7, (k + 1) * 7), one.x)).toBe(0);
      expect(all.residual[k]).toBe(one.residual[0]);
    }
  });

  it("Tandon et al.'s 3-worker example: each straggler pattern decodes with the paper's row of A", () => {
    // B = [[½,1,0],[0,1,−1],[½,0,1]]; A rows for "W1, W2, W3 straggles" are [0,1,2], [1,0,1], [2,−1,0].
    const b = [
      [0.5, 1, 0],
      [0, 1, -1],
      [0.5, 0, 1],
    ];
    const expected = [
      [0, 1, 2],
      [1, 0, 1],
      [2, -1, 0],
    ];
    for (let straggler = 0; straggler < 3; straggler++) {
      const survivors = [0, 1, 2].filter((j) => j !== straggler);
      const bSt = transpose(fromRows(survivors.map((j) => b[j])));
      const r = leastSquares(bSt, Float64Array.of(1, 1, 1));
      expect(r.rank).toBe(2);
      expect(r.residual[0]).toBeLessThan(1e-28);
      const row = [0, 0, 0];
      survivors.forEach((j, k) => {
        row[j] = r.x[k];
      });
      expect(maxAbsDiff(row, expected[straggler])).toBeLessThan(1e-14);
    }
  });
});

describe('pseudo-inverse', () => {
  it('satisfies the four Penrose conditions and matches ml-matrix on rank-deficient matrices', () => {
    const rng = new PhiloxStream(13, Stream.test);
    for (let trial = 0; trial < 60; trial++) {
      const rows = 1 + rng.integer(9);
      const cols = 1 + rng.integer(9);
      const rank = 1 + rng.integer(Math.min(rows, cols));
      const a = plantedRank(rng, rows, cols, rank);
      const p = pseudoInverse(a);
      expect([p.rows, p.cols]).toEqual([cols, rows]);
      const scale = Math.max(...a.data.map(Math.abs));
      const apa = multiply(multiply(a, p), a);
      expect(maxAbsDiff(apa.data, a.data)).toBeLessThan(1e-9 * scale);
      const pap = multiply(multiply(p, a), p);
      const pScale = Math.max(...p.data.map(Math.abs));
      expect(maxAbsDiff(pap.data, p.data)).toBeLessThan(1e-9 * pScale);
      const ap = multiply(a, p);
      expect(maxAbsDiff(ap.data, transpose(ap).data)).toBeLessThan(1e-9);
      const pa = multiply(p, a);
      expect(maxAbsDiff(pa.data, transpose(pa).data)).toBeLessThan(1e-9);
      const ml = mlPseudoInverse(new Matrix(toRows(a)));
      expect(maxAbsDiff(toRows(p).flat(), ml.to2DArray().flat())).toBeLessThan(1e-8 * pScale);
    }
  });
});

describe('symmetric eigenvalues and singular values', () => {
  const petersenEdges: [number, number][] = [];
  for (let i = 0; i < 5; i++) {
    petersenEdges.push([i, (i + 1) % 5], [i, i + 5], [i + 5, ((i + 2) % 5) + 5]);
  }

  it('Jacobi eigenvalues of the Petersen adjacency are 3, 1 (×5), −2 (×4) with orthonormal eigenvectors', () => {
    const adj = zeros(10, 10);
    for (const [u, v] of petersenEdges) {
      adj.data[u + v * 10] = 1;
      adj.data[v + u * 10] = 1;
    }
    const eig = symmetricEigen(adj, { vectors: true });
    const expected = [3, 1, 1, 1, 1, 1, -2, -2, -2, -2];
    expect(maxAbsDiff(eig.values, expected)).toBeLessThan(1e-13);
    const v = eig.vectors!;
    const vtv = multiply(transpose(v), v);
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 10; j++) expect(vtv.data[i + j * 10]).toBeCloseTo(i === j ? 1 : 0, 13);
    const av = multiply(adj, v);
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i < 10; i++) expect(av.data[i + k * 10]).toBeCloseTo(eig.values[k] * v.data[i + k * 10], 12);
    }
  });

  it('Jacobi eigenvalues match ml-matrix on random symmetric matrices', () => {
    const rng = new PhiloxStream(14, Stream.test);
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + rng.integer(12);
      const a = zeros(n, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          const x = rng.normal();
          a.data[i + j * n] = x;
          a.data[j + i * n] = x;
        }
      }
      const ours = symmetricEigen(a).values;
      const ml = new EigenvalueDecomposition(new Matrix(toRows(a)), { assumeSymmetric: true }).realEigenvalues;
      expect(
        maxAbsDiff(
          ours,
          [...ml].sort((x, y) => y - x),
        ),
      ).toBeLessThan(1e-12);
    }
  });

  it('one-sided Jacobi singular values match ml-matrix SVD, and σ₂² = 2d − λ for the Petersen incidence', () => {
    const rng = new PhiloxStream(15, Stream.test);
    for (let trial = 0; trial < 40; trial++) {
      const rows = 1 + rng.integer(10);
      const cols = 1 + rng.integer(10);
      const a = plantedRank(rng, rows, cols, 1 + rng.integer(Math.min(rows, cols)));
      const ours = singularValues(a);
      const ml = new SingularValueDecomposition(new Matrix(toRows(a)), { autoTranspose: true }).diagonal;
      expect(maxAbsDiff(ours, ml)).toBeLessThan(1e-11 * ml[0]);
    }
    // Vertex–edge incidence of the Petersen graph (d = 3, λ = d − λ₂ = 2): σ₂² = 2d − λ = 4 (core-gc.md §D.2).
    const incidence = zeros(10, 15);
    petersenEdges.forEach(([u, v], e) => {
      incidence.data[u + e * 10] = 1;
      incidence.data[v + e * 10] = 1;
    });
    const s = singularValues(incidence);
    expect(s[0] ** 2).toBeCloseTo(6, 12);
    expect(s[1] ** 2).toBeCloseTo(4, 12);
  });
});

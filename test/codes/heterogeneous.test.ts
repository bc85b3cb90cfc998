import { describe, expect, it } from 'vitest';
import {
  heterogeneousCode,
  songChoiAllocation,
  songChoiObjective,
  songChoiRowSums,
  unbiasedDecodingWeights,
} from '../../src/codes/heterogeneous.js';
import { denseMatrix } from '../../src/codes/structure.js';
import { InputError } from '../../src/errors.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';

const P = [0.1, 0.2, 0.3, 0.4];

function dense(rows: number[][], alpha: number[][], m: number): number[][] {
  return rows.map((r, i) => {
    const out = new Array<number>(m).fill(0);
    r.forEach((c, e) => {
      out[c] = alpha[i][e];
    });
    return out;
  });
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).field;
  }
  return undefined;
}

describe('Song–Choi heterogeneous-straggler code: worked example k = n = 4, p = (0.1, 0.2, 0.3, 0.4)', () => {
  it('row sums Y and the objective', () => {
    const Y = songChoiRowSums(P, 4);
    const want = [2.138614, 0.950495, 0.554455, 0.356436];
    Y.forEach((y, i) => expect(y).toBeCloseTo(want[i], 6));
    // Exact values: Σ δ⁻¹ = 9 + 4 + 7/3 + 3/2 = 101/6, Y_i = 4 δ_i⁻¹ · 6/101.
    expect(Y[0]).toBeCloseTo((4 * 9 * 6) / 101, 14);
    expect(songChoiObjective(P, 4)).toBeCloseTo(96 / 101, 14);
    const deltas = P.map((p) => p / (1 - p));
    expect(deltas.reduce((s, d, i) => s + d * Y[i] * Y[i], 0)).toBeCloseTo(96 / 101, 14);
    expect(Array.from(unbiasedDecodingWeights(P))).toEqual(P.map((p) => 1 / (1 - p)));
  });

  it('Scheme I α matrix', () => {
    const { rows, alpha } = songChoiAllocation(P, 4, 'I');
    const A = dense(rows, alpha, 4);
    const want = [
      [1.138614, 1, 0, 0],
      [-0.049505, 0, 1, 0],
      [-0.445545, 0, 0, 1],
      [0.356436, 0, 0, 0],
    ];
    A.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 6)));
    expect(rows.flat().length).toBe(7);
  });

  it('Scheme II α matrix', () => {
    const { rows, alpha } = songChoiAllocation(P, 4, 'II');
    const A = dense(rows, alpha, 4);
    const want = [
      [1, 1.138614, 0, 0],
      [0, -0.138614, 1.089109, 0],
      [0, 0, -0.089109, 0.643564],
      [0, 0, 0, 0.356436],
    ];
    A.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 6)));
    expect(rows.flat().length).toBe(7);
  });
});

describe('Song–Choi margins for random p and shapes', () => {
  it.each([
    [2, 2, 'I'],
    [2, 5, 'II'],
    [5, 4, 'I'],
    [5, 4, 'II'],
    [6, 6, 'II'],
    [10, 10, 'I'],
    [10, 25, 'II'],
  ] as const)(
    'N = %i workers, m = %i chunks, Scheme %s: row sums Y, column sums 1, N + m − 1 entries',
    (N, m, scheme) => {
      const p = Array.from({ length: N }, (_, i) => 0.05 + (0.9 * ((i * 7919) % 97)) / 97);
      const code = heterogeneousCode({ p, m, scheme });
      const B = denseMatrix(code);
      const Y = songChoiRowSums(p, m);
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += B[i * m + j];
        expect(s).toBeCloseTo(Y[i], 12);
      }
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let i = 0; i < N; i++) s += B[i * m + j];
        expect(s).toBeCloseTo(1, 12);
      }
      expect(code.offsets[N]).toBe(N + m - 1);
      const extra = code.meta.extra;
      expect(extra?.kind).toBe('heterogeneous');
      if (extra?.kind === 'heterogeneous') {
        expect(extra.objective).toBeCloseTo((m * m) / p.reduce((s, x) => s + (1 - x) / x, 0), 12);
        expect(Array.from(extra.weights)).toEqual(p.map((x) => 1 / (1 - x)));
        expect(extra.scheme).toBe(scheme);
      }
    },
  );

  it('unbiased: Σ_i (1 − p_i)·w_i·B[i, j] = 1 for every chunk (E[ĝ] = g in closed form)', () => {
    const p = [0.3, 0.05, 0.6, 0.2, 0.45];
    const code = heterogeneousCode({ p, scheme: 'II', m: 7 });
    const B = denseMatrix(code);
    const w = unbiasedDecodingWeights(p);
    for (let j = 0; j < 7; j++) {
      let e = 0;
      for (let i = 0; i < 5; i++) e += (1 - p[i]) * w[i] * B[i * 7 + j];
      expect(e).toBeCloseTo(1, 12);
    }
  });

  it('Monte Carlo: ĝ is unbiased and E‖ĝ − g‖² = Σ_i δ_i (Σ_j α_j^i g_j)², both within 4-σ intervals', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const code = heterogeneousCode({ p, scheme: 'I' });
    const B = denseMatrix(code);
    const g = [1.5, -0.7, 2.2, 0.4];
    const f = p.map((_, i) => g.reduce((s, gj, j) => s + B[i * 4 + j] * gj, 0));
    const w = unbiasedDecodingWeights(p);
    const target = g.reduce((a, b) => a + b, 0);
    const exactMse = p.reduce((s, pi, i) => s + (pi / (1 - pi)) * f[i] * f[i], 0);
    const stream = new PhiloxStream(2024, Stream.test);
    const trials = 200_000;
    let sum = 0;
    let sumSq = 0;
    let err2 = 0;
    let err4 = 0;
    for (let t = 0; t < trials; t++) {
      let ghat = 0;
      for (let i = 0; i < 4; i++) if (stream.uniform() >= p[i]) ghat += w[i] * f[i];
      sum += ghat;
      sumSq += ghat * ghat;
      const e = (ghat - target) ** 2;
      err2 += e;
      err4 += e * e;
    }
    const mean = sum / trials;
    const sd = Math.sqrt(sumSq / trials - mean * mean);
    expect(Math.abs(mean - target)).toBeLessThan((4 * sd) / Math.sqrt(trials));
    const mse = err2 / trials;
    const mseSd = Math.sqrt(err4 / trials - mse * mse);
    expect(Math.abs(mse - exactMse)).toBeLessThan((4 * mseSd) / Math.sqrt(trials));
  });

  it('p outside (0, 1), m < N − 1 and one worker are InputErrors naming the entry', () => {
    expect(fieldOf(() => heterogeneousCode({ p: [0.1, 0, 0.3], scheme: 'I' }))).toBe('p[1]');
    expect(fieldOf(() => heterogeneousCode({ p: [0.1, 0.2, 1], scheme: 'I' }))).toBe('p[2]');
    expect(fieldOf(() => heterogeneousCode({ p: [-0.5, 0.2], scheme: 'II' }))).toBe('p[0]');
    expect(fieldOf(() => heterogeneousCode({ p: [0.5], scheme: 'I' }))).toBe('p');
    expect(fieldOf(() => heterogeneousCode({ p: [0.1, 0.2, 0.3, 0.4], m: 2, scheme: 'I' }))).toBe('m');
    expect(fieldOf(() => heterogeneousCode({ p: [0.1, 0.2], scheme: 'III' as never }))).toBe('scheme');
  });
});

import { describe, expect, it } from 'vitest';
import { nestedCode } from '../../src/codes/nested.js';
import { bernoulliCode, columnRegularCode, randomRegularCode } from '../../src/codes/random-codes.js';
import { stochasticBlockCode } from '../../src/codes/sbc.js';
import {
  chunkReplication,
  isRegular,
  regularClassDegree,
  supportSize,
  workerLoads,
} from '../../src/codes/structure.js';
import type { GradientCode } from '../../src/codes/types.js';
import { InputError } from '../../src/errors.js';
import { complementOf, optimalError, subsets } from './least-squares.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).field;
  }
  return undefined;
}

function same(a: GradientCode, b: GradientCode): boolean {
  return (
    a.N === b.N &&
    a.m === b.m &&
    a.offsets.every((x, i) => x === b.offsets[i]) &&
    a.chunks.length === b.chunks.length &&
    a.chunks.every((x, i) => x === b.chunks[i]) &&
    a.coefficients.every((x, i) => x === b.coefficients[i])
  );
}

function noRepeats(code: GradientCode): boolean {
  for (let j = 0; j < code.N; j++) {
    const row = code.chunks.subarray(code.offsets[j], code.offsets[j + 1]);
    if (new Set(row).size !== row.length) return false;
  }
  return true;
}

describe('Bernoulli gradient code', () => {
  it('seeded, reproducible, density ≈ p (binomial 5σ band)', () => {
    const a = bernoulliCode({ N: 60, m: 50, p: 0.2, seed: 9 });
    expect(same(a, bernoulliCode({ N: 60, m: 50, p: 0.2, seed: 9 }))).toBe(true);
    expect(same(a, bernoulliCode({ N: 60, m: 50, p: 0.2, seed: 10 }))).toBe(false);
    const n = 60 * 50;
    const sigma = Math.sqrt(n * 0.2 * 0.8);
    expect(Math.abs(supportSize(a) - n * 0.2)).toBeLessThan(5 * sigma);
    expect(noRepeats(a)).toBe(true);
    const byD = bernoulliCode({ N: 20, d: 4, seed: 1 });
    expect(same(byD, bernoulliCode({ N: 20, p: 0.2, seed: 1 }))).toBe(true);
    expect(supportSize(bernoulliCode({ N: 5, p: 1 }))).toBe(25);
    expect(supportSize(bernoulliCode({ N: 5, p: 0 }))).toBe(0);
  });

  it('bad parameters', () => {
    expect(fieldOf(() => bernoulliCode({ N: 5, p: 1.5 }))).toBe('p');
    expect(fieldOf(() => bernoulliCode({ N: 5 }))).toBe('p');
    expect(fieldOf(() => bernoulliCode({ N: 5, p: 0.1, d: 1 }))).toBe('p');
    expect(fieldOf(() => bernoulliCode({ N: 5, d: 6 }))).toBe('d');
  });
});

describe('column-regular random code', () => {
  it('every chunk on exactly d distinct workers; seeded', () => {
    const c = columnRegularCode({ N: 30, m: 40, d: 3, seed: 4 });
    expect(Array.from(chunkReplication(c))).toEqual(new Array(40).fill(3));
    expect(noRepeats(c)).toBe(true);
    expect(same(c, columnRegularCode({ N: 30, m: 40, d: 3, seed: 4 }))).toBe(true);
    expect(same(c, columnRegularCode({ N: 30, m: 40, d: 3, seed: 5 }))).toBe(false);
    expect(fieldOf(() => columnRegularCode({ N: 3, d: 4 }))).toBe('d');
  });
});

describe('random regular bipartite assignment', () => {
  it('the benchmark workload N = m = 64, d = 4: regular class, no repeated chunk, reproducible', () => {
    const c = randomRegularCode({ N: 64, d: 4, seed: 1 });
    expect(regularClassDegree(c)).toBe(4);
    expect(noRepeats(c)).toBe(true);
    expect(same(c, randomRegularCode({ N: 64, d: 4, seed: 1 }))).toBe(true);
    expect(same(c, randomRegularCode({ N: 64, d: 4, seed: 2 }))).toBe(false);
  });

  it('biregular N ≠ m and dense d', () => {
    const c = randomRegularCode({ N: 30, m: 20, d: 4, seed: 3 });
    expect(Array.from(workerLoads(c))).toEqual(new Array(30).fill(4));
    expect(Array.from(chunkReplication(c))).toEqual(new Array(20).fill(6));
    expect(isRegular(c)).toBe(true);
    expect(regularClassDegree(c)).toBeUndefined();
    const dense = randomRegularCode({ N: 12, d: 11, seed: 0 });
    expect(regularClassDegree(dense)).toBe(11);
    expect(noRepeats(dense)).toBe(true);
    expect(fieldOf(() => randomRegularCode({ N: 10, m: 4, d: 3 }))).toBe('d'); // 30/4 not an integer
  });
});

describe('stochastic block code (reconstruction)', () => {
  it('p = 1, q = 0 with communities of size s + 1 is FRC; densities within and between communities', () => {
    const frcLike = stochasticBlockCode({ N: 12, communities: 4, p: 1, q: 0 });
    for (let j = 0; j < 12; j++) {
      const g = Math.floor(j / 3);
      expect(Array.from(frcLike.chunks.subarray(frcLike.offsets[j], frcLike.offsets[j + 1]))).toEqual([
        3 * g,
        3 * g + 1,
        3 * g + 2,
      ]);
    }
    // FRC with s = 2 is exact under every 2-straggler pattern.
    for (const st of subsets(12, 2)) expect(optimalError(frcLike, complementOf(12, st)).error).toBeLessThan(1e-20);
    const c = stochasticBlockCode({ N: 100, communities: 5, p: 0.6, q: 0.05, seed: 2 });
    let within = 0;
    let between = 0;
    for (let j = 0; j < 100; j++) {
      for (let e = c.offsets[j]; e < c.offsets[j + 1]; e++) {
        if (Math.floor(c.chunks[e] / 20) === Math.floor(j / 20)) within++;
        else between++;
      }
    }
    const nw = 100 * 20;
    const nb = 100 * 80;
    expect(Math.abs(within - 0.6 * nw)).toBeLessThan(5 * Math.sqrt(nw * 0.24));
    expect(Math.abs(between - 0.05 * nb)).toBeLessThan(5 * Math.sqrt(nb * 0.0475));
    expect(same(c, stochasticBlockCode({ N: 100, communities: 5, p: 0.6, q: 0.05, seed: 2 }))).toBe(true);
    expect(c.meta.reconstruction).toBe(true);
    expect(fieldOf(() => stochasticBlockCode({ N: 10, communities: 3, p: 0.5, q: 0.1 }))).toBe('communities');
    expect(fieldOf(() => stochasticBlockCode({ N: 10, communities: 2, p: 0.5, q: -0.1 }))).toBe('q');
  });
});

describe('nested code (reconstruction)', () => {
  it('levels of exact codes, processed in order; each level decodes from any N − s_t of its messages', () => {
    const code = nestedCode({ N: 8, s: [3, 1], seed: 2 });
    expect(code.m).toBe(16);
    expect(Array.from(workerLoads(code))).toEqual(new Array(8).fill(4 + 2));
    const extra = code.meta.extra;
    expect(extra).toEqual({
      kind: 'nested',
      levels: [
        { s: 3, chunkOffset: 0, chunks: 8 },
        { s: 1, chunkOffset: 8, chunks: 8 },
      ],
    });
    // Processing order: level-0 chunks (< 8) first.
    for (let j = 0; j < 8; j++) {
      const row = Array.from(code.chunks.subarray(code.offsets[j], code.offsets[j + 1]));
      expect(row.slice(0, 4).every((i) => i < 8)).toBe(true);
      expect(row.slice(4).every((i) => i >= 8)).toBe(true);
    }
    // Each level's sub-matrix is an exact code for its tolerance.
    if (extra?.kind !== 'nested') return;
    for (const level of extra.levels) {
      const rows: number[][] = [];
      const coef: number[][] = [];
      for (let j = 0; j < 8; j++) {
        const r: number[] = [];
        const c: number[] = [];
        for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
          const i = code.chunks[e] - level.chunkOffset;
          if (i >= 0 && i < level.chunks) {
            r.push(i);
            c.push(code.coefficients[e]);
          }
        }
        rows.push(r);
        coef.push(c);
      }
      const sub: GradientCode = {
        ...code,
        m: level.chunks,
        offsets: Int32Array.from([0, ...rows.map((_, j) => rows.slice(0, j + 1).flat().length)]),
        chunks: Int32Array.from(rows.flat()),
        coefficients: Float64Array.from(coef.flat()),
      };
      for (const st of subsets(8, level.s)) expect(optimalError(sub, complementOf(8, st)).error).toBeLessThan(1e-16);
    }
    expect(code.meta.reconstruction).toBe(true);
    expect(fieldOf(() => nestedCode({ N: 8, s: [3, 2], base: 'frc' }))).toBe('s[1]');
    expect(fieldOf(() => nestedCode({ N: 8, s: [] }))).toBe('s');
    expect(fieldOf(() => nestedCode({ N: 8, s: [8] }))).toBe('s[0]');
  });
});

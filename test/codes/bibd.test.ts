import { describe, expect, it } from 'vitest';
import { bibdCode } from '../../src/codes/bibd.js';
import {
  affinePlaneDesign,
  type BlockDesign,
  complementDesign,
  DIFFERENCE_SET_TABLE,
  differenceSetDesign,
  fanoPlane,
  paleyDesign,
  projectivePlaneDesign,
  verifyBlockDesign,
} from '../../src/codes/block-designs.js';
import { fractionalRepetitionCode } from '../../src/codes/frc.js';
import { kroneckerProduct } from '../../src/codes/product.js';
import { chunkReplication, denseMatrix, workerLoads } from '../../src/codes/structure.js';
import type { GradientCode } from '../../src/codes/types.js';
import { yeAbbeCode } from '../../src/codes/ye-abbe.js';
import { InputError } from '../../src/errors.js';
import { complementOf, gram, optimalError, subsets } from './least-squares.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).field;
  }
  return undefined;
}

/** The code's Gram matrix is (r − λ)I + λJ, loads r, replications k — checked on the built code, not the design. */
function expectBibdCode(code: GradientCode, v: number, b: number, r: number, k: number, lambda: number): void {
  expect([code.N, code.m]).toEqual([v, b]);
  expect(Array.from(workerLoads(code))).toEqual(new Array(v).fill(r));
  expect(Array.from(chunkReplication(code))).toEqual(new Array(b).fill(k));
  const G = gram(code);
  for (let a = 0; a < v; a++) for (let c = 0; c < v; c++) expect(G[a][c]).toBe(a === c ? r : lambda);
  expect(code.meta.extra).toEqual({ kind: 'bibd', v, b, r, k, lambda });
  // BIBD necessary conditions.
  expect(v * r).toBe(b * k);
  expect(lambda * (v - 1)).toBe(r * (k - 1));
}

describe('block designs', () => {
  it.each(Object.entries(DIFFERENCE_SET_TABLE))('difference-set table n = %s is a symmetric BIBD', (n, entry) => {
    const d = differenceSetDesign(Number(n));
    const k = entry.set.length;
    const lambda = (k * (k - 1)) / (Number(n) - 1);
    expect(Number.isInteger(lambda)).toBe(true);
    expectBibdCode(bibdCode(d), Number(n), Number(n), k, k, lambda);
  });

  it.each([2, 3, 5, 7, 11])('PG(2,%i) from F_q³ is a (q²+q+1, q+1, 1) design', (q) => {
    const v = q * q + q + 1;
    expectBibdCode(bibdCode(projectivePlaneDesign(q)), v, v, q + 1, q + 1, 1);
  });

  it.each([2, 3, 5, 7])('AG(2,%i) is a (q², q²+q, q+1, q, 1) design', (q) => {
    expectBibdCode(bibdCode(affinePlaneDesign(q)), q * q, q * q + q, q + 1, q, 1);
  });

  it.each([7, 11, 19, 23, 31, 43])('Paley(%i): quadratic residues give (q, (q−1)/2, (q−3)/4)', (q) => {
    const k = (q - 1) / 2;
    expectBibdCode(bibdCode(paleyDesign(q)), q, q, k, k, (q - 3) / 4);
  });

  it('complements: Fano → (7,4,2), PG(2,3) → (13,9,6), AG(2,3) → (9,12,8,6,5); complement twice is the identity', () => {
    expectBibdCode(bibdCode(complementDesign(fanoPlane())), 7, 7, 4, 4, 2);
    expectBibdCode(bibdCode(complementDesign(projectivePlaneDesign(3))), 13, 13, 9, 9, 6);
    expectBibdCode(bibdCode(complementDesign(affinePlaneDesign(3))), 9, 12, 8, 6, 5);
    const twice = complementDesign(complementDesign(projectivePlaneDesign(3)));
    expect(twice.blocks.map((b) => Array.from(b))).toEqual(projectivePlaneDesign(3).blocks.map((b) => Array.from(b)));
    const triangle: BlockDesign = {
      name: 'triangle',
      ...verifyBlockDesign(3, [
        [0, 1],
        [1, 2],
        [0, 2],
      ]),
      blocks: [Int32Array.of(0, 1), Int32Array.of(1, 2), Int32Array.of(0, 2)],
    };
    expect(fieldOf(() => complementDesign(triangle))).toBe('of'); // blocks of size 1
  });

  it('verifyBlockDesign rejects non-designs', () => {
    expect(() =>
      verifyBlockDesign(4, [
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
    ).toThrow(/share|blocks/);
    expect(() =>
      verifyBlockDesign(3, [
        [0, 1],
        [0, 1, 2],
      ]),
    ).toThrow(/points/);
    expect(
      verifyBlockDesign(3, [
        [0, 1],
        [1, 2],
        [0, 2],
      ]),
    ).toEqual({ v: 3, b: 3, r: 2, k: 2, lambda: 1 });
  });

  it('user difference sets are checked; bad q and n are InputErrors', () => {
    expect(differenceSetDesign(13, [0, 1, 3, 9]).lambda).toBe(1);
    expect(fieldOf(() => differenceSetDesign(13, [0, 1, 2, 3]))).toBe('set');
    expect(fieldOf(() => differenceSetDesign(12))).toBe('n');
    expect(fieldOf(() => projectivePlaneDesign(4))).toBe('q');
    expect(fieldOf(() => projectivePlaneDesign(9))).toBe('q');
    expect(fieldOf(() => affinePlaneDesign(6))).toBe('q');
    expect(fieldOf(() => paleyDesign(13))).toBe('q'); // 13 ≡ 1 (mod 4)
    expect(fieldOf(() => paleyDesign(15))).toBe('q'); // not prime
  });
});

describe('BIBD codes: the optimal error depends only on the number of stragglers (workers = points)', () => {
  const closedForm = (d: BlockDesign, alive: number) => d.b - (alive * d.r * d.r) / (d.r + d.lambda * (alive - 1));
  it.each([
    ['Fano', fanoPlane()],
    ['AG(2,3)', affinePlaneDesign(3)],
    ['complement of Fano', complementDesign(fanoPlane())],
  ] as const)('%s: every survivor set of each size has the closed-form error', (_, design) => {
    const code = bibdCode(design);
    for (let s = 1; s < design.v; s++) {
      const want = closedForm(design, design.v - s);
      for (const stragglers of subsets(design.v, s)) {
        expect(optimalError(code, complementOf(design.v, stragglers)).error).toBeCloseTo(want, 9);
      }
    }
  });

  it('the transposed orientation of AG(2,3) (workers = blocks) does not have that property', () => {
    const d = affinePlaneDesign(3);
    const rows: number[][] = d.blocks.map((b) => Array.from(b));
    const transposed: GradientCode = {
      ...bibdCode(d),
      N: d.b,
      m: d.v,
      offsets: Int32Array.from([0, ...rows.map((_, t) => (t + 1) * d.k)]),
      chunks: Int32Array.from(rows.flat()),
      coefficients: new Float64Array(d.b * d.k).fill(1),
    };
    const values = new Set<string>();
    for (const stragglers of subsets(d.b, 8)) {
      values.add(optimalError(transposed, complementOf(d.b, stragglers)).error.toFixed(6));
    }
    expect(values.size).toBeGreaterThan(1);
  });
});

describe('Kronecker product codes', () => {
  it('Fano ⊗ Fano: 49 workers and chunks, load 9, pairwise overlaps {1, 3}', () => {
    const f = bibdCode(fanoPlane());
    const p = kroneckerProduct(f, f);
    expect([p.N, p.m]).toEqual([49, 49]);
    expect(Array.from(workerLoads(p))).toEqual(new Array(49).fill(9));
    expect(Array.from(chunkReplication(p))).toEqual(new Array(49).fill(9));
    const G = gram(p);
    const overlaps = new Set<number>();
    for (let a = 0; a < 49; a++) for (let b = 0; b < 49; b++) if (a !== b) overlaps.add(G[a][b]);
    expect([...overlaps].sort()).toEqual([1, 3]); // r1λ2 = λ1r2 = 3, λ1λ2 = 1
    expect(p.meta.extra?.kind).toBe('product');
  });

  it('entries are products of the factor entries at (i₁N₂ + i₂, j₁m₂ + j₂)', () => {
    const a = fractionalRepetitionCode({ N: 4, s: 1 });
    const b = bibdCode(affinePlaneDesign(2));
    const p = kroneckerProduct(a, b);
    const A = denseMatrix(a);
    const B = denseMatrix(b);
    const P = denseMatrix(p);
    expect([p.N, p.m]).toEqual([a.N * b.N, a.m * b.m]);
    for (let i1 = 0; i1 < a.N; i1++)
      for (let i2 = 0; i2 < b.N; i2++)
        for (let j1 = 0; j1 < a.m; j1++)
          for (let j2 = 0; j2 < b.m; j2++)
            expect(P[(i1 * b.N + i2) * p.m + j1 * b.m + j2]).toBe(A[i1 * a.m + j1] * B[i2 * b.m + j2]);
  });

  it('rectangular survivor sets reach the factorised error 1 − (1 − e₁)(1 − e₂) (normalised)', () => {
    const f = bibdCode(fanoPlane());
    const g = bibdCode(paleyDesign(11));
    const p = kroneckerProduct(f, g);
    const S1 = [0, 2, 5];
    const S2 = [1, 2, 3, 7, 8, 10];
    const e1 = optimalError(f, S1).error / f.m;
    const e2 = optimalError(g, S2).error / g.m;
    const S = S1.flatMap((i1) => S2.map((i2) => i1 * g.N + i2));
    expect(optimalError(p, S).error / p.m).toBeCloseTo(1 - (1 - e1) * (1 - e2), 9);
  });

  it('FRC ⊗ FRC keeps the groups rule; ℓ > 1 factors are rejected', () => {
    const p = kroneckerProduct(fractionalRepetitionCode({ N: 4, s: 1 }), fractionalRepetitionCode({ N: 6, s: 2 }));
    expect(p.recovery.kind).toBe('groups');
    if (p.recovery.kind === 'groups') expect(p.recovery.groups).toBe(4);
    // One surviving worker per product group decodes exactly.
    if (p.recovery.kind === 'groups') {
      const pick = new Map<number, number>();
      for (let j = p.N - 1; j >= 0; j--) pick.set(p.recovery.group[j], j);
      expect(optimalError(p, [...pick.values()]).error).toBeLessThan(1e-20);
    }
    const ya = yeAbbeCode({ N: 4, s: 1, parts: 2 });
    expect(fieldOf(() => kroneckerProduct(ya, p))).toBe('factors[0]');
    expect(fieldOf(() => kroneckerProduct(p, ya))).toBe('factors[1]');
  });
});

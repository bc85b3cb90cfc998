import { describe, expect, it } from 'vitest';
import { cyclicRepetitionCode, drawCrcCoefficients } from '../../src/codes/crc.js';
import { cyclicCode } from '../../src/codes/cyclic.js';
import { fractionalRepetitionCode } from '../../src/codes/frc.js';
import { chunkReplication, denseMatrix, regularClassDegree, workerLoads } from '../../src/codes/structure.js';
import { TANDON_EXAMPLE_DECODING, tandonExampleCode } from '../../src/codes/tandon-example.js';
import { tandonPartialCode } from '../../src/codes/tandon-partial.js';
import type { GradientCode } from '../../src/codes/types.js';
import { InputError } from '../../src/errors.js';
import { complementOf, optimalError, subsets } from './least-squares.js';

function expectInputError(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe(field);
    return;
  }
  throw new Error(`expected an InputError on ${field}`);
}

/** Max over every s-straggler pattern of the optimal decoding error, plus the pattern count. */
function worstOverStragglers(code: GradientCode, s: number): { worst: number; patterns: number } {
  let worst = 0;
  let patterns = 0;
  for (const stragglers of subsets(code.N, s)) {
    worst = Math.max(worst, optimalError(code, complementOf(code.N, stragglers)).error);
    patterns++;
  }
  return { worst, patterns };
}

describe("Tandon et al.'s 3-worker example", () => {
  it('A·B = 1 exactly, every entry', () => {
    const code = tandonExampleCode();
    const B = denseMatrix(code);
    expect(Array.from(B)).toEqual([0.5, 1, 0, 0, 1, -1, 0.5, 0, 1]);
    for (const a of TANDON_EXAMPLE_DECODING) {
      for (let i = 0; i < 3; i++) {
        let v = 0;
        for (let j = 0; j < 3; j++) v += a[j] * B[j * 3 + i];
        expect(v).toBe(1);
      }
    }
    // Row r of A is the pattern "worker r straggles": zero there.
    TANDON_EXAMPLE_DECODING.forEach((a, r) => expect(a[r]).toBe(0));
    expect(code.recovery).toEqual({ kind: 'any-k', k: 2 });
  });
});

describe('fractional repetition code', () => {
  it.each([
    [6, 1],
    [6, 2],
    [8, 3],
    [12, 2],
    [9, 2],
  ])('N = %i, s = %i: exact under every s-straggler pattern, inexact under some s+1', (N, s) => {
    const code = fractionalRepetitionCode({ N, s });
    const { worst } = worstOverStragglers(code, s);
    expect(worst).toBeLessThan(1e-20);
    // s + 1 stragglers can wipe out a whole group: error exactly s + 1 (that group's chunks).
    const group = Array.from({ length: s + 1 }, (_, t) => t);
    expect(optimalError(code, complementOf(N, group)).error).toBeCloseTo(s + 1, 9);
  });

  it('groups, loads and layouts', () => {
    const c = fractionalRepetitionCode({ N: 6, s: 2 });
    expect(c.recovery.kind).toBe('groups');
    if (c.recovery.kind === 'groups') {
      expect(Array.from(c.recovery.group)).toEqual([0, 0, 0, 1, 1, 1]);
      expect(c.recovery.groups).toBe(2);
    }
    expect(Array.from(c.chunks.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(c.chunks.subarray(9, 12))).toEqual([3, 4, 5]);
    const inter = fractionalRepetitionCode({ N: 6, s: 2, layout: 'interleaved' });
    if (inter.recovery.kind === 'groups') expect(Array.from(inter.recovery.group)).toEqual([0, 1, 0, 1, 0, 1]);
    expect(regularClassDegree(c)).toBe(3);
    expect(c.meta.stragglerTolerance).toBe(2);
  });

  it('rejects s ≥ N and (s+1) ∤ N', () => {
    expectInputError(() => fractionalRepetitionCode({ N: 12, s: 4 }), 's');
    expectInputError(() => fractionalRepetitionCode({ N: 4, s: 4 }), 's');
    expectInputError(() => fractionalRepetitionCode({ N: 0, s: 0 }), 'N');
    expectInputError(() => fractionalRepetitionCode({ N: 4, s: 1.5 }), 's');
  });
});

describe('cyclic repetition code (random H)', () => {
  it.each([
    [5, 2, 0],
    [7, 3, 1],
    [10, 3, 1],
    [12, 1, 2],
    [9, 4, 3],
  ])('N = %i, s = %i, seed = %i: exact under every s-straggler pattern', (N, s, seed) => {
    const code = cyclicRepetitionCode({ N, s, seed });
    const { worst, patterns } = worstOverStragglers(code, s);
    expect(patterns).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-16);
    // Not exact under s + 1 stragglers: the density bound (every column has exactly s + 1 holders).
    const killColumn = Array.from({ length: s + 1 }, (_, t) => (N - t) % N);
    expect(optimalError(code, complementOf(N, killColumn)).error).toBeGreaterThan(0.5);
    expect(code.recovery).toEqual({ kind: 'any-k', k: N - s });
  });

  it('H·1 = 0, H·Bᵀ ≈ 0, the leading coefficient is 1, and the checks are reported', () => {
    const N = 11;
    const s = 4;
    const draw = drawCrcCoefficients(N, s, 5);
    for (let r = 0; r < s; r++) {
      let sum = 0;
      for (let c = 0; c < N; c++) sum += draw.H[r * N + c];
      expect(Math.abs(sum)).toBeLessThan(1e-12);
    }
    const code = cyclicRepetitionCode({ N, s, seed: 5 });
    const B = denseMatrix(code);
    for (let r = 0; r < s; r++) {
      for (let j = 0; j < N; j++) {
        let dot = 0;
        for (let i = 0; i < N; i++) dot += draw.H[r * N + i] * B[j * N + i];
        expect(Math.abs(dot)).toBeLessThan(1e-12);
      }
      expect(B[r * N + r]).toBe(1);
    }
    expect(draw.worstResidual).toBeLessThan(1e-12);
    expect(draw.worstParity).toBeLessThan(1e-12);
    expect(draw.worstCondition).toBeGreaterThanOrEqual(1);
    expect(Array.from(chunkReplication(code))).toEqual(new Array(N).fill(s + 1));
  });

  it('is reproducible from the seed and differs across seeds', () => {
    const a = cyclicRepetitionCode({ N: 8, s: 3, seed: 42 });
    const b = cyclicRepetitionCode({ N: 8, s: 3, seed: 42 });
    const c = cyclicRepetitionCode({ N: 8, s: 3, seed: 43 });
    expect(Array.from(a.coefficients)).toEqual(Array.from(b.coefficients));
    expect(Array.from(a.coefficients)).not.toEqual(Array.from(c.coefficients));
  });

  it('redraws an ill-conditioned H, then gives up with an InputError on seed', () => {
    // A condition cap of 1 + 1e-12 rejects every draw with s ≥ 2 (random 2×2 windows are never that well conditioned).
    expectInputError(() => cyclicRepetitionCode({ N: 6, s: 2, maxDraws: 3, maxCondition: 1 + 1e-12 }), 'seed');
    // A cap that the first draw exceeds but a later one meets: the accepted round is reported and > 0.
    const first = drawCrcCoefficients(8, 3, 0, { maxDraws: 1 });
    let accepted: number | undefined;
    for (let cap = first.worstCondition * 0.999; cap > 1.5 && accepted === undefined; cap *= 0.9) {
      try {
        accepted = drawCrcCoefficients(8, 3, 0, { maxDraws: 50, maxCondition: cap }).round;
      } catch {
        break;
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('s = 0 is the identity; bad parameters are InputErrors', () => {
    const c = cyclicRepetitionCode({ N: 4, s: 0 });
    expect(Array.from(denseMatrix(c))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expectInputError(() => cyclicRepetitionCode({ N: 5, s: 5 }), 's');
    expectInputError(() => cyclicRepetitionCode({ N: 5, s: -1 }), 's');
    expectInputError(() => cyclicRepetitionCode({ N: 5, s: 2, seed: -3 }), 'seed');
  });
});

describe('plain cyclic support', () => {
  it('window d = s + 1, coefficients 1, regular and Latin in natural order', () => {
    const c = cyclicCode({ N: 6, s: 2 });
    expect(Array.from(c.chunks.subarray(c.offsets[5], c.offsets[6]))).toEqual([5, 0, 1]);
    expect(Array.from(c.coefficients).every((x) => x === 1)).toBe(true);
    expect(regularClassDegree(c)).toBe(3);
    // Latin: chunk i sits at every position 0..d−1 exactly once.
    for (let i = 0; i < 6; i++) {
      const positions: number[] = [];
      for (let j = 0; j < 6; j++) {
        const row = Array.from(c.chunks.subarray(c.offsets[j], c.offsets[j + 1]));
        if (row.includes(i)) positions.push(row.indexOf(i));
      }
      expect(positions.sort()).toEqual([0, 1, 2]);
    }
    expect(Array.from(cyclicCode({ N: 6, d: 3 }).chunks)).toEqual(Array.from(c.chunks));
    expectInputError(() => cyclicCode({ N: 6 }), 's');
    expectInputError(() => cyclicCode({ N: 6, s: 1, d: 2 }), 'd');
    expectInputError(() => cyclicCode({ N: 6, d: 7 }), 'd');
  });
});

describe("Tandon's partial-straggler scheme", () => {
  it('private units, coded units with the CRC coefficients, loads P', () => {
    const N = 6;
    const s = 2;
    const P = 7;
    const code = tandonPartialCode({ N, s, P, seed: 3 });
    const crc = cyclicRepetitionCode({ N, s, seed: 3 });
    const priv = P - s - 1;
    expect(code.m).toBe(N * (P - s));
    expect(Array.from(workerLoads(code))).toEqual(new Array(N).fill(P));
    const extra = code.meta.extra;
    expect(extra?.kind).toBe('tandon-partial');
    if (extra?.kind !== 'tandon-partial') return;
    expect(extra.codedChunkOffset).toBe(N * priv);
    expect(extra.pieces).toBe(P);
    // Every unit is held once, except the N coded units which are held s + 1 times.
    const rep = chunkReplication(code);
    for (let i = 0; i < code.m; i++) expect(rep[i]).toBe(i < N * priv ? 1 : s + 1);
    for (let j = 0; j < N; j++) {
      const row = Array.from(code.chunks.subarray(code.offsets[j], code.offsets[j + 1]));
      const privRow = Array.from(extra.privateChunks.subarray(extra.privateOffsets[j], extra.privateOffsets[j + 1]));
      expect(row.slice(0, priv)).toEqual(privRow);
      expect(privRow).toEqual(Array.from({ length: priv }, (_, u) => j * priv + u));
      const coef = Array.from(code.coefficients.subarray(code.offsets[j], code.offsets[j + 1]));
      expect(coef.slice(0, priv)).toEqual(new Array(priv).fill(1));
      const crcCoef = Array.from(crc.coefficients.subarray(crc.offsets[j], crc.offsets[j + 1]));
      expect(coef.slice(priv)).toEqual(crcCoef);
      expect(row.slice(priv)).toEqual(
        Array.from(crc.chunks.subarray(crc.offsets[j], crc.offsets[j + 1]), (x) => x + N * priv),
      );
    }
    expectInputError(() => tandonPartialCode({ N, s, P: s }), 'P');
    expectInputError(() => tandonPartialCode({ N, s: N, P: 20 }), 's');
  });
});

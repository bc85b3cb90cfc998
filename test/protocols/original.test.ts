import { describe, expect, it } from 'vitest';
import type { GradientCode, RecoveryRule } from '../../src/codes/types.js';
import { GramLeastSquares } from '../../src/decoders/gram-least-squares.js';
import { IncrementalProjector } from '../../src/linalg/incremental-projector.js';
import { originalScratch, originalTrial } from '../../src/protocols/original.js';
import { newOutcome } from '../../src/protocols/outcome.js';
import { naturalSchedule } from '../../src/protocols/schedule.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import type { TrialCell } from '../../src/trials/cell.js';
import { runTrialsCpu } from '../../src/trials/cpu-twin.js';
import { emptyReduction } from '../../src/trials/reduction.js';
import { codeFromSupport, cyclicSupport } from '../helpers/code-from-support.js';
import { naturalCell } from '../helpers/trial-cell.js';

function withRecovery(code: GradientCode, recovery: RecoveryRule): GradientCode {
  return { ...code, recovery };
}

function cell(code: GradientCode, stragglers: unknown, grid: number[], trials = 1): TrialCell {
  return naturalCell(code, stragglers, { kind: 'original', decoder: 'optimal' }, grid, { trials, seed: 11 });
}

function run(c: TrialCell, trials = c.trials) {
  const r = emptyReduction(c.grid.length, null);
  runTrialsCpu(c, 0, trials, r, true);
  return r;
}

/** FRC with N workers, tolerance s: groups of s+1 consecutive workers hold the same s+1 chunks. */
function frc(N: number, s: number): GradientCode {
  const d = s + 1;
  const support = Array.from({ length: N }, (_, j) => {
    const g = Math.floor(j / d);
    return Array.from({ length: d }, (_, k) => g * d + k);
  });
  return withRecovery(codeFromSupport(support, N), {
    kind: 'groups',
    group: Int32Array.from({ length: N }, (_, j) => Math.floor(j / d)),
    groups: N / d,
  });
}

describe('original protocol (CPU twin)', () => {
  it('Fig. 1a: with s = 1 the original protocol cannot decode until W1 finishes', () => {
    // Tandon's 3-worker code B = [[½,1,0],[0,1,−1],[½,0,1]]; W1 slow (3 per chunk), W3 failed.
    const code = withRecovery(
      codeFromSupport(
        [
          [0, 1],
          [1, 2],
          [2, 0],
        ],
        3,
        [
          [0.5, 1],
          [1, -1],
          [1, 0.5],
        ],
      ),
      { kind: 'any-k', k: 2 },
    );
    const c = cell(
      code,
      { chunkTime: { dist: 'deterministic', value: 1 }, speed: [3, 1, 1], failures: { p: [0, 0, 1] } },
      [1, 2, 5.9, 6],
    );
    const r = run(c);
    expect(r.raw?.[0]).toBe(6);
    // Only W2 (g2 − g3) has arrived at T=2: optimal error = 3 − (u·b)²/‖b‖² = 3 − 0 = 3, normalised later.
    expect(r.errors[0].mean).toBeCloseTo(3, 12);
    expect(r.errors[1].mean).toBeCloseTo(3, 12);
    expect(r.errors[2].mean).toBeCloseTo(3, 12);
    expect(r.errors[3].mean).toBeCloseTo(0, 9);
    // At T = 6: W1 finished both chunks, W2 both; no partial work is wasted (W3 never computes).
    expect(r.done.mean).toBe(4);
    expect(r.wasted.mean).toBe(0);
  });

  it('FRC under s uniformly random stragglers: mean normalised error = C(s,d)/C(N,d)', () => {
    const N = 12;
    const code = frc(N, 2); // d = 3
    const binom = (n: number, k: number) => {
      let b = 1;
      for (let i = 0; i < k; i++) b = (b * (n - i)) / (i + 1);
      return b;
    };
    for (const s of [3, 5, 7]) {
      const trials = 6000;
      const c = cell(code, { chunkTime: { dist: 'deterministic', value: 1 }, fixedSet: { s } }, [Infinity], trials);
      const r = run(c);
      const mean = r.errors[0].mean / N;
      const se = Math.sqrt(r.errors[0].m2 / (trials - 1) / trials) / N;
      const expected = binom(s, 3) / binom(N, 3);
      expect(Math.abs(mean - expected)).toBeLessThan(4 * se + 1e-12);
      // Exactly decodable iff no group lost: the same event as error 0.
      expect(r.decodable[0]).toBe(trials - r.censored);
    }
  });

  it('deterministic per-worker speeds give hand-computed completion times and waste', () => {
    // Cyclic N = 4, d = 2, any 3 workers suffice (k = N − s, s = 1). Speeds 1, 2, 3, 4 per chunk.
    const code = withRecovery(codeFromSupport(cyclicSupport(4, 2), 4), { kind: 'any-k', k: 3 });
    const c = cell(code, { chunkTime: { dist: 'deterministic', value: 1 }, speed: [1, 2, 3, 4] }, []);
    const r = run(c);
    // Worker j finishes at 2·speed: 2, 4, 6, 8 → third arrival at 6.
    expect(r.raw?.[0]).toBe(6);
    // Done by 6: W0 2, W1 2, W2 2, W3 1 (its first chunk at 4) = 7; used = 6 → wasted 1.
    expect(r.done.mean).toBe(7);
    expect(r.wasted.mean).toBe(1);
  });

  it('exponential times, one chunk per worker: E[k-th arrival] is the order-statistic harmonic sum', () => {
    const N = 10;
    const k = 7;
    const rate = 0.5;
    const code = withRecovery(
      codeFromSupport(
        Array.from({ length: N }, () => [0]),
        1,
      ),
      { kind: 'any-k', k },
    );
    const trials = 20000;
    const c = cell(code, { chunkTime: { dist: 'exponential', rate } }, [], trials);
    const r = emptyReduction(0, null);
    runTrialsCpu(c, 0, trials, r, false);
    let expected = 0;
    for (let i = N - k + 1; i <= N; i++) expected += 1 / i;
    expected /= rate;
    const se = Math.sqrt(r.completion.m2 / (trials - 1) / trials);
    expect(Math.abs(r.completion.mean - expected)).toBeLessThan(4 * se);
  });
});

describe('Gram least squares', () => {
  it('tracks the orthogonalising projector on random sparse codes, including dependent rows', () => {
    const rng = new PhiloxStream(21, 255);
    for (let trial = 0; trial < 40; trial++) {
      const N = 6 + rng.integer(10);
      const m = 4 + rng.integer(8);
      const parts = 1 + rng.integer(2);
      const support = Array.from({ length: N }, () => {
        const set = new Set<number>();
        const d = 1 + rng.integer(3);
        while (set.size < d) set.add(rng.integer(m));
        return [...set];
      });
      // Duplicate a row to force dependence.
      support[N - 1] = [...support[0]];
      const base = codeFromSupport(support, m);
      const coefficients = Float64Array.from({ length: base.chunks.length * parts }, () =>
        rng.integer(3) === 0 ? 1 : rng.normal(),
      );
      for (let e = 0; e < support[0].length * parts; e++) {
        coefficients[(base.chunks.length - support[0].length) * parts + e] = coefficients[e];
      }
      const code: GradientCode = { ...base, parts, coefficients };
      const gram = new GramLeastSquares(code, 1e-10);
      const proj = new IncrementalProjector(m, parts);
      const order = Array.from({ length: N }, (_, j) => j);
      rng.shuffle(order);
      for (const j of order) {
        gram.add(j);
        const row = new Float64Array(m * parts);
        for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
          for (let p = 0; p < parts; p++) row[code.chunks[e] * parts + p] = coefficients[e * parts + p];
        }
        proj.add(row);
        expect(gram.error()).toBeCloseTo(proj.error, 8);
      }
    }
  });
});

describe('original protocol with least-squares recovery and the optimal curve', () => {
  it('one pass gives the completion and error(T) of separate completion and curve passes', () => {
    const rng = new PhiloxStream(5, 3);
    const code = withRecovery(codeFromSupport(cyclicSupport(12, 3), 12), { kind: 'least-squares' });
    const schedule = naturalSchedule(code);
    const grid = Float64Array.from([0.5, 1, 1.5, 2, 3, 4, Number.POSITIVE_INFINITY]);
    const scratch = originalScratch(code.N, 1);
    let exactRuns = 0;
    for (let trial = 0; trial < 300; trial++) {
      const finish = new Float64Array(code.chunks.length);
      for (let j = 0; j < code.N; j++) {
        const failed = rng.uniform() < 0.2;
        let t = 0;
        for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
          t += Math.round(rng.uniform() * 8) / 8; // ties between workers happen
          finish[e] = failed ? Number.POSITIVE_INFINITY : t;
        }
      }
      const stop = { kind: 'least-squares' } as const;
      const ls = new GramLeastSquares(code, 1e-10);
      const fused = newOutcome(grid.length);
      originalTrial(schedule, stop, ls, ls, true, null, finish, grid, scratch, 1e-9, fused);
      const separate = newOutcome(grid.length);
      const curve = new GramLeastSquares(code, 1e-10);
      const rule = new GramLeastSquares(code, 1e-10);
      originalTrial(schedule, stop, rule, curve, true, null, finish, grid, scratch, 1e-9, separate);
      expect(fused.completion).toBe(separate.completion);
      expect(fused.done).toEqual(separate.done);
      expect([...fused.errors]).toEqual([...separate.errors]);
      if (Number.isFinite(fused.completion)) exactRuns++;
    }
    // Both regimes occur: decodable trials (the pass continues past the completion) and censored ones.
    expect(exactRuns).toBeGreaterThan(20);
    expect(exactRuns).toBeLessThan(280);
  });
});

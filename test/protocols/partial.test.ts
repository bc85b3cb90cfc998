import { describe, expect, it } from 'vitest';
import type { TrialCell } from '../../src/trials/cell.js';
import { runTrialsCpu } from '../../src/trials/cpu-twin.js';
import { emptyReduction } from '../../src/trials/reduction.js';
import { codeFromSupport, cyclicSupport } from '../helpers/code-from-support.js';
import { naturalCell } from '../helpers/trial-cell.js';

function cell(
  support: number[][],
  m: number,
  stragglers: unknown,
  parts: number,
  grid: number[],
  trials = 1,
): TrialCell {
  return naturalCell(codeFromSupport(support, m), stragglers, { kind: 'partial', parts }, grid, { trials });
}

describe('partial protocol (CPU twin)', () => {
  it('Fig. 1a of Ramamoorthy et al.: W3 failed, W1 slow, partial decodes at T = 3', () => {
    // W1:{D1,D2}, W2:{D2,D3}, W3:{D3,D1}; W1 takes 3 per chunk, W2 1 per chunk, W3 failed.
    const c = cell(
      cyclicSupport(3, 2),
      3,
      { chunkTime: { dist: 'deterministic', value: 1 }, speed: [3, 1, 1], failures: { p: [0, 0, 1] } },
      1,
      [0.5, 1, 2, 2.5, 3, 6],
    );
    const r = emptyReduction(c.grid.length, null);
    runTrialsCpu(c, 0, 1, r, true);
    expect(r.raw?.[0]).toBe(3);
    // Missing chunk copies: T=0.5 all three; T=1 D2 arrived; T=2 D3 arrived; T=3 D1 arrived.
    expect(r.errors.map((m) => m.mean)).toEqual([3, 2, 1, 1, 0, 0]);
    expect(r.decodable[4]).toBe(1);
    // Done at T = 3: W1 finished D1 (t=3), W2 finished D2, D3 → 3 computations, all used (m·ℓ = 3).
    expect(r.done.mean).toBe(3);
    expect(r.wasted.mean).toBe(0);
  });

  it('ℓ = 2 needs two copies of every chunk; a failed worker can make it impossible (censored)', () => {
    const c = cell(
      cyclicSupport(3, 2),
      3,
      { chunkTime: { dist: 'deterministic', value: 1 }, speed: [1, 2, 4], failures: { p: [0, 0, 0] } },
      2,
      [1, 2, 4, 8],
    );
    const r = emptyReduction(c.grid.length, null);
    runTrialsCpu(c, 0, 1, r, true);
    // Finish: W1 D1@1 D2@2; W2 D2@2 D3@4; W3 D3@4 D1@8. Second copies: D1@8, D2@2, D3@4 → completion 8.
    expect(r.raw?.[0]).toBe(8);
    // Missing copies (need 2 each): T=1: D1 1, D2 2, D3 2 → 5; T=2: D1 1, D2 0, D3 2 → 3; T=4: 1; T=8: 0.
    expect(r.errors.map((m) => m.mean)).toEqual([5, 3, 1, 0]);
    const failed = cell(
      cyclicSupport(3, 2),
      3,
      { chunkTime: { dist: 'deterministic', value: 1 }, failures: { p: [0, 0, 1] } },
      2,
      [100],
    );
    const rf = emptyReduction(1, null);
    runTrialsCpu(failed, 0, 1, rf, true);
    expect(rf.censored).toBe(1);
    expect(rf.raw?.[0]).toBe(Number.POSITIVE_INFINITY);
    expect(rf.errors[0].mean).toBe(2); // D3 and D1 each miss one copy
  });

  it('with exponential times and one chunk per worker held once, completion is the max of N exponentials', () => {
    // N = m workers, worker j holds only chunk j: T = max_j X_j, E[T] = H_N / rate.
    const N = 8;
    const support = Array.from({ length: N }, (_, j) => [j]);
    const trials = 20000;
    const c = cell(support, N, { chunkTime: { dist: 'exponential', rate: 2 } }, 1, [1], trials);
    const r = emptyReduction(1, null);
    runTrialsCpu(c, 0, trials, r, false);
    const H = Array.from({ length: N }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
    const se = Math.sqrt(r.completion.m2 / (r.completion.n - 1) / r.completion.n);
    expect(Math.abs(r.completion.mean - H / 2)).toBeLessThan(4 * se);
    // P(all done by T=1) = (1 − e^{-2})^8
    const p = (1 - Math.exp(-2)) ** N;
    const frac = r.decodable[0] / trials;
    expect(Math.abs(frac - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / trials));
  });
});

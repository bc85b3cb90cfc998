import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import type { GradientCode } from '../../src/codes/types.js';
import type { ProtocolChoice } from '../../src/protocols/round-plan.js';
import { runTrialsCpu } from '../../src/trials/cpu-twin.js';
import { emptyReduction } from '../../src/trials/reduction.js';
import { naturalCell } from '../helpers/trial-cell.js';

function run(code: GradientCode, protocol: ProtocolChoice, stragglers: unknown, grid: number[]) {
  const cell = naturalCell(code, stragglers, protocol, grid, { seed: 3, normalize: false });
  const r = emptyReduction(grid.length, null);
  runTrialsCpu(cell, 0, 1, r, true);
  return r;
}

describe('tandon-partial protocol', () => {
  it('needs every private message and N − s coded ones; errors count missing private units and coded LS error', () => {
    // N = 4, s = 1, P = 4: 2 private units then 2 coded units per worker; worker 3 is three times slower.
    const code = parseCodeSpec('tandon-partial:N=4,s=1,P=4');
    expect(code.m).toBe(12);
    const r = run(
      code,
      { kind: 'tandon-partial' },
      { chunkTime: { dist: 'deterministic', value: 1 }, speed: [1, 1, 1, 3] },
      [3, 4, 6],
    );
    // Message 1 at 2, 2, 2, 6; message 2 at 4, 4, 4, 12 → completion max(6, 3rd of message 2 = 4) = 6.
    expect(r.raw?.[0]).toBe(6);
    // T = 3: worker 3's 2 private units missing + no coded message (coded error = 4 units) → 6.
    expect(r.errors[0].mean).toBeCloseTo(6, 9);
    // T = 4: 3 coded messages decode the coded part exactly → only worker 3's private units: 2.
    expect(r.errors[1].mean).toBeCloseTo(2, 9);
    expect(r.errors[2].mean).toBeCloseTo(0, 9);
    // Done by 6: workers 0–2 all 4 units, worker 3 its 2 private units = 14; used = 3·4 + 2 = 14.
    expect(r.done.mean).toBe(14);
    expect(r.wasted.mean).toBe(0);
  });
});

describe('erasure protocol (ErasureHead)', () => {
  it('stops after `collect` arrivals or full coverage and decodes first-per-group without rescaling', () => {
    const code = parseCodeSpec('frc:N=6,s=1'); // groups {0,1}, {2,3}, {4,5}
    const r = run(
      code,
      { kind: 'erasure', collect: 3 },
      { chunkTime: { dist: 'deterministic', value: 1 }, speed: [1, 2, 3, 4, 5, 6] },
      [3, 5, 100],
    );
    // D = 2, 4, 6, 8, 10, 12; coverage at 10; third arrival at 6 → stop at 6.
    expect(r.raw?.[0]).toBe(6);
    // T = 3: group 0 only → 4 chunks missing; T = 5: still groups 1, 2 missing (worker 1 duplicates group 0) → 4;
    // T = 100 (capped at the stop, 6): groups 0 and 1 → 2.
    expect(r.errors.map((m) => m.mean)).toEqual([4, 4, 2]);
    // Done by 6: 2 + 2 + 2 + 1 + 1 + 1 = 9 computations; used: first of group 0 (worker 0) and of group 1 (worker 2).
    expect(r.done.mean).toBe(9);
    expect(r.wasted.mean).toBe(5);
  });
});

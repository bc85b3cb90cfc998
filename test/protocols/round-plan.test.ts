import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import { planRound, ROUND_TOLERANCES } from '../../src/protocols/round-plan.js';

const frc = parseCodeSpec('frc:N=12,s=2');
const crc = parseCodeSpec('crc:N=10,s=2');
const petersen = parseCodeSpec('graph:petersen');
const regular = parseCodeSpec('random:regular:N=32,d=4,seed=1');

describe('planRound', () => {
  it('takes the code’s recovery rule as the stop rule of the original protocol', () => {
    expect(planRound(crc, { kind: 'original', decoder: 'optimal' }).stop).toEqual({ kind: 'any-k', k: 8 });
    const groups = planRound(frc, { kind: 'original', decoder: 'optimal' }).stop;
    expect(groups.kind).toBe('groups');
    expect(groups.kind === 'groups' && groups.groups).toBe(4);
    expect(planRound(petersen, { kind: 'original', decoder: 'graph' }).stop).toEqual({ kind: 'least-squares' });
  });

  it('chooses the curve decoder: none without a grid; the stop rule’s least squares for optimal decoders', () => {
    expect(planRound(crc, { kind: 'original', decoder: 'fixed' }).curve).toBeNull();
    expect(planRound(crc, { kind: 'original', decoder: 'fixed' }, { errorCurve: true }).curve).toBe('fixed');
    expect(planRound(crc, { kind: 'original', decoder: 'exact' }, { errorCurve: true }).curve).toBe('exact');
    // Graph decoding equals least squares: with a least-squares stop rule both come from one pass.
    expect(planRound(petersen, { kind: 'original', decoder: 'graph' }, { errorCurve: true }).curve).toBe('optimal');
    expect(planRound(petersen, { kind: 'original', decoder: 'fixed' }, { errorCurve: true }).curve).toBe('fixed');
  });

  it('plans the other protocols', () => {
    expect(planRound(crc, { kind: 'partial', parts: 2 })).toMatchObject({
      protocol: 'partial',
      parts: 2,
      stop: { kind: 'per-chunk', parts: 2 },
      curve: null,
      decoder: null,
    });
    const erasure = planRound(frc, { kind: 'erasure', collect: 8 }, { errorCurve: true });
    expect(erasure).toMatchObject({ protocol: 'erasure', curve: 'erasure', decoder: null });
    expect(erasure.stop).toMatchObject({ kind: 'collect-k', k: 8, groups: 4 });
    const tandon = planRound(
      parseCodeSpec('tandon-partial:N=6,s=1,P=5'),
      { kind: 'tandon-partial' },
      { errorCurve: true },
    );
    expect(tandon).toMatchObject({ stop: { kind: 'private-and-any-k', k: 5 }, curve: 'optimal' });
  });

  it('decides the complement shortcut per precision: f32 only above its pivot margin', () => {
    const plan = planRound(regular, { kind: 'original', decoder: 'optimal' }, { errorCurve: true });
    expect(plan.complement).toEqual({ f64: true, f32: true });
    const weak = planRound(
      parseCodeSpec('random:regular:N=24,d=4,seed=1'),
      { kind: 'original', decoder: 'optimal' },
      { errorCurve: true },
    );
    expect(weak.complement).toEqual({ f64: true, f32: false });
    // The least-squares stop rule takes it whatever the curve decoder; an any-k code with a linear curve does not.
    expect(planRound(regular, { kind: 'original', decoder: 'fixed' }).complement).toEqual({ f64: true, f32: true });
    const fixed = planRound(crc, { kind: 'original', decoder: 'fixed' }, { errorCurve: true });
    expect(fixed.complement).toEqual({ f64: false, f32: false });
    // Rank-deficient: no shortcut.
    expect(
      planRound(parseCodeSpec('crc:N=32,s=3'), { kind: 'original', decoder: 'optimal' }, { errorCurve: true })
        .complement.f64,
    ).toBe(false);
  });

  it('turns a training wait into a stop rule; the complement there is the optimal decoder’s α form', () => {
    const plan = (wait: NonNullable<Parameters<typeof planRound>[2]>['wait'], decoder = 'optimal') =>
      planRound(crc, { kind: 'original', decoder }, { wait });
    expect(plan({ kind: 'exact' }).stop).toEqual({ kind: 'any-k', k: 8 });
    expect(plan({ kind: 'all' }).stop).toEqual({ kind: 'all' });
    expect(plan({ kind: 'deadline', T: 3 }).stop).toEqual({ kind: 'deadline', T: 3 });
    expect(plan({ kind: 'count', k: 7 }).stop).toEqual({ kind: 'count', k: 7 });
    expect(plan({ kind: 'collect', k: 7 }).stop).toMatchObject({ kind: 'collect-k', k: 7, groups: 10 });
    expect(plan({ kind: 'all' }).complement).toEqual({ f64: true, f32: false });
    expect(plan({ kind: 'all' }, 'fixed').complement.f64).toBe(false);
    expect(plan({ kind: 'all' }).curve).toBeNull();
  });

  it('is plain data: a structured clone (how it reaches worker threads) is equal', () => {
    for (const plan of [
      planRound(frc, { kind: 'erasure', collect: 8 }, { errorCurve: true }),
      planRound(regular, { kind: 'original', decoder: 'optimal' }, { errorCurve: true }),
    ]) {
      expect(structuredClone(plan)).toEqual(plan);
      expect(plan.tolerances).toEqual(ROUND_TOLERANCES);
    }
  });
});

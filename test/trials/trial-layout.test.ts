import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import { packageRoot } from '../../src/package-root.js';
import { planRound } from '../../src/protocols/round-plan.js';
import { TrialParams } from '../../src/trials/gpu/trial-layout.js';
import { FLOAT_SLOTS, scratchLayout, UINT_SLOTS, UNUSED_SLOT } from '../../src/trials/gpu/trial-scratch.js';
import { planConstants } from '../../src/trials/gpu/trial-tables.js';

const shaders = ['common.wgsl', 'scratch.wgsl', 'original.wgsl', 'partial.wgsl'].map((f) =>
  readFileSync(join(packageRoot(), 'shaders', 'trials', f), 'utf8'),
);

describe('trial kernel layout', () => {
  it('has no TrialParams field that the WGSL does not read', () => {
    const read = new Set(shaders.flatMap((s) => [...s.matchAll(/params\.([a-z0-9_]+)/g)].map((m) => m[1])));
    const unread = TrialParams.members.map((m) => m.name).filter((name) => !read.has(name));
    expect(unread).toEqual([]);
  });

  it('declares exactly the scratch slots of TrialParams, f32 slots s_* and u32 slots u_*', () => {
    const fields = TrialParams.members.map((m) => m.name);
    expect(Object.keys(FLOAT_SLOTS).sort()).toEqual(fields.filter((f) => f.startsWith('s_')).sort());
    expect(Object.keys(UINT_SLOTS).sort()).toEqual(fields.filter((f) => f.startsWith('u_')).sort());
  });

  it('packs used slots contiguously and puts unused ones out of range', () => {
    const layout = scratchLayout({
      protocol: 'original',
      kernel: 'general',
      workers: 10,
      chunks: 10,
      nnz: 30,
      grid: 4,
      parts: 1,
      curve: 'weights',
      leastSquares: null,
      groups: 0,
      curveFlags: 10,
    });
    expect(layout.offsets.s_errors).toBe(0);
    expect(layout.offsets.s_finish).toBe(4);
    expect(layout.offsets.s_best).toBe(UNUSED_SLOT);
    expect(layout.offsets.s_l).toBe(UNUSED_SLOT);
    expect(layout.offsets.u_parent).toBe(UNUSED_SLOT);
    // errors 4 + finish 30 + factor 10 + done 10 + alpha 12.
    expect(layout.floatSlots).toBe(66);
    expect(layout.offsets.s_alpha).toBe(54);
  });

  it('derives each override constant from one field of the round plan', () => {
    const code = parseCodeSpec('frc:N=12,s=2');
    const plan = planRound(code, { kind: 'original', decoder: 'fixed' }, { errorCurve: true });
    expect(planConstants(plan)).toEqual({ PROTOCOL: 1, STOP: 2, CURVE: 2, COMPLEMENT: 0 });
    expect(planConstants({ ...plan, curve: null }).CURVE).toBe(0);
    expect(planConstants({ ...plan, stop: { kind: 'least-squares' } }).STOP).toBe(0);
    expect(() => planConstants({ ...plan, stop: { kind: 'all' } })).toThrow(/no stop rule all/);
  });
});

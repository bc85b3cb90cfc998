import { afterAll, beforeAll, expect, it } from 'vitest';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { SpecSchema } from '../../src/spec/cell-schema.js';
import { expandSpec } from '../../src/spec/expand.js';
import type { TrialCell } from '../../src/trials/cell.js';
import { FLOAT_SLOTS, type ScratchShape, scratchLayout, UINT_SLOTS } from '../../src/trials/gpu/trial-scratch.js';
import { trialTables } from '../../src/trials/gpu/trial-tables.js';
import { resolveCell } from '../../src/trials/resolve-cell.js';
import { encodeTrials, scratchViolations, trialKernel } from '../../src/trials/trial-kernel.js';
import { describeGpu } from '../engine/support/gpu.js';

/**
 * The scratch-slot contract between src/trials/gpu/trial-scratch.ts and shaders/trials/*.wgsl: kernels compiled
 * in the checked build (shaders/trials/checked/) count every access outside the cell's layout (unused slots sit far out of range). Every
 * configuration of the round plan the decoder table does not cover (test/decoders/decoder-table.gpu.test.ts runs
 * each curve decoder this way) runs clean, and a layout that forgets a slot the WGSL uses is caught.
 */
const exponential = { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.1 } };
const CONFIGURATIONS: { name: string; cell: Record<string, unknown> }[] = [
  {
    name: 'partial ℓ = 2 with a grid',
    cell: { code: 'cyclic:N=10,s=2', protocol: 'partial', parts: 2, tGrid: [1, 4] },
  },
  {
    name: 'original any-k without a grid (the order-statistic kernel, trials/original-k.wgsl)',
    cell: { code: 'crc:N=10,s=2', protocol: 'original' },
  },
  {
    name: 'original any-k ℓ = 2 without a grid, failures (the order-statistic kernel)',
    cell: { code: 'ye-abbe:N=9,s=5,parts=2', protocol: 'original' },
  },
  { name: 'original groups without a grid', cell: { code: 'frc:N=12,s=2', protocol: 'original' } },
  {
    name: 'original least squares, f32 final-set shortcut, T = ∞',
    cell: { code: 'random:regular:N=32,d=4,seed=1', protocol: 'original', tGrid: ['inf'] },
  },
  { name: 'original least squares without a grid', cell: { code: 'bibd:pg2:q=3', protocol: 'original' } },
  {
    name: 'tandon-partial with a grid',
    cell: { code: 'tandon-partial:N=6,s=1,P=5', protocol: 'tandon-partial', tGrid: [1, 'inf'] },
  },
  { name: 'tandon-partial without a grid', cell: { code: 'tandon-partial:N=6,s=1,P=5', protocol: 'tandon-partial' } },
  { name: 'erasure with a grid', cell: { code: 'frc:N=12,s=2', protocol: 'erasure', collect: 8, tGrid: [1, 'inf'] } },
  { name: 'erasure without a grid', cell: { code: 'frc:N=12,s=2', protocol: 'erasure', collect: 8 } },
];

function build(cell: Record<string, unknown>, trials: number): TrialCell {
  const [e] = expandSpec(SpecSchema.parse({ seed: 3, defaults: { stragglers: exponential, ...cell, trials } }));
  return resolveCell(e.spec, { field: 'defaults', index: 0 });
}

describeGpu('trial kernel scratch layout (checked build)', () => {
  let gpu: WebGpuBackend;
  beforeAll(async () => {
    gpu = await WebGpuBackend.create();
  });
  afterAll(releaseGpu);

  for (const c of CONFIGURATIONS) {
    it(`${c.name}: no access outside the layout`, async () => {
      const cell = build(c.cell, 300);
      if (c.name.includes('shortcut')) expect(cell.plan.complement.f32).toBe(true);
      if (c.name.includes('order-statistic')) expect(trialTables(cell).shader).toBe('trials/original-k.wgsl');
      const reduction = await gpu.run(trialKernel, { cell, keepRaw: false, histogram: null, checkScratch: true });
      expect(reduction.trials).toBe(300);
    });
  }

  it('catches a layout that leaves out a slot the WGSL uses (s_alpha of the fixed decoder)', async () => {
    const cell = build({ code: 'frc:N=12,s=2', protocol: 'original', decoder: 'fixed', tGrid: [1, 'inf'] }, 256);
    const params = { cell, keepRaw: false, histogram: null, checkScratch: true };
    const range = { start: 0, end: 256 };
    const withoutAlpha = (shape: ScratchShape) =>
      scratchLayout(shape, { floats: { ...FLOAT_SLOTS, s_alpha: () => 0 }, uints: UINT_SLOTS });
    const broken = await gpu.context.runBatch(encodeTrials(params, range, trialTables(cell, withoutAlpha)));
    expect(scratchViolations(params, broken)).toBeGreaterThan(0);
    const sound = await gpu.context.runBatch(encodeTrials(params, range, trialTables(cell)));
    expect(scratchViolations(params, sound)).toBe(0);
    await expect(gpu.run(trialKernel, params)).resolves.toBeDefined();
  });
});

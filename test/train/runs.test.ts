import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/engine/backend.js';
import { GpuLimitError } from '../../src/engine/webgpu/gpu-errors.js';
import { InputError } from '../../src/errors.js';
import { verdict } from '../../src/train/bounds/verdict.js';
import { runTraining } from '../../src/train/run/run-training.js';
import { inlineCpu, leastSquares } from './support.js';

/**
 * Runs of the training engine on the CPU twin: the same seed reproduces a run exactly, another seed does not;
 * per-iteration metrics (loss, ‖x − x*‖², relative gradient error, simulated wall clock) are reported with CIs; the
 * Song–Choi (our derivation) and ErasureHead (our derivation) bounds apply to their decoders and hold; the verdict
 * reports failures with the iterations and the factor.
 */
const backend = inlineCpu();
afterAll(() => backend.dispose());

const base = {
  dataset: leastSquares(400, 5, 3, 0.5),
  iterations: 20,
  runs: 8,
  seed: 17,
  code: 'cyclic:N=8,s=2',
  stragglers: { failures: { p: 0.3 } },
  step: { rule: 'smoothness', factor: 0.5 },
};

describe('training runs on the CPU twin', () => {
  it('the same seed reproduces a run exactly; another seed differs', async () => {
    const a = await runTraining(base, { backendInstance: backend, keepRuns: true });
    const b = await runTraining(base, { backendInstance: backend, keepRuns: true });
    const c = await runTraining({ ...base, seed: 18 }, { backendInstance: backend, keepRuns: true });
    const d = await runTraining(
      { ...base, seed: 18, dataset: { ...base.dataset, seed: 17 } },
      { backendInstance: backend, keepRuns: true },
    );
    expect(b.schemes[0].tables).toEqual(a.schemes[0].tables);
    expect(b.schemes[0].finalState).toEqual(a.schemes[0].finalState);
    expect(c.schemes[0].finalState).not.toEqual(a.schemes[0].finalState);
    // the dataset follows the spec's seed unless it has its own: then the runs change and the data does not
    expect(c.optimum.x).not.toEqual(a.optimum.x);
    expect(d.optimum.x).toEqual(a.optimum.x);
    expect(d.schemes[0].finalState).not.toEqual(a.schemes[0].finalState);
  });

  it('reports loss, distance, relative gradient error and simulated time per iteration with CIs', async () => {
    const r = await runTraining(base, { backendInstance: backend, keepRuns: true });
    const s = r.schemes[0];
    const { curves } = s;
    expect(curves.time.mean[0]).toBe(0);
    for (let k = 1; k <= 20; k++) expect(curves.time.mean[k]).toBeGreaterThan(curves.time.mean[k - 1]);
    expect(curves.distance.mean[20]).toBeLessThan(curves.distance.mean[0]);
    expect(curves.gap.mean[20]).toBeLessThan(curves.gap.mean[0]);
    for (let k = 1; k <= 20; k++) {
      expect(curves.distance.lo[k]).toBeLessThanOrEqual(curves.distance.mean[k]);
      expect(curves.distance.hi[k]).toBeGreaterThanOrEqual(curves.distance.mean[k]);
    }
    expect(curves.relativeGradientError.mean[0]).toBeGreaterThan(0);
    expect(Number.isNaN(curves.relativeGradientError.mean[20])).toBe(true);
    // loss = f(x_k): the gap curve is loss − f*
    expect(curves.gap.mean[5]).toBeCloseTo(curves.loss.mean[5] - r.optimum.value, 12);
  });

  it('Song–Choi bounds (our derivation) apply to the unbiased decoder and hold', async () => {
    const P = [0.1, 0.2, 0.3, 0.4, 0.25];
    const r = await runTraining(
      {
        ...base,
        runs: 32,
        code: `heterogeneous:scheme=I,p=[${P.join(',')}]`,
        decoder: 'unbiased',
        stragglers: { failures: { p: P } },
        schemes: [{ step: { rule: 'inverse-time' } }, { step: { rule: 'smoothness', factor: 0.2 } }],
        bounds: ['song-choi-strongly-convex', 'song-choi-smooth'],
      },
      { backendInstance: backend },
    );
    const [inverse, constant] = r.schemes;
    const strong = inverse.bounds.find((b) => b.bound.name === 'song-choi-strongly-convex')!;
    const smooth = constant.bounds.find((b) => b.bound.name === 'song-choi-smooth')!;
    for (const check of [strong, smooth]) {
      expect(check.bound.applies, check.bound.reason).toBe(true);
      expect(check.bound.derivation).toBe('ours');
      expect(check.bound.provenance).toMatch(/our derivation/);
      expect(check.verdict?.holds, check.verdict?.text).toBe(true);
    }
    // each form says why it does not apply to the other step schedule
    expect(inverse.bounds.find((b) => b.bound.name === 'song-choi-smooth')?.bound.reason).toMatch(/constant step/);
    expect(constant.bounds.find((b) => b.bound.name === 'song-choi-strongly-convex')?.bound.reason).toMatch(
      /1\/\(μ\(k \+ 1\)\)/,
    );
  });

  it('ErasureHead PL floor (our derivation) applies to erasure decoding of an FRC and holds', async () => {
    const r = await runTraining(
      {
        ...base,
        runs: 32,
        code: 'frc:N=8,s=1',
        decoder: 'erasure',
        stragglers: { failures: { p: 0.3 } },
        bounds: ['erasurehead-pl'],
      },
      { backendInstance: backend },
    );
    const check = r.schemes[0].bounds[0];
    expect(check.bound.applies, check.bound.reason).toBe(true);
    expect(check.bound.derivation).toBe('ours');
    expect(check.bound.constants.q).toBe(0.3);
    expect(check.bound.constants.r).toBe(2);
    expect(check.bound.constants.S).toBeGreaterThan(0);
    expect(check.verdict?.holds, check.verdict?.text).toBe(true);
  });

  it('a dataset beyond the GPU limits is bad input naming the dataset', async () => {
    const tooSmall: Backend = {
      kind: 'webgpu',
      description: 'fake GPU',
      hardwareGpu: true,
      run: () => Promise.reject(new GpuLimitError('maxStorageBufferBindingSize', 2 ** 33, 2 ** 31)),
      memory: () => ({ allocatedBytes: 0, inUseBytes: 0 }),
      stats: () => ({ batches: 0, deviceLosses: 0, cpuFallbacks: 0, outOfMemorySplits: 0 }),
      dispose: async () => {},
    };
    const run = runTraining(base, { backendInstance: tooSmall });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(runTraining(base, { backendInstance: tooSmall })).rejects.toThrow(
      /^dataset: is too large for the GPU: batch needs maxStorageBufferBindingSize/,
    );
  });

  it('the verdict names the failing iterations and the factor', () => {
    const rows = [0, 1, 2, 3, 4].map((k) => ({
      iteration: k,
      mean: k >= 2 ? 3 : 0.5,
      ci_lo: k >= 2 ? 2.5 : 0.4,
      ci_hi: k >= 2 ? 3.5 : 0.6,
      bound: 1,
    }));
    const v = verdict(rows);
    expect(v.holds).toBe(false);
    expect(v.failures.map((f) => f.iteration)).toEqual([2, 3, 4]);
    expect(v.text).toBe('fails at iterations 2–4 by up to 3.00× the bound (k = 2)');
    // a CI that reaches below the bound is not a failure
    expect(verdict(rows.map((r) => ({ ...r, ci_lo: 0.9 }))).holds).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/webgpu/limits.js';
import {
  FLOPS_PER_BATCH,
  flopsPerRunIteration,
  HARDWARE_FLOPS_PER_BATCH,
  maxRunsPerBatch,
  windowFlopsPerRun,
} from '../../src/train/descent/gpu-encode.js';
import type { DescentParams } from '../../src/train/descent/params.js';
import { planWindow } from '../../src/train/plan/decoding-plan.js';
import { prepareProblem } from '../../src/train/run/build-problem.js';
import { planSetup, windowIterations } from '../../src/train/run/run-scheme.js';
import { resolveTrainSpec } from '../../src/train/spec/resolve-train.js';
import { coefficientWindow, leastSquares } from './support.js';

/**
 * How coded descent is cut into windows (iterations planned together) and GPU batches (runs per dispatch), for the
 * W3 shape at a smaller n: d = 256, m = N = 32, CRC δ = 4, 256 runs, p = 0.2.
 */
const K = 200;
const R = 256;
const resolved = resolveTrainSpec({
  dataset: leastSquares(2048, 256, 4, 0.5),
  iterations: K,
  runs: R,
  seed: 3,
  code: 'crc:N=32,s=3',
  decoder: 'optimal',
  stragglers: { failures: { p: 0.2 } },
  step: 0.5,
  form: 'gram',
});
const prepared = prepareProblem(resolved);
const scheme = resolved.schemes[0];
const limits = { ...DEFAULT_LIMITS, maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 40 };

describe('descent windows and batches', () => {
  it('gives the CPU windows large enough for its worker threads, and a hardware GPU larger ones than lavapipe', () => {
    const cpu = windowIterations(prepared, scheme, R, K, { kind: 'cpu', hardwareGpu: false });
    const lavapipe = windowIterations(prepared, scheme, R, K, { kind: 'webgpu', hardwareGpu: false });
    const hardware = windowIterations(prepared, scheme, R, K, { kind: 'webgpu', hardwareGpu: true });
    const perIteration = flopsPerRunIteration(prepared.problem);
    expect(perIteration).toBe(2 * 32 * 256 * 256);
    // software GPU: a batch of 64 runs over the window and its final evaluation within 3·10⁹ flops
    expect(lavapipe).toBe(Math.floor(FLOPS_PER_BATCH / (64 * perIteration)) - 1);
    expect(cpu).toBeGreaterThanOrEqual(8 * lavapipe);
    expect(cpu).toBeLessThan(K);
    expect(hardware).toBe(K);
  });

  it('sizes complement-form batches by the operator products a window lists, not by every chunk gradient', () => {
    const count = 10;
    const plan = planWindow(planSetup(resolved, scheme), K, 0, count, R, { weights: false, correction: true });
    const { problem } = prepared;
    const state = new Float64Array(R * problem.d);
    const { dense, fast } = coefficientWindow(prepared, scheme, plan, { runs: R, count, total: K, step: 0.5, state });
    let terms = 0;
    for (const c of plan.correction) if (c !== 0) terms++;
    expect(windowFlopsPerRun(dense)).toBe((count + 1) * flopsPerRunIteration(problem));
    expect(windowFlopsPerRun(fast)).toBeCloseTo(2 * (count + 1 + terms / R) * 256 * 256, 6);
    expect(windowFlopsPerRun(fast)).toBeLessThan(windowFlopsPerRun(dense) / 4);
    const soft = (p: DescentParams) => maxRunsPerBatch(p, { limits, software: true });
    expect(soft(dense)).toBe(Math.floor(FLOPS_PER_BATCH / windowFlopsPerRun(dense)));
    expect(soft(fast)).toBe(Math.floor(FLOPS_PER_BATCH / windowFlopsPerRun(fast)));
    expect(soft(fast)).toBeGreaterThan(4 * soft(dense));
    // a hardware GPU holds the whole window's runs in one batch
    expect(maxRunsPerBatch(fast, { limits, software: false })).toBeGreaterThanOrEqual(R);
    expect(HARDWARE_FLOPS_PER_BATCH / windowFlopsPerRun(fast)).toBeGreaterThan(R);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../src/engine/backend.js';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { prepareProblem } from '../../src/train/run/build-problem.js';
import type { Curve } from '../../src/train/run/curves.js';
import { runResolvedTraining, type TrainResult } from '../../src/train/run/run-training.js';
import { resolveTrainSpec } from '../../src/train/spec/resolve-train.js';
import { describeGpu } from '../engine/support/gpu.js';
import { inlineCpu, leastSquares, squaredDistance, uncodedDescent } from './support.js';

/**
 * Coded gradient descent on the WebGPU backend (WGSL f32: shaders/train/gemm.wgsl + step.wgsl) against the f64 CPU
 * twin (issue 5). Tolerances (stated in docs/train.md):
 * - curves of ‖x_k − x*‖² and f(x_k) agree to 1e-3 relative + 1e-6 absolute (f32 products of d ≤ 8 terms, 30–40
 *   contracting iterations); the simulated wall clock is computed on the host from the same Philox draws: identical;
 * - exact decoding on the GPU follows uncoded f64 GD to ‖x_K − x_K^GD‖² ≤ 1e-11·‖x_K^GD‖² (f32 rounding, ~3e-6
 *   relative in norm; measured ~1e-14);
 * - the same seed reproduces a run bit for bit on each backend.
 * Pipelines are few (Gram products, the direct forward/backward pair, and four step variants) to keep lavapipe's
 * shader compiles short.
 */
let gpu: Backend;
const cpu = inlineCpu();
beforeAll(async () => {
  gpu = await WebGpuBackend.create({});
});
afterAll(async () => {
  await gpu?.dispose();
  await cpu.dispose();
  await releaseGpu();
});

function close(a: Curve, b: Curve, rel: number, abs: number, upTo: number) {
  for (let k = 0; k <= upTo; k++) {
    expect(Math.abs(a.mean[k] - b.mean[k]), `k = ${k}: ${a.mean[k]} vs ${b.mean[k]}`).toBeLessThanOrEqual(
      rel * Math.abs(b.mean[k]) + abs,
    );
  }
}

const leastSquaresSpec = {
  dataset: leastSquares(512, 8, 4, 0.5),
  iterations: 30,
  runs: 16,
  seed: 9,
  code: 'crc:N=8,s=2,seed=1',
  decoder: 'optimal',
  stragglers: { failures: { p: 0.2 } },
  wait: 'all',
  step: { rule: 'smoothness', factor: 0.8 },
  path: 'both',
};

describeGpu('coded gradient descent on WebGPU', () => {
  let gpuResult: TrainResult;
  let cpuResult: TrainResult;

  it('least squares (Gram form), both paths: GPU f32 agrees with the f64 twin; same seed → same run', async () => {
    const resolved = resolveTrainSpec(leastSquaresSpec);
    gpuResult = await runResolvedTraining(resolved, { backendInstance: gpu, keepRuns: true });
    cpuResult = await runResolvedTraining(resolved, { backendInstance: cpu, keepRuns: true });
    expect(gpuResult.backend).toMatch(/^webgpu/);
    expect(gpuResult.problem.form).toBe('gram');
    for (let s = 0; s < 2; s++) {
      const g = gpuResult.schemes[s];
      const c = cpuResult.schemes[s];
      expect(g.plan).toEqual(c.plan);
      close(g.curves.distance, c.curves.distance, 1e-3, 1e-6, 30);
      close(g.curves.loss, c.curves.loss, 1e-3, 1e-6, 30);
      expect(g.curves.time.mean).toEqual(c.curves.time.mean);
      close(g.curves.relativeGradientError, c.curves.relativeGradientError, 1e-2, 1e-6, 29);
    }
    const again = await runResolvedTraining(resolved, { backendInstance: gpu, keepRuns: true });
    for (let s = 0; s < 2; s++) {
      expect(again.schemes[s].tables).toEqual(gpuResult.schemes[s].tables);
      expect(again.schemes[s].finalState).toEqual(gpuResult.schemes[s].finalState);
    }
  });

  it('logistic regression (direct form) with AGD on the Tandon two-Gaussian data agrees', async () => {
    const resolved = resolveTrainSpec({
      dataset: { kind: 'gaussian-logistic', rows: 640, features: 8 },
      loss: 'logistic',
      regularization: 0.01,
      iterations: 20,
      runs: 12,
      seed: 3,
      code: 'frc:N=8,s=1',
      decoder: 'erasure',
      stragglers: { failures: { p: 0.25 } },
      optimizer: 'agd',
      step: { rule: 'smoothness', factor: 1 },
    });
    const g = await runResolvedTraining(resolved, { backendInstance: gpu });
    const c = await runResolvedTraining(resolved, { backendInstance: cpu });
    expect(g.problem.form).toBe('direct');
    close(g.schemes[0].curves.loss, c.schemes[0].curves.loss, 1e-3, 1e-6, 20);
    close(g.schemes[0].curves.distance, c.schemes[0].curves.distance, 1e-3, 1e-6, 20);
  });

  it('ℓ = 2 parts (Ye–Abbe, both paths) and the message energy of the Song–Choi bounds agree', async () => {
    const parts = resolveTrainSpec({
      ...leastSquaresSpec,
      iterations: 15,
      code: 'ye-abbe:N=8,s=2,parts=2',
      stragglers: { failures: { p: 0.15 } },
    });
    const g = await runResolvedTraining(parts, { backendInstance: gpu });
    const c = await runResolvedTraining(parts, { backendInstance: cpu });
    for (let s = 0; s < 2; s++) {
      expect(g.schemes[s].code.parts).toBe(2);
      close(g.schemes[s].curves.distance, c.schemes[s].curves.distance, 1e-3, 1e-6, 15);
      close(g.schemes[s].curves.relativeGradientError, c.schemes[s].curves.relativeGradientError, 1e-2, 1e-6, 14);
    }
    const P = [0.1, 0.2, 0.3, 0.4, 0.25];
    const energy = resolveTrainSpec({
      ...leastSquaresSpec,
      path: 'coefficient',
      iterations: 15,
      code: `heterogeneous:scheme=I,p=[${P.join(',')}]`,
      decoder: 'unbiased',
      stragglers: { failures: { p: P } },
      step: { rule: 'smoothness', factor: 0.2 },
      bounds: ['song-choi-smooth'],
    });
    const ge = (await runResolvedTraining(energy, { backendInstance: gpu })).schemes[0].bounds[0];
    const ce = (await runResolvedTraining(energy, { backendInstance: cpu })).schemes[0].bounds[0];
    expect(ge.bound.applies).toBe(true);
    expect(ge.verdict?.holds).toBe(true);
    for (let k = 1; k <= 15; k++) {
      const a = ge.bound.values![k];
      const b = ce.bound.values![k];
      expect(Math.abs(a - b), `k = ${k}`).toBeLessThanOrEqual(1e-3 * b);
    }
  });

  it('complement form (shaders/train/complement-gemm.wgsl): a₀ ≠ 1, AGD with a ridge, d = 10, 21 runs agree', async () => {
    for (const [code, optimizer] of [
      ['random:bernoulli:N=20,d=3,seed=1', 'gd'],
      ['crc:N=32,s=3', 'agd'],
    ] as const) {
      const resolved = resolveTrainSpec({
        dataset: leastSquares(640, 10, 5, 0.3),
        iterations: 20,
        runs: 21,
        seed: 6,
        code,
        decoder: 'optimal',
        stragglers: { failures: { p: 0.25 } },
        regularization: 0.02,
        optimizer,
        step: { rule: 'smoothness', factor: 0.8 },
      });
      const g = await runResolvedTraining(resolved, { backendInstance: gpu });
      const c = await runResolvedTraining(resolved, { backendInstance: cpu });
      expect(g.schemes[0].plan).toEqual(c.schemes[0].plan);
      expect(g.schemes[0].plan.exactFraction).toBeLessThan(1);
      close(g.schemes[0].curves.distance, c.schemes[0].curves.distance, 1e-3, 1e-6, 20);
      close(g.schemes[0].curves.loss, c.schemes[0].curves.loss, 1e-3, 1e-6, 20);
      close(g.schemes[0].curves.relativeGradientError, c.schemes[0].curves.relativeGradientError, 1e-2, 1e-6, 19);
    }
  });

  it('exact decoding on the GPU follows uncoded f64 GD within f32 rounding', async () => {
    const resolved = resolveTrainSpec({ ...leastSquaresSpec, stragglers: { fixedSet: { s: 2 } } });
    const result = await runResolvedTraining(resolved, { backendInstance: gpu, keepRuns: true });
    const { problem } = prepareProblem(resolved);
    const d = problem.d;
    for (const scheme of result.schemes) {
      expect(scheme.plan.exactFraction).toBe(1);
      const reference = uncodedDescent(problem, scheme.steps);
      const K = resolved.iterations;
      let worst = 0;
      for (let r = 0; r < resolved.runs; r++) {
        const final = scheme.finalState.subarray(r * d, (r + 1) * d);
        const rel = squaredDistance(final, reference[K]) / squaredDistance(reference[K], new Float64Array(d));
        worst = Math.max(worst, rel);
      }
      console.info(
        `exact decoding, ${scheme.path} path, f32 vs f64 GD: max ‖Δx_K‖²/‖x_K‖² = ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThanOrEqual(1e-11);
    }
  });

  it('f32 message path loses accuracy as N grows (Ye–Abbe ℓ = 2, CRC with s = N/4); the coefficient path does not', async () => {
    const table: string[] = [];
    const measure = async (code: string, N: number, s: number, backend: Backend) => {
      const result = await runResolvedTraining(
        resolveTrainSpec({
          dataset: leastSquares(64 * N, 8, 4, 0.5),
          iterations: 3,
          runs: 8,
          seed: 2,
          code,
          decoder: 'optimal',
          stragglers: { fixedSet: { s } },
          step: { rule: 'smoothness', factor: 0.5 },
          path: 'both',
        }),
        { backendInstance: backend },
      );
      const p = result.pathComparisons[0];
      table.push(
        `${code} (${backend.kind}): coefficient ${p.coefficientRelativeError.toExponential(2)}, message ${p.messageRelativeError.toExponential(2)}`,
      );
      return p;
    };
    const ye8 = await measure('ye-abbe:N=8,s=2,parts=2', 8, 2, gpu);
    const ye32 = await measure('ye-abbe:N=32,s=2,parts=2', 32, 2, gpu);
    const crc8 = await measure('crc:N=8,s=2,seed=1', 8, 2, gpu);
    const crc64 = await measure('crc:N=64,s=16,seed=1', 64, 16, gpu);
    const ye32cpu = await measure('ye-abbe:N=32,s=2,parts=2', 32, 2, cpu);
    console.info(table.join('\n'));
    expect(ye32.messageRelativeError).toBeGreaterThan(1e3 * ye8.messageRelativeError);
    // measured growth N = 8 → 64: 102× on lavapipe, 97× on an NVIDIA H200 (contraction into FMA and summation order
    // differ between drivers), so the bound asks for a clear loss with a margin, not for one driver's ratio
    expect(crc64.messageRelativeError).toBeGreaterThan(30 * crc8.messageRelativeError);
    for (const p of [ye8, ye32, crc8, crc64]) expect(p.coefficientRelativeError).toBeLessThan(1e-11);
    // in f64 (CPU twin) both paths carry only the decoder's own error (Ye–Abbe's weights are ill-conditioned even in
    // f64: ~1e-12 at N = 32), and agree; on the GPU the f32 message path adds orders of magnitude on top of it
    expect(Math.abs(ye32cpu.messageRelativeError - ye32cpu.coefficientRelativeError)).toBeLessThanOrEqual(
      1e-3 * ye32cpu.coefficientRelativeError + 1e-20,
    );
    expect(ye32.messageRelativeError).toBeGreaterThan(1e3 * ye32cpu.messageRelativeError);
  });
});

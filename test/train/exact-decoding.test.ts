import { afterAll, describe, expect, it } from 'vitest';
import { prepareProblem } from '../../src/train/run/build-problem.js';
import { runResolvedTraining } from '../../src/train/run/run-training.js';
import { resolveTrainSpec } from '../../src/train/spec/resolve-train.js';
import { inlineCpu, leastSquares, squaredDistance, uncodedDescent } from './support.js';

/**
 * Issue 5, must show: exact decoding gives iterates equal to uncoded GD. In f64 (the CPU twin) the coded iterates
 * equal x_{k+1} = x_k − γ∇f(x_k) up to rounding: ‖x_k^coded − x_k^GD‖² ≤ 1e-20·‖x_k^GD‖² + 1e-24 at every k, on
 * both the coefficient path (Σ α_i g_i, α = 1) and the message path (Σ_j w_j Σ_i B_ji g_i with CRC's real
 * coefficients), for every run (each with its own random straggler set).
 */
const backend = inlineCpu();
afterAll(() => backend.dispose());

const spec = (code: string, extra: Record<string, unknown> = {}) => ({
  dataset: leastSquares(),
  iterations: 25,
  runs: 6,
  seed: 11,
  code,
  stragglers: { fixedSet: { s: 2 } },
  wait: 'all',
  decoder: 'optimal',
  step: { rule: 'smoothness', factor: 0.9 },
  path: 'both',
  ...extra,
});

describe('exact decoding equals uncoded gradient descent (f64)', () => {
  for (const [code, extra] of [
    ['crc:N=8,s=2,seed=3', {}],
    ['frc:N=8,s=1', { decoder: 'exact', stragglers: { fixedSet: { s: 1 } } }],
    [
      'cyclic:N=8,s=2',
      { decoder: 'exact', wait: 'exact', stragglers: { chunkTime: { dist: 'exponential', rate: 1 } } },
    ],
  ] as const) {
    it(`${code} (${'decoder' in extra ? extra.decoder : 'optimal'})`, async () => {
      const resolved = resolveTrainSpec(spec(code, extra));
      const result = await runResolvedTraining(resolved, { backendInstance: backend, keepRuns: true });
      const { problem } = prepareProblem(resolved);
      for (const scheme of result.schemes) {
        expect(scheme.plan.exactFraction).toBe(1);
        const reference = uncodedDescent(problem, scheme.steps);
        const K = resolved.iterations;
        const d = problem.d;
        const t = scheme.tables!;
        for (let r = 0; r < resolved.runs; r++) {
          const final = scheme.finalState.subarray(r * d, (r + 1) * d);
          const scale = squaredDistance(reference[K], new Float64Array(d));
          expect(squaredDistance(final, reference[K])).toBeLessThanOrEqual(1e-20 * scale + 1e-24);
          for (let k = 0; k <= K; k++) {
            const dist = squaredDistance(reference[k], result.optimum.x);
            expect(Math.abs(t.distance[r * (K + 1) + k] - dist)).toBeLessThanOrEqual(1e-9 * dist + 1e-20);
          }
        }
        // the relative gradient error is rounding only
        for (let k = 0; k < resolved.iterations; k++)
          expect(scheme.curves.relativeGradientError.mean[k]).toBeLessThan(1e-20);
      }
    });
  }

  it('a decoder that is not exact does not match (the comparison can fail)', async () => {
    const resolved = resolveTrainSpec(
      spec('cyclic:N=8,s=2', { decoder: 'optimal', stragglers: { fixedSet: { s: 4 } } }),
    );
    const result = await runResolvedTraining(resolved, { backendInstance: backend });
    const { problem } = prepareProblem(resolved);
    const scheme = result.schemes[0];
    expect(scheme.plan.exactFraction).toBeLessThan(1);
    const reference = uncodedDescent(problem, scheme.steps);
    const d = problem.d;
    const final = scheme.finalState.subarray(0, d);
    expect(squaredDistance(final, reference[resolved.iterations])).toBeGreaterThan(1e-12);
  });
});

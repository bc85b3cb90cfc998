import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/engine/backend.js';
import {
  type DistributionName,
  type DistributionSamplesParams,
  distributionSamplesKernel,
} from '../../../src/engine/kernels/distribution-samples.js';
import { philoxWordsKernel } from '../../../src/engine/kernels/philox-words.js';
import { Stream, seedKey, streamWord } from '../../../src/rng/counters.js';
import { exponentialTolerance, normalTolerance } from '../../../src/rng/distributions.js';
import { philox4x32 } from '../../../src/rng/philox.js';
import { PHILOX_KATS } from './philox-kats.js';
import { exactCdf, expectMoments, KS_CRITICAL_0_001, ksStatistic, momentsOf } from './statistics.js';

/**
 * The conformance suite every backend must pass (tfjs-style: one set of expectations, run against the CPU backend in
 * the unit project and against WebGPU in the gpu project). `backend()` is called inside the tests.
 */

/** Philox words: known answers and 10⁶ consecutive words identical to the TypeScript reference. */
export function philoxConformance(backend: () => Backend): void {
  describe('Philox words', () => {
    for (const kat of PHILOX_KATS) {
      it(`reproduce the Philox4x32-${kat.rounds} known answer for ctr ${kat.counter[0].toString(16)}…`, async () => {
        const [c0, c1, c2, c3] = kat.counter;
        const words = await backend().run(philoxWordsKernel, {
          key: kat.key,
          counter: [c1, c2, c3],
          firstLane: c0,
          blocks: 1,
          rounds: kat.rounds,
        });
        expect([...words]).toEqual(kat.expected);
      });
    }

    const keys: [string, [number, number]][] = [
      ['seed 0', seedKey(0)],
      ['seed 2^40 + 12345', seedKey(2 ** 40 + 12345)],
      ['key ffffffff ffffffff', [0xffffffff, 0xffffffff]],
    ];
    for (const [name, key] of keys) {
      it(`give 10^6 consecutive words bit-identical to TypeScript (${name}, lanes wrapping past 2^32)`, async () => {
        const blocks = 250_000;
        const params = {
          key,
          counter: [17, 3, streamWord(Stream.chunkTimes, 2)] as [number, number, number],
          firstLane: 2 ** 32 - 1000,
          blocks,
        };
        const started = performance.now();
        const words = await backend().run(philoxWordsKernel, params);
        const elapsed = performance.now() - started;
        const reference = new Uint32Array(4 * blocks);
        for (let b = 0; b < blocks; b++)
          philox4x32((params.firstLane + b) >>> 0, 17, 3, params.counter[2], key[0], key[1], reference, 4 * b);
        expect(words.length).toBe(1_000_000);
        let mismatches = 0;
        for (let i = 0; i < words.length; i++) if (words[i] !== reference[i]) mismatches++;
        expect(mismatches).toBe(0);
        console.info(`${backend().kind}: 10^6 Philox words (${name}) in ${elapsed.toFixed(0)} ms`);
      });
    }
  });
}

const PARAMETER: Record<DistributionName, number> = { uniform: 1, exponential: 2.5, normal: 1, bernoulli: 0.3 };

function params(distribution: DistributionName, count: number, seed: number): DistributionSamplesParams {
  return {
    key: seedKey(seed),
    trial: 7,
    cell: 2,
    stream: Stream.test,
    round: 1,
    distribution,
    rate: PARAMETER.exponential,
    p: PARAMETER.bernoulli,
    count,
    keepSamples: true,
  };
}

/** Distribution samples: moments and Kolmogorov–Smirnov, the device reduction, agreement with the f64 twin. */
export function distributionConformance(backend: () => Backend): void {
  describe('distribution samples', () => {
    const n = 1 << 17;
    for (const distribution of ['uniform', 'exponential', 'normal'] as const) {
      it(`${distribution}: moments and a Kolmogorov–Smirnov test against the exact CDF (fixed seed)`, async () => {
        const result = await backend().run(distributionSamplesKernel, params(distribution, n, 20261122));
        expectMoments(result, distribution, PARAMETER[distribution]);
        const d = ksStatistic(result.samples!, exactCdf(distribution, PARAMETER.exponential));
        expect(Math.sqrt(n) * d).toBeLessThan(KS_CRITICAL_0_001);
      });
    }

    it('bernoulli: the success rate is p within 5 standard errors; p = 0 and p = 1 are exact', async () => {
      const result = await backend().run(distributionSamplesKernel, params('bernoulli', n, 99));
      expectMoments(result, 'bernoulli', PARAMETER.bernoulli);
      expect(result.samples!.every((x) => x === 0 || x === 1)).toBe(true);
      for (const p of [0, 1]) {
        const edge = await backend().run(distributionSamplesKernel, { ...params('bernoulli', 4099, 5), p });
        expect(edge.moments.sum).toBe(p * 4099);
      }
    });

    for (const distribution of ['uniform', 'exponential', 'normal', 'bernoulli'] as const) {
      it(`${distribution}: the reduced moments equal the moments of the returned samples`, async () => {
        const result = await backend().run(distributionSamplesKernel, params(distribution, 100_003, 3));
        const direct = momentsOf(result.samples!);
        expect(result.moments.count).toBe(direct.count);
        const scale = direct.sumSquares + 1;
        expect(Math.abs(result.moments.sum - direct.sum)).toBeLessThan(1e-5 * scale);
        expect(Math.abs(result.moments.sumSquares - direct.sumSquares)).toBeLessThan(1e-5 * scale);
      });

      it(`${distribution}: matches the f64 CPU twin (${distribution === 'uniform' || distribution === 'bernoulli' ? 'bit-identical' : 'within the WGSL error bound'})`, async () => {
        const p = params(distribution, 200_001, 11);
        const result = await backend().run(distributionSamplesKernel, p);
        const twin = distributionSamplesKernel.cpu.run(p, { start: 0, end: p.count });
        const exact = distribution === 'uniform' || distribution === 'bernoulli';
        let worst = 0;
        let failures = 0;
        for (let i = 0; i < p.count; i++) {
          const a = result.samples![i];
          const b = twin.samples![i];
          const tolerance = exact
            ? 0
            : distribution === 'normal'
              ? normalTolerance(b)
              : exponentialTolerance(b, p.rate);
          const diff = Math.abs(a - b);
          worst = Math.max(worst, diff);
          if (!(diff <= tolerance)) failures++;
        }
        expect(failures).toBe(0);
        if (!exact)
          console.info(`${backend().kind}: ${distribution} largest |backend − f64 twin| = ${worst.toExponential(2)}`);
      });
    }

    it('does not depend on how the range is split', async () => {
      const p = params('normal', 50_000, 8);
      const whole = await backend().run(distributionSamplesKernel, p);
      const cuts = [0, 1, 2, 3, 999, 1000, 33_333, 50_000];
      const parts = [];
      for (let i = 0; i + 1 < cuts.length; i++)
        parts.push(await backend().run(distributionSamplesKernel, p, { range: { start: cuts[i], end: cuts[i + 1] } }));
      const merged = distributionSamplesKernel.merge(parts, p);
      expect([...merged.samples!]).toEqual([...whole.samples!]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { distributionMean, gamma, sampleDistribution } from '../../src/stragglers/distribution.js';
import { TrialDrawer } from '../../src/stragglers/draws.js';
import { StragglerModelSchema } from '../../src/stragglers/model.js';
import { resolveStragglerModel } from '../../src/stragglers/resolve.js';
import { parseTraceCsv } from '../../src/stragglers/trace.js';

function drawer(model: unknown, N: number, seed = 5) {
  return new TrialDrawer(resolveStragglerModel(StragglerModelSchema.parse(model), N), seed, 0);
}

/** Kolmogorov–Smirnov statistic of samples against a CDF. */
function ks(samples: number[], cdf: (x: number) => number): number {
  const s = [...samples].sort((a, b) => a - b);
  let d = 0;
  s.forEach((x, i) => {
    const F = cdf(x);
    d = Math.max(d, Math.abs(F - i / s.length), Math.abs(F - (i + 1) / s.length));
  });
  return d;
}

describe('distributions', () => {
  it('inverse-CDF samplers match their CDFs (KS at 1% level) and means', () => {
    const n = 4000;
    const us = Array.from({ length: n }, (_, i) => (i + 0.5) / n); // a stratified uniform sample
    const cases: [number, number, number, (x: number) => number, number][] = [
      [2, 0, 2, (x) => 1 - Math.exp(-2 * x), 0.5],
      [3, 1, 1, (x) => (x < 1 ? 0 : 1 - Math.exp(-(x - 1))), 2],
      [4, 1, 3, (x) => (x < 1 ? 0 : 1 - x ** -3), 1.5],
      [5, 2, 1.5, (x) => 1 - Math.exp(-((x / 2) ** 1.5)), 2 * gamma(1 + 1 / 1.5)],
    ];
    for (const [code, a, b, cdf, mean] of cases) {
      const xs = us.map((u) => sampleDistribution(code, a, b, u));
      expect(ks(xs, cdf)).toBeLessThan(1.63 / Math.sqrt(n));
      expect(Math.abs(xs.reduce((s, x) => s + x, 0) / n - mean) / mean).toBeLessThan(0.02);
    }
    expect(gamma(5)).toBeCloseTo(24, 12);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(distributionMean({ dist: 'pareto', scale: 1, shape: 1 })).toBe(Number.POSITIVE_INFINITY);
  });

  it('per-(worker, position) chunk times are reproducible and exponential', () => {
    const d = drawer({ chunkTime: { dist: 'exponential', rate: 1 } }, 4);
    const a = new Float64Array(7);
    const b = new Float64Array(7);
    d.chunkTimes(3, 2, 7, a);
    drawer({ chunkTime: { dist: 'exponential', rate: 1 } }, 4).chunkTimes(3, 2, 7, b);
    expect([...a]).toEqual([...b]);
    const xs: number[] = [];
    const out = new Float64Array(16);
    for (let t = 0; t < 500; t++) {
      d.chunkTimes(t, t % 4, 16, out);
      xs.push(...out);
    }
    expect(ks(xs, (x) => 1 - Math.exp(-x))).toBeLessThan(1.63 / Math.sqrt(xs.length));
  });
});

describe('worker factors', () => {
  it('exact slow sets have exactly round(fraction·N) slowed workers, uniformly spread', () => {
    const N = 20;
    const d = drawer({ chunkTime: { dist: 'deterministic', value: 1 }, slow: { fraction: 0.1, factor: 5 } }, N);
    const f = new Float64Array(N);
    const hits = new Float64Array(N);
    const trials = 20000;
    for (let t = 0; t < trials; t++) {
      d.workerFactors(t, f);
      expect(f.filter((x) => x === 5).length).toBe(2);
      f.forEach((x, j) => {
        if (x === 5) hits[j]++;
      });
    }
    // Each worker slowed with probability 2/20; χ² over 20 cells (df 19, 0.1% critical value 43.8).
    const e = (trials * 2) / N;
    const chi2 = hits.reduce((s, h) => s + (h - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(43.8);
  });

  it('failures are Bernoulli(p) per worker and p = 1 always fails', () => {
    const N = 10;
    const d = drawer({ failures: { p: [0.3, 1, 0, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3] } }, N);
    const f = new Float64Array(N);
    let failed = 0;
    const trials = 10000;
    for (let t = 0; t < trials; t++) {
      d.workerFactors(t, f);
      expect(f[1]).toBe(Number.POSITIVE_INFINITY);
      expect(f[2]).toBe(1);
      if (f[0] === Number.POSITIVE_INFINITY) failed++;
    }
    expect(Math.abs(failed / trials - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / trials));
  });

  it('bursty stragglers: per window exactly λ workers straggle, each for B consecutive rounds', () => {
    const N = 6;
    const W = 5;
    const B = 2;
    const d = drawer({ chunkTime: { dist: 'deterministic', value: 1 }, bursty: { B, W, lambda: 2, factor: 3 } }, N);
    const f = new Float64Array(N);
    for (let w = 0; w < 50; w++) {
      const rounds = Array.from({ length: W }, (_, o) => {
        d.workerFactors(w * W + o, f);
        return Array.from(f);
      });
      const perWorker = Array.from({ length: N }, (_, j) => rounds.map((r) => r[j] === 3));
      const stragglers = perWorker.filter((s) => s.some(Boolean));
      expect(stragglers.length).toBe(2);
      for (const s of stragglers) {
        const idx = s.flatMap((x, o) => (x ? [o] : []));
        expect(idx.length).toBe(B);
        expect(idx[1] - idx[0]).toBe(1);
      }
    }
  });

  it('fixed random sets have size s; adversarial masks are used as given', () => {
    const N = 9;
    const f = new Float64Array(N);
    const d = drawer({ fixedSet: { s: 3 } }, N);
    for (let t = 0; t < 100; t++) {
      d.workerFactors(t, f);
      expect(f.filter((x) => x === Number.POSITIVE_INFINITY).length).toBe(3);
    }
    const a = drawer({ fixedSet: { s: 2, mode: 'adversarial', workers: [4, 7], factor: 10 } }, N);
    a.workerFactors(0, f);
    expect([...f]).toEqual([1, 1, 1, 1, 10, 1, 1, 10, 1]);
  });
});

describe('bad straggler input', () => {
  it('names the field', () => {
    expect(() => StragglerModelSchema.parse({ chunkTime: { dist: 'exponential', rate: -1 } })).toThrow(/rate/);
    expect(() => StragglerModelSchema.parse({ failures: { p: 1.5 } })).toThrow();
    expect(() => StragglerModelSchema.parse({ chunkTime: { dist: 'gamma', shape: 1 } })).toThrow();
    expect(() => resolveStragglerModel(StragglerModelSchema.parse({ speed: [1, 2] }), 3)).toThrow(InputError);
    expect(() => resolveStragglerModel(StragglerModelSchema.parse({ fixedSet: { s: 5 } }), 3)).toThrow(/fixedSet\.s/);
  });

  it('trace files: wrong width and malformed cells are rejected with row and column', () => {
    const t = parseTraceCsv('w0,w1,w2\n1,2,3\n1.5,,inf\n', 'trace.csv');
    expect(t.rounds).toBe(2);
    expect(t.times[4]).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseTraceCsv('1,2,3\n1,2\n', 'trace.csv')).toThrow(/row 2 has 2 columns/);
    expect(() => parseTraceCsv('1,2,x\n', 'trace.csv')).toThrow(InputError);
    expect(() => parseTraceCsv('1,-2,3\n', 'trace.csv')).toThrow(/column 2/);
    expect(() =>
      resolveStragglerModel(StragglerModelSchema.parse({ trace: { file: 'x.csv' } }), 4, { trace: t }),
    ).toThrow(/3 columns but the code has N = 4/);
  });
});

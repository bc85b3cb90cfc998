import jstatModule from 'jstat';
import { expect } from 'vitest';
import type { DistributionName, DistributionSamples } from '../../../src/engine/kernels/distribution-samples.js';

const { jStat } = jstatModule as unknown as { jStat: { normal: { cdf(x: number, mean: number, sd: number): number } } };

/**
 * Kolmogorov–Smirnov statistic D_n = sup |F_n(x) − F(x)| of `samples` against the continuous CDF `cdf`.
 */
export function ksStatistic(samples: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** √n·D_n above this rejects at α ≈ 0.001 (asymptotic Kolmogorov distribution: K(1.95) ≈ 0.999). */
export const KS_CRITICAL_0_001 = 1.95;

/** Exact CDF of each test distribution (exponential with `rate`). */
export function exactCdf(distribution: Exclude<DistributionName, 'bernoulli'>, rate = 1): (x: number) => number {
  switch (distribution) {
    case 'uniform':
      return (x) => Math.min(1, Math.max(0, x));
    case 'exponential':
      return (x) => (x <= 0 ? 0 : 1 - Math.exp(-rate * x));
    case 'normal':
      return (x) => jStat.normal.cdf(x, 0, 1);
  }
}

/** Mean and variance of each distribution, and its fourth central moment (for the variance's standard error). */
export function exactMoments(
  distribution: DistributionName,
  parameter = 1,
): { mean: number; variance: number; fourth: number } {
  switch (distribution) {
    case 'uniform': {
      // Discrete uniform on {0, 2^-24, …, 1 − 2^-24}: mean (1 − 2^-24)/2, variance (1 − 2^-48)/12.
      const h = 2 ** -24;
      return { mean: (1 - h) / 2, variance: (1 - h * h) / 12, fourth: 1 / 80 };
    }
    case 'exponential':
      return { mean: 1 / parameter, variance: 1 / parameter ** 2, fourth: 9 / parameter ** 4 };
    case 'normal':
      return { mean: 0, variance: 1, fourth: 3 };
    case 'bernoulli': {
      const p = parameter;
      return { mean: p, variance: p * (1 - p), fourth: p * (1 - p) * (1 - 3 * p + 3 * p * p) };
    }
  }
}

/**
 * Checks sample moments against the exact ones: the mean within 5 standard errors (σ/√n) and the variance within
 * 5 standard errors (√((μ₄ − σ⁴)/n)). Fixed seeds make the outcome deterministic.
 */
export function expectMoments(result: DistributionSamples, distribution: DistributionName, parameter = 1): void {
  const { count, sum, sumSquares } = result.moments;
  const exact = exactMoments(distribution, parameter);
  const mean = sum / count;
  const variance = sumSquares / count - mean * mean;
  expect(Math.abs(mean - exact.mean)).toBeLessThan(5 * Math.sqrt(exact.variance / count));
  expect(Math.abs(variance - exact.variance)).toBeLessThan(5 * Math.sqrt((exact.fourth - exact.variance ** 2) / count));
}

/** Moments recomputed from the samples themselves (to check the kernel's reduction). */
export function momentsOf(samples: Float64Array): { count: number; sum: number; sumSquares: number } {
  let sum = 0;
  let sumSquares = 0;
  for (const x of samples) {
    sum += x;
    sumSquares += x * x;
  }
  return { count: samples.length, sum, sumSquares };
}

import { z } from 'zod';

/**
 * Positive random variables used for per-chunk processing times and per-worker speed factors. Each is sampled by
 * inversion from one 24-bit uniform u = (x >>> 8)·2⁻²⁴ ∈ [0, 1), so 1 − u ∈ (0, 1] and every draw is finite.
 * The same formulas live in `sample_distribution` of `shaders/trials/common.wgsl` (f32 there, f64 here).
 */
export const DistributionSchema = z.discriminatedUnion('dist', [
  z
    .object({
      dist: z.literal('deterministic').describe('Every draw equals `value`.'),
      value: z.number().positive().describe('The constant (time units, or a factor for `speed`).'),
    })
    .strict(),
  z
    .object({
      dist: z.literal('uniform').describe('Uniform on [lo, hi).'),
      lo: z.number().nonnegative().describe('Lower end (time units, or a factor for `speed`).'),
      hi: z.number().positive().describe('Upper end, greater than `lo`.'),
    })
    .strict()
    .refine((d) => d.hi > d.lo, { message: 'hi must be greater than lo', path: ['hi'] }),
  z
    .object({
      dist: z.literal('exponential').describe('Exponential: mean 1/rate.'),
      rate: z.number().positive().describe('Rate λ > 0 (per time unit); the mean is 1/λ.'),
    })
    .strict(),
  z
    .object({
      dist: z.literal('shifted-exponential').describe('shift + an exponential: mean shift + 1/rate.'),
      shift: z.number().nonnegative().describe('Minimum time (time units).'),
      rate: z.number().positive().describe('Rate λ > 0 of the exponential part (per time unit).'),
    })
    .strict(),
  z
    .object({
      dist: z.literal('pareto').describe('Pareto: scale·(1 − u)^(−1/shape); infinite mean when shape ≤ 1.'),
      scale: z.number().positive().describe('Minimum value x_m (time units).'),
      shape: z.number().positive().describe('Tail index α (larger: lighter tail).'),
    })
    .strict(),
  z
    .object({
      dist: z.literal('weibull').describe('Weibull: scale·(−ln(1 − u))^(1/shape).'),
      scale: z.number().positive().describe('Scale λ (time units).'),
      shape: z.number().positive().describe('Shape k (k < 1: heavy tail; k = 1: exponential).'),
    })
    .strict(),
]);

export type Distribution = z.infer<typeof DistributionSchema>;

/** Numeric codes of the distribution families, shared with WGSL (`DIST_*` constants). */
export const DistributionCode = {
  deterministic: 0,
  uniform: 1,
  exponential: 2,
  'shifted-exponential': 3,
  pareto: 4,
  weibull: 5,
} as const satisfies Record<Distribution['dist'], number>;

/** Two parameters (a, b) per family in the order the shader reads them. */
export function distributionParams(d: Distribution): [number, number] {
  switch (d.dist) {
    case 'deterministic':
      return [d.value, 0];
    case 'uniform':
      return [d.lo, d.hi];
    case 'exponential':
      return [0, d.rate];
    case 'shifted-exponential':
      return [d.shift, d.rate];
    case 'pareto':
    case 'weibull':
      return [d.scale, d.shape];
  }
}

/**
 * Inverse-CDF sample of `d` at uniform u ∈ [0, 1):
 * exponential −ln(1−u)/rate; shifted shift − ln(1−u)/rate; Pareto scale·(1−u)^(−1/shape);
 * Weibull scale·(−ln(1−u))^(1/shape); uniform lo + (hi − lo)·u.
 */
export function sampleDistribution(code: number, a: number, b: number, u: number): number {
  switch (code) {
    case DistributionCode.deterministic:
      return a;
    case DistributionCode.uniform:
      return a + (b - a) * u;
    case DistributionCode.exponential:
    case DistributionCode['shifted-exponential']:
      return a - Math.log(1 - u) / b;
    case DistributionCode.pareto:
      return a * (1 - u) ** (-1 / b);
    case DistributionCode.weibull:
      return a * (-Math.log(1 - u)) ** (1 / b);
    default:
      throw new Error(`unknown distribution code ${code}`);
  }
}

/** Mean of the distribution (+∞ for a Pareto with shape ≤ 1). Used for default time grids. */
export function distributionMean(d: Distribution): number {
  switch (d.dist) {
    case 'deterministic':
      return d.value;
    case 'uniform':
      return (d.lo + d.hi) / 2;
    case 'exponential':
      return 1 / d.rate;
    case 'shifted-exponential':
      return d.shift + 1 / d.rate;
    case 'pareto':
      return d.shape > 1 ? (d.shape * d.scale) / (d.shape - 1) : Number.POSITIVE_INFINITY;
    case 'weibull':
      return d.scale * gamma(1 + 1 / d.shape);
  }
}

/** Γ(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative). */
export function gamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}

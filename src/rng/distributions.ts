/**
 * Distributions on top of Philox words, the TypeScript side of `shaders/lib/distributions.wgsl`.
 *
 * Cross-backend contract (measured on lavapipe against Node, see research/ecosystem.md §0.3):
 * - integer stages are bit-identical: the words themselves, 24-bit uniforms `(x >>> 8)·2⁻²⁴` (exact in f32 and f64)
 *   and Bernoulli draws by an integer threshold;
 * - transcendental stages (exponential, normal) are f64 here and f32 in WGSL, whose `log`/`cos` carry error bounds,
 *   not correct rounding: compare them with tolerances ({@link exponentialTolerance}, {@link normalTolerance}).
 */

/** 2⁻²⁴: converts the top 24 bits of a word to a uniform in [0, 1), exact in f32 and f64. */
export const U24 = 1 / 16777216;

/** 2³², the number of u32 values. */
const TWO_32 = 4294967296;

/** Uniform in [0, 1 − 2⁻²⁴] with 24-bit resolution: (x >>> 8)·2⁻²⁴. */
export function uniformFromWord(x: number): number {
  return (x >>> 8) * U24;
}

/** Uniform in [2⁻²⁴, 1]: ((x >>> 8) + 1)·2⁻²⁴, so that its logarithm is finite (Box–Muller's radius). */
export function openUniformFromWord(x: number): number {
  return ((x >>> 8) + 1) * U24;
}

/**
 * Exponential with the given rate by inversion, −log(1 − u)/rate with u = (x >>> 8)·2⁻²⁴. Since 1 − u ≥ 2⁻²⁴ the
 * result is finite, at most 24·ln 2/rate ≈ 16.6/rate.
 */
export function exponentialFromWord(x: number, rate = 1): number {
  return -Math.log(1 - uniformFromWord(x)) / rate;
}

/**
 * Standard normal by the Box–Muller transform (Box & Muller 1958) on two words, keeping the cosine branch:
 * √(−2 ln u₁)·cos(2π u₂) with u₁ ∈ (0, 1] from `x1` ({@link openUniformFromWord}) and u₂ ∈ [0, 1) from `x2`.
 * One normal per pair of words, as in {@link PhiloxStream.normal}.
 */
export function normalFromWords(x1: number, x2: number): number {
  return Math.sqrt(-2 * Math.log(openUniformFromWord(x1))) * Math.cos(2 * Math.PI * uniformFromWord(x2));
}

/**
 * Integer Bernoulli threshold t = floor(p·2³²) ∈ [0, 2³²] for probability p ∈ [0, 1]: a draw x (u32) succeeds iff
 * x < t, so P(success) = t/2³² exactly. p = 1 gives t = 2³², always true; p = 0 gives t = 0, never.
 */
export function bernoulliThreshold(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Bernoulli probability ${p} outside [0, 1]`);
  return p >= 1 ? TWO_32 : Math.floor(p * TWO_32);
}

/**
 * The threshold as the two u32 words WGSL receives, (t mod 2³², t ≥ 2³² ? 1 : 0): a u32 alone cannot hold the 2³² + 1
 * values from "never" to "always". WGSL: `bernoulli_from_word(x, vec2<u32>(lo, hi))`.
 */
export function bernoulliThresholdWords(p: number): [number, number] {
  const t = bernoulliThreshold(p);
  return t >= TWO_32 ? [0, 1] : [t, 0];
}

/** One Bernoulli draw: x < t for a threshold t from {@link bernoulliThreshold}. */
export function bernoulliFromWord(x: number, threshold: number): boolean {
  return x >>> 0 < threshold;
}

/**
 * Largest |f32 WGSL − f64| allowed for an exponential sample `value` (the f64 reference) at `rate`, from the WGSL
 * accuracy bounds: `log` has absolute error ≤ 2⁻²¹ on [0.5, 2] and ≤ 3 ULP elsewhere; division ≤ 2.5 ULP. The bound
 * used is (2⁻²⁰ + 2⁻¹⁹·value·rate)/rate, i.e. about 8 ULP of f32 relative plus twice the absolute log bound.
 */
export function exponentialTolerance(value: number, rate = 1): number {
  return (2 ** -20 + 2 ** -19 * Math.abs(value) * rate) / rate;
}

/**
 * Largest |f32 WGSL − f64| allowed for a Box–Muller sample, from the WGSL accuracy bounds: `cos` has absolute error
 * ≤ 2⁻¹¹ on [−π, π] (times a radius ≤ √(2·24·ln 2) ≈ 5.77), `log` ≤ 2⁻²¹ absolute near 1 (a radius error ≤ √(2·2⁻²¹)
 * ≈ 1e-3 when the radius is small), `sqrt` 2.5 ULP. Lavapipe is far more accurate than this portable bound.
 */
export function normalTolerance(value: number): number {
  return 5.77 * 2 ** -11 + 1e-3 + 2 ** -20 * Math.abs(value);
}

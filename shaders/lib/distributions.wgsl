// Distributions from Philox words, mirroring src/rng/distributions.ts. Uniforms and Bernoulli draws are
// bit-identical to TypeScript; log/cos/sqrt are f32 with WGSL's error bounds (not correctly rounded), so exponential
// and normal samples match the f64 twin within src/rng/distributions.ts's exponentialTolerance / normalTolerance.

const U24_SCALE: f32 = 5.9604644775390625e-8; // 2^-24
const TWO_PI: f32 = 6.283185307179586;

// Uniform in [0, 1 - 2^-24]: (x >> 8)·2^-24, exact in f32.
fn uniform_from_word(x: u32) -> f32 {
  return f32(x >> 8u) * U24_SCALE;
}

// Uniform in [2^-24, 1]: ((x >> 8) + 1)·2^-24, so its logarithm is finite.
fn open_uniform_from_word(x: u32) -> f32 {
  return f32((x >> 8u) + 1u) * U24_SCALE;
}

// Exponential(rate) by inversion: -log(1 - u)/rate; 1 - u is exact in f32 and ≥ 2^-24.
fn exponential_from_word(x: u32, rate: f32) -> f32 {
  return -log(1.0 - uniform_from_word(x)) / rate;
}

// Standard normal by Box–Muller (cosine branch) from two words: sqrt(-2 ln u1)·cos(2π u2).
// cos(2πu) is evaluated as -cos(2π(u - 1/2)) so the argument stays in [-π, π), where WGSL bounds cos's error.
fn normal_from_words(x1: u32, x2: u32) -> f32 {
  let radius = sqrt(-2.0 * log(open_uniform_from_word(x1)));
  return -radius * cos(TWO_PI * (uniform_from_word(x2) - 0.5));
}

// Bernoulli draw x < t for the threshold t = floor(p·2^32) ∈ [0, 2^32], passed as (t mod 2^32, t >= 2^32).
fn bernoulli_from_word(x: u32, threshold: vec2<u32>) -> bool {
  return threshold.y != 0u || x < threshold.x;
}

import { describe, expect, it } from 'vitest';
import { Stream } from '../../src/rng/counters.js';
import {
  bernoulliFromWord,
  bernoulliThreshold,
  bernoulliThresholdWords,
  exponentialFromWord,
  normalFromWords,
  openUniformFromWord,
  U24,
  uniformFromWord,
} from '../../src/rng/distributions.js';
import { PhiloxStream } from '../../src/rng/stream.js';

describe('24-bit uniforms', () => {
  it('map the top 24 bits to k·2^-24 in [0, 1 − 2^-24]', () => {
    expect(uniformFromWord(0)).toBe(0);
    expect(uniformFromWord(0xff)).toBe(0);
    expect(uniformFromWord(0x100)).toBe(U24);
    expect(uniformFromWord(0xffffffff)).toBe(1 - U24);
    expect(openUniformFromWord(0)).toBe(U24);
    expect(openUniformFromWord(0xffffffff)).toBe(1);
  });

  it('are exactly representable in f32 (so WGSL produces the same values)', () => {
    const rng = new PhiloxStream(1, Stream.test);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.nextU32();
      expect(Math.fround(uniformFromWord(x))).toBe(uniformFromWord(x));
      expect(Math.fround(1 - uniformFromWord(x))).toBe(1 - uniformFromWord(x));
      expect(Math.fround(openUniformFromWord(x))).toBe(openUniformFromWord(x));
    }
  });
});

describe('exponential and normal transforms', () => {
  it('invert the exponential CDF and stay finite at the extremes', () => {
    expect(exponentialFromWord(0)).toBe(-0);
    expect(exponentialFromWord(0xffffffff)).toBeCloseTo(24 * Math.LN2, 12);
    expect(exponentialFromWord(0xffffffff, 4)).toBeCloseTo(6 * Math.LN2, 12);
    const u = uniformFromWord(0x80000000);
    expect(exponentialFromWord(0x80000000, 2)).toBeCloseTo(-Math.log(1 - u) / 2, 15);
  });

  it('is Box–Muller with the cosine branch', () => {
    // u1 = 1 gives radius 0; u2 = 0 gives cos = 1 with u1 = 2^-24 the largest radius.
    expect(normalFromWords(0xffffffff, 0x12345678)).toBeCloseTo(0, 12);
    expect(normalFromWords(0, 0)).toBeCloseTo(Math.sqrt(48 * Math.LN2), 12);
    expect(normalFromWords(0, 0x80000000)).toBeCloseTo(-Math.sqrt(48 * Math.LN2), 12);
  });
});

describe('integer Bernoulli thresholds', () => {
  it('are floor(p·2^32), with p = 1 always and p = 0 never', () => {
    expect(bernoulliThreshold(0)).toBe(0);
    expect(bernoulliThreshold(0.5)).toBe(2 ** 31);
    expect(bernoulliThreshold(0.3)).toBe(Math.floor(0.3 * 2 ** 32));
    expect(bernoulliThreshold(1)).toBe(2 ** 32);
    expect(bernoulliFromWord(0xffffffff, bernoulliThreshold(1))).toBe(true);
    expect(bernoulliFromWord(0, bernoulliThreshold(0))).toBe(false);
    expect(bernoulliFromWord(2 ** 31 - 1, bernoulliThreshold(0.5))).toBe(true);
    expect(bernoulliFromWord(2 ** 31, bernoulliThreshold(0.5))).toBe(false);
    for (const bad of [-0.1, 1.5, Number.NaN]) expect(() => bernoulliThreshold(bad)).toThrow(RangeError);
  });

  it('encode 2^32 + 1 thresholds in two u32 words for WGSL', () => {
    expect(bernoulliThresholdWords(0)).toEqual([0, 0]);
    expect(bernoulliThresholdWords(0.25)).toEqual([2 ** 30, 0]);
    expect(bernoulliThresholdWords(1)).toEqual([0, 1]);
    // The largest p below 1 still has a u32 threshold.
    expect(bernoulliThresholdWords(1 - 2 ** -53)).toEqual([2 ** 32 - 1, 0]);
  });
});

describe('PhiloxStream draws', () => {
  it('consume one word per uniform, exponential and Bernoulli draw and two per normal', () => {
    const words = new PhiloxStream(42, Stream.test, 3, 9);
    const draws = new PhiloxStream(42, Stream.test, 3, 9);
    const t = bernoulliThreshold(0.4);
    for (let i = 0; i < 200; i++) {
      expect(draws.uniform()).toBe(uniformFromWord(words.nextU32()));
      expect(draws.exponential(3)).toBe(exponentialFromWord(words.nextU32(), 3));
      const x1 = words.nextU32();
      expect(draws.normal()).toBe(normalFromWords(x1, words.nextU32()));
      expect(draws.bernoulli(t)).toBe(bernoulliFromWord(words.nextU32(), t));
    }
  });
});

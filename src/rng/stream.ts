import { seedKey, streamWord } from './counters.js';
import { bernoulliFromWord, exponentialFromWord, normalFromWords, uniformFromWord } from './distributions.js';
import { philox4x32 } from './philox.js';

export { U24 } from './distributions.js';

/**
 * A sequential reader over one Philox sequence (fixed key, stream word, cell and trial; lane counts up). Used for
 * host-side randomness such as code construction and random orderings, where a reproducible sequence is needed but
 * not per-trial parallelism. Draws are the same words the GPU would produce at the same counters.
 */
export class PhiloxStream {
  private readonly k0: number;
  private readonly k1: number;
  private readonly c3: number;
  private readonly block = new Uint32Array(4);
  private lane = 0;
  private index = 4;

  constructor(
    seed: number | bigint,
    stream: number,
    private readonly cell = 0,
    private trial = 0,
    round = 0,
  ) {
    [this.k0, this.k1] = seedKey(seed);
    this.c3 = streamWord(stream, round);
  }

  /** Starts over at lane 0 of another trial's sequence (same key, stream, cell and round), without a new reader. */
  restart(trial: number): this {
    this.trial = trial;
    this.lane = 0;
    this.index = 4;
    return this;
  }

  /** Next raw u32 word. */
  nextU32(): number {
    if (this.index === 4) {
      philox4x32(this.lane, this.trial, this.cell, this.c3, this.k0, this.k1, this.block);
      this.lane = (this.lane + 1) >>> 0;
      this.index = 0;
    }
    return this.block[this.index++];
  }

  /** Uniform in [0, 1) with 24-bit resolution: (x >>> 8)·2⁻²⁴. */
  uniform(): number {
    return uniformFromWord(this.nextU32());
  }

  /** Standard normal by Box–Muller on two 24-bit uniforms (u1 shifted into (0, 1] so the log is finite). */
  normal(): number {
    const x1 = this.nextU32();
    return normalFromWords(x1, this.nextU32());
  }

  /** Exponential with the given rate by inversion, −log(1 − u)/rate (one word). */
  exponential(rate = 1): number {
    return exponentialFromWord(this.nextU32(), rate);
  }

  /** Bernoulli draw against an integer threshold from `bernoulliThreshold(p)` (one word). */
  bernoulli(threshold: number): boolean {
    return bernoulliFromWord(this.nextU32(), threshold);
  }

  /** Uniform integer in [0, n) by rejection (unbiased). */
  integer(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`integer(n): n = ${n}`);
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[] | Int32Array): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t as never;
    }
  }
}

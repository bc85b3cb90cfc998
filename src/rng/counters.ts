/**
 * The one Philox counter layout used by every random draw in gradcode, on both backends.
 *
 *   key     = (seed_lo, seed_hi)                      — the user's seed (u64 as two u32 words)
 *   counter = (lane, trial, cell, stream_word)         — words c0, c1, c2, c3
 *   stream_word = (stream << 24) | round               — stream: what is drawn (below); round: iteration / round index
 *
 * `lane` numbers the Philox blocks inside one (stream, round, cell, trial); each block yields four u32 words, so word w
 * of that sequence is word (w & 3) of block lane = w >> 2. Shaders get the same constants generated from this file
 * (see `wgslCounterConstants`), so the layout lives in exactly one place.
 */
export const Stream = {
  /** Per-(worker, position) chunk processing times. */
  chunkTimes: 1,
  /** Per-worker speed factors drawn from a distribution. */
  workerSpeed: 2,
  /** Per-worker failure (Bernoulli) draws. */
  failures: 3,
  /** Fixed-size random straggler sets. */
  stragglerSet: 4,
  /** Bimodal partial stragglers: which workers are slowed. */
  slowWorkers: 5,
  /** Bursty straggler state per round. */
  bursty: 6,
  /** Construction-time randomness of codes (CRC's H, random graphs, random codes). */
  construction: 16,
  /** Random chunk orderings. */
  ordering: 17,
  /** Dataset generation. */
  dataset: 18,
  /** Random coefficients of the partial protocol's per-chunk messages. */
  messageCoefficients: 19,
  /** Test-only streams. */
  test: 255,
} as const;

export type StreamName = keyof typeof Stream;

/** Largest round index that fits in the 24-bit round field of the stream word. */
export const MAX_ROUND = 0xffffff;

/** Packs a stream id and a round index into counter word c3. */
export function streamWord(stream: number, round = 0): number {
  if (!Number.isInteger(round) || round < 0 || round > MAX_ROUND)
    throw new RangeError(`round ${round} outside 0..${MAX_ROUND}`);
  return ((stream << 24) | round) >>> 0;
}

/** Splits a non-negative integer seed (< 2^53) into the (lo, hi) key words. */
export function seedKey(seed: number | bigint): [number, number] {
  const s = BigInt(seed);
  if (s < 0n || s >= 1n << 64n) throw new RangeError(`seed ${seed} outside 0..2^64-1`);
  return [Number(s & 0xffffffffn), Number((s >> 32n) & 0xffffffffn)];
}

/** WGSL constant declarations for the stream ids, injected into shaders by the loader. */
export function wgslCounterConstants(): string {
  const lines = Object.entries(Stream).map(
    ([name, id]) => `const STREAM_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}: u32 = ${id}u;`,
  );
  return lines.join('\n');
}

/**
 * Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11), bit-identical to
 * `shaders/lib/philox.wgsl`. Verified against the Random123 known-answer vectors (test/rng/philox.test.ts).
 *
 * A block maps a 128-bit counter and a 64-bit key to four 32-bit words. No state: the counter layout in
 * `counters.ts` gives every (stream, cell, trial, lane) its own counter, so any batch size, shard or backend draws the
 * same numbers.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product a·b of two u32 values, computed with 16-bit halves (no BigInt, no u64). */
export function mulhi32(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * Philox4x32 with `rounds` rounds (10 is the standard). Writes the four output words into `out[offset..offset+3]`.
 * The key is bumped by the Weyl constants between rounds.
 */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  offset = 0,
  rounds = 10,
): void {
  c0 >>>= 0;
  c1 >>>= 0;
  c2 >>>= 0;
  c3 >>>= 0;
  k0 >>>= 0;
  k1 >>>= 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
  }
  out[offset] = c0;
  out[offset + 1] = c1;
  out[offset + 2] = c2;
  out[offset + 3] = c3;
}

/**
 * Fills `out[0..count)` with words `firstWord … firstWord + count − 1` of one Philox sequence: counter
 * (lane, c1, c2, c3) under key (k0, k1), where word w comes from lane ⌊w/4⌋ (mod 2³²), position w mod 4 — the same
 * order as {@link PhiloxStream} and the WGSL kernels. `firstWord` may be any integer in [0, 2³⁴).
 */
export function philoxSequence(
  k0: number,
  k1: number,
  c1: number,
  c2: number,
  c3: number,
  firstWord: number,
  count: number,
  out: Uint32Array,
  rounds = 10,
): void {
  const block = new Uint32Array(4);
  let w = 0;
  let lane = Math.floor(firstWord / 4);
  let pos = firstWord - lane * 4;
  while (w < count) {
    philox4x32(lane >>> 0, c1, c2, c3, k0, k1, block, 0, rounds);
    for (; pos < 4 && w < count; pos++) out[w++] = block[pos];
    pos = 0;
    lane++;
  }
}

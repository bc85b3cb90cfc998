// Philox4x32 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11), bit-identical to
// src/rng/philox.ts and checked against the Random123 known-answer vectors (test/engine/philox-words.gpu.test.ts).
// WGSL has no u64: the high half of a 32×32-bit product is assembled from 16-bit halves.
//
// Counter layout (src/rng/counters.ts): key = (seed_lo, seed_hi); counter = (lane, trial, cell, stream << 24 | round).
//! include gen:counters

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;

// High 32 bits of the 64-bit product a·b.
fn mulhi32(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xFFFFu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xFFFFu;
  let b_hi = b >> 16u;
  let lh = a_lo * b_hi;
  let hl = a_hi * b_lo;
  let mid = ((a_lo * b_lo) >> 16u) + (lh & 0xFFFFu) + (hl & 0xFFFFu);
  return a_hi * b_hi + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

// Philox4x32 with `rounds` rounds; the key is bumped by the Weyl constants before rounds 2, 3, …
fn philox4x32_rounds(counter: vec4<u32>, key: vec2<u32>, rounds: u32) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var r = 0u; r < rounds; r++) {
    if (r > 0u) {
      k = k + vec2<u32>(PHILOX_W0, PHILOX_W1);
    }
    let hi0 = mulhi32(PHILOX_M0, c.x);
    let lo0 = PHILOX_M0 * c.x;
    let hi1 = mulhi32(PHILOX_M1, c.z);
    let lo1 = PHILOX_M1 * c.z;
    c = vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
  }
  return c;
}

// Philox4x32-10, the standard variant.
fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  return philox4x32_rounds(counter, key, 10u);
}

// Counter word c3: stream id in the top 8 bits, round index in the low 24.
fn stream_word(stream: u32, round: u32) -> u32 {
  return (stream << 24u) | round;
}

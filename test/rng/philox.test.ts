import { describe, expect, it } from 'vitest';
import { Stream, seedKey, streamWord } from '../../src/rng/counters.js';
import { mulhi32, philox4x32, philoxSequence } from '../../src/rng/philox.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { PHILOX_KATS } from '../engine/support/philox-kats.js';

describe('Philox4x32 known-answer vectors (Random123 kat_vectors)', () => {
  for (const kat of PHILOX_KATS) {
    it(`${kat.rounds} rounds, ctr ${kat.counter.map((x) => x.toString(16)).join(' ')}`, () => {
      const out = new Uint32Array(4);
      philox4x32(...kat.counter, ...kat.key, out, 0, kat.rounds);
      expect([...out]).toEqual(kat.expected);
    });
  }
});

describe('mulhi32', () => {
  it('equals the high word of the exact 64-bit product', () => {
    const rng = new PhiloxStream(7, Stream.test);
    const cases: [number, number][] = [
      [0, 0],
      [0xffffffff, 0xffffffff],
      [0xd2511f53, 0xffffffff],
      [0x10000, 0x10000],
      [0xffff, 0xffff],
    ];
    for (let i = 0; i < 2000; i++) cases.push([rng.nextU32(), rng.nextU32()]);
    for (const [a, b] of cases) expect(mulhi32(a, b)).toBe(Number((BigInt(a) * BigInt(b)) >> 32n));
  });
});

describe('philoxSequence', () => {
  const [k0, k1] = seedKey(0x123456789abcn);
  const c3 = streamWord(Stream.test, 5);

  it('lays out words lane by lane, four per block, as PhiloxStream reads them', () => {
    const words = new Uint32Array(103);
    philoxSequence(k0, k1, 11, 22, c3, 0, words.length, words);
    const stream = new PhiloxStream(0x123456789abcn, Stream.test, 22, 11, 5);
    for (let i = 0; i < words.length; i++) expect(words[i]).toBe(stream.nextU32());
  });

  it('gives the same words from any starting word', () => {
    const all = new Uint32Array(64);
    philoxSequence(k0, k1, 1, 2, c3, 0, 64, all);
    for (const [start, count] of [
      [1, 10],
      [3, 1],
      [4, 8],
      [7, 57],
      [63, 1],
    ]) {
      const part = new Uint32Array(count);
      philoxSequence(k0, k1, 1, 2, c3, start, count, part);
      expect([...part]).toEqual([...all.subarray(start, start + count)]);
    }
  });

  it('reads lanes past 2^32 modulo 2^32', () => {
    const wrapped = new Uint32Array(4);
    philoxSequence(k0, k1, 0, 0, c3, 4 * 2 ** 32 + 4, 4, wrapped);
    const lane1 = new Uint32Array(4);
    philox4x32(1, 0, 0, c3, k0, k1, lane1);
    expect([...wrapped]).toEqual([...lane1]);
  });
});

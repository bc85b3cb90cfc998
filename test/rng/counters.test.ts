import { describe, expect, it } from 'vitest';
import { MAX_ROUND, Stream, seedKey, streamWord, wgslCounterConstants } from '../../src/rng/counters.js';

describe('counter layout', () => {
  it('splits seeds into (lo, hi) key words', () => {
    expect(seedKey(0)).toEqual([0, 0]);
    expect(seedKey(0xffffffff)).toEqual([0xffffffff, 0]);
    expect(seedKey(2 ** 32)).toEqual([0, 1]);
    expect(seedKey(0x0123456789abcdefn)).toEqual([0x89abcdef, 0x01234567]);
    expect(() => seedKey(-1)).toThrow(RangeError);
    expect(() => seedKey(1n << 64n)).toThrow(RangeError);
  });

  it('packs the stream id above a 24-bit round index', () => {
    expect(streamWord(Stream.chunkTimes)).toBe(0x01000000);
    expect(streamWord(Stream.test, MAX_ROUND)).toBe(0xffffffff);
    expect(streamWord(3, 5)).toBe(0x03000005);
    expect(() => streamWord(1, MAX_ROUND + 1)).toThrow(RangeError);
    expect(() => streamWord(1, -1)).toThrow(RangeError);
  });

  it('gives every stream a distinct id that fits in 8 bits', () => {
    const ids = Object.values(Stream);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id >= 0 && id < 256).toBe(true);
  });

  it('generates one WGSL constant per stream', () => {
    const wgsl = wgslCounterConstants();
    expect(wgsl).toContain('const STREAM_CHUNK_TIMES: u32 = 1u;');
    expect(wgsl).toContain('const STREAM_MESSAGE_COEFFICIENTS: u32 = 19u;');
    expect(wgsl.split('\n')).toHaveLength(Object.keys(Stream).length);
  });
});

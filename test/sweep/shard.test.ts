import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { formatShard, inShard, parseShard, parseShardTag, shardCells, shardTag } from '../../src/store/shard.js';
import { specs } from './cli-helpers.js';

/** mulberry32: a small seeded generator for the property test. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseShard', () => {
  it('accepts i/N with 0 ≤ i < N', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard(' 12 / 100 ')).toEqual({ index: 12, count: 100 });
  });

  it.each(['5/4', '4/4', '-1/3', '1/0', '0/0', 'a/b', '1/2/3', '', '1', '1.5/4', '0x1/4', '1/-4'])(
    'rejects %j as bad input on --shard',
    (text) => {
      expect(() => parseShard(text)).toThrow(InputError);
      try {
        parseShard(text);
      } catch (e) {
        expect((e as InputError).field).toBe('--shard');
      }
    },
  );

  it('tags round-trip', () => {
    expect(shardTag({ index: 2, count: 8 })).toBe('2-of-8');
    expect(parseShardTag('2-of-8')).toEqual({ index: 2, count: 8 });
    expect(parseShardTag('8-of-8')).toBeNull();
    expect(parseShardTag('x-of-8')).toBeNull();
    expect(formatShard({ index: 1, count: 3 })).toBe('1/3');
  });
});

describe('shards partition a sweep (property)', () => {
  it('for random cell counts and shard counts: disjoint, covering, each cell in exactly the shard index % N', () => {
    const random = rng(20261122);
    for (let trial = 0; trial < 300; trial++) {
      const cells = Array.from({ length: Math.floor(random() * 200) }, (_, index) => ({ index }));
      const count = 1 + Math.floor(random() * 40);
      const owner = new Map<number, number>();
      for (let i = 0; i < count; i++) {
        const share = shardCells(cells, { index: i, count });
        expect(share.every((c, k) => k === 0 || c.index > share[k - 1].index)).toBe(true); // index order
        for (const c of share) {
          expect(owner.has(c.index)).toBe(false); // no overlap
          owner.set(c.index, i);
        }
        // balanced: sizes differ by at most one
        expect(Math.abs(share.length - cells.length / count)).toBeLessThan(1);
      }
      expect(owner.size).toBe(cells.length); // cover
      for (const c of cells) {
        expect(owner.get(c.index)).toBe(c.index % count);
        expect(inShard(c.index, { index: c.index % count, count })).toBe(true);
      }
    }
  });

  it('holds on a real expanded spec', () => {
    const loaded = loadSpecFile(`${specs}/tiny.yaml`);
    const all = loaded.cells.map((c) => c.index);
    for (const count of [1, 2, 3, 4, 6, 7]) {
      const union = Array.from({ length: count }, (_, index) => shardCells(loaded.cells, { index, count }))
        .flat()
        .map((c) => c.index)
        .sort((a, b) => a - b);
      expect(union).toEqual(all);
    }
  });
});

import { InputError } from '../errors.js';
import { LIMITS } from '../limits/limits.js';

/** A static share of a sweep: the cells whose index c satisfies c mod count = index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The whole sweep as one shard (what `run` and an unsharded `sweep` execute). */
export const WHOLE_SWEEP: Shard = { index: 0, count: 1 };

/** Largest shard count accepted (limits.shards; a SLURM array larger than this is a typo). */
export const MAX_SHARDS = LIMITS.shards.value;

/**
 * Parses `--shard i/N` (0 ≤ i < N, N ≥ 1). Anything else — `5/4`, `-1/3`, `1/0`, `a/b`, `1/2/3` — is an
 * {@link InputError} on `field`.
 */
export function parseShard(text: string, field = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError(field, `expected i/N with 0 ≤ i < N (e.g. 0/4), got "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!(count >= 1 && count <= MAX_SHARDS))
    throw new InputError(field, `the shard count N must be between 1 and ${MAX_SHARDS} (limits.shards), got "${text}"`);
  if (!(index < count))
    throw new InputError(field, `the shard index i must be below N (0 ≤ i < ${count}), got "${text}"`);
  return { index, count };
}

/** Whether cell `cellIndex` belongs to `shard`. */
export function inShard(cellIndex: number, shard: Shard): boolean {
  return cellIndex % shard.count === shard.index;
}

/** The cells of a shard, in index order. Shards of one count partition the sweep: disjoint, and together all. */
export function shardCells<T extends { readonly index: number }>(cells: readonly T[], shard: Shard): T[] {
  return cells.filter((c) => inShard(c.index, shard));
}

/** File-name tag of a shard: `0-of-1`, `3-of-8`. */
export function shardTag(shard: Shard): string {
  return `${shard.index}-of-${shard.count}`;
}

/** Parses a {@link shardTag}; null when `tag` is not one. */
export function parseShardTag(tag: string): Shard | null {
  const m = /^(\d+)-of-(\d+)$/.exec(tag);
  if (!m) return null;
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  return shard.count >= 1 && shard.index < shard.count ? shard : null;
}

/** Human form `i/N`. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

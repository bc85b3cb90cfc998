import type { CellRecord } from './cell-record.js';
import { listShards, shardLogPath } from './layout.js';
import type { ResolvedSpecFile } from './resolved-spec.js';
import type { Shard } from './shard.js';
import { formatShard } from './shard.js';
import { readShardLog, recordIdentity } from './shard-log.js';

/** The records of one shard log. */
export interface ShardRecords {
  readonly dir: string;
  readonly shard: Shard;
  readonly path: string;
  readonly records: CellRecord[];
}

/**
 * Reads every shard log of a results directory, checking each record against the stored spec (spec hash, cell id of
 * its index, and that the cell belongs to the shard). A torn last line is ignored here (resume cuts it).
 */
export function collectShardRecords(dir: string, spec: ResolvedSpecFile): ShardRecords[] {
  return listShards(dir).map((shard) => {
    const ids = new Map(spec.cells.filter((c) => c.index % shard.count === shard.index).map((c) => [c.index, c.id]));
    const path = shardLogPath(dir, shard);
    return { dir, shard, path, records: readShardLog(path, spec.specHash, ids).records };
  });
}

/**
 * Cells found in more than one shard log **with different results**: index → the logs holding it. A cell logged in
 * two logs with identical results (see `recordIdentity`; e.g. a shard run twice under two shard counts) is not an
 * overlap: it is merged once.
 */
export function overlappingCells(logs: readonly ShardRecords[]): Map<number, string[]> {
  const where = new Map<number, { paths: string[]; identities: Set<string> }>();
  for (const log of logs)
    for (const r of log.records) {
      const entry = where.get(r.index) ?? { paths: [], identities: new Set<string>() };
      entry.paths.push(log.path);
      entry.identities.add(recordIdentity(r));
      where.set(r.index, entry);
    }
  return new Map([...where].filter(([, e]) => e.identities.size > 1).map(([index, e]) => [index, e.paths]));
}

/** A short list of cell indices (`3, 7, 11 and 40 more`). */
export function listIndices(indices: readonly number[], max = 8): string {
  const head = indices.slice(0, max).join(', ');
  return indices.length > max ? `${head} and ${indices.length - max} more` : head;
}

/** The shards (of the counts present) that own the given cells, formatted `i/N`. */
export function owningShards(indices: readonly number[], counts: readonly number[]): string {
  const n = counts.length ? Math.max(...counts) : 1;
  return [...new Set(indices.map((i) => formatShard({ index: i % n, count: n })))].join(', ');
}

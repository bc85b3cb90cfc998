import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { CellRecord } from './cell-record.js';
import {
  collectShardRecords,
  listIndices,
  overlappingCells,
  owningShards,
  type ShardRecords,
} from './collect-records.js';
import { resultsFile, shardProvenancePath, sourceSpecPath } from './layout.js';
import { readProvenance, resultsProvenance, type ShardProvenance, writeProvenance } from './provenance.js';
import { type ResolvedSpecFile, readResolvedSpec } from './resolved-spec.js';
import { sweepAxes } from './tidy-rows.js';
import { writeResultsTables } from './write-tables.js';

/** What {@link mergeResults} wrote. */
export interface MergeSummary {
  readonly out: string;
  readonly specHash: string;
  readonly cells: number;
  /** Shard logs merged, as `DIR/shards/i-of-N.jsonl`. */
  readonly logs: string[];
  readonly tables: { readonly cells: string; readonly curve: string };
}

/**
 * Combines the shard logs of one or more results directories into complete results in `out`: `cells.parquet`,
 * `curve.parquet` (byte-identical to an unsharded run of the same spec), `spec.resolved.json` and a merge
 * `provenance.json` listing every shard's sessions. Refused (InputError) when the directories hold different sweeps
 * (spec hashes), when a cell appears in two logs (overlapping shards), or when cells are missing (naming them and
 * the shards that own them). `out` may be one of the inputs.
 */
export function mergeResults(inputs: readonly string[], out: string): MergeSummary {
  if (inputs.length === 0) throw new InputError('DIR', 'give at least one results directory to merge');
  const dirs = [...new Map(inputs.map((d) => [existsSync(d) ? realpathSync(d) : resolve(d), d])).values()];
  const specs = dirs.map((d) => readResolvedSpec(d));
  const spec = specs[0];
  specs.forEach((s, k) => {
    if (s.specHash !== spec.specHash) {
      throw new InputError(
        dirs[k],
        `holds a different sweep than ${dirs[0]} (spec hash ${s.specHash.slice(0, 12)}… vs ${spec.specHash.slice(0, 12)}…); only shards of one spec can be merged`,
      );
    }
  });
  const logs: ShardRecords[] = dirs.flatMap((d) => collectShardRecords(d, spec));
  const overlaps = overlappingCells(logs);
  if (overlaps.size > 0) {
    const [first, paths] = [...overlaps][0];
    throw new InputError(
      'DIR',
      `${overlaps.size} cell(s) appear in more than one shard log (cells ${listIndices([...overlaps.keys()])}; cell ${first} in ${paths.join(' and ')}); merge each shard once`,
    );
  }
  const records = new Map<number, CellRecord>();
  for (const log of logs) for (const r of log.records) records.set(r.index, r);
  const missing = spec.cells.map((c) => c.index).filter((i) => !records.has(i));
  if (missing.length > 0) {
    const counts = [...new Set(logs.map((l) => l.shard.count))];
    throw new InputError(
      'DIR',
      `${missing.length} of ${spec.cells.length} cells are missing (cells ${listIndices(missing)}, of shard(s) ` +
        `${owningShards(missing, counts)}); finish them with \`gradcode resume DIR --shard i/N\` (or re-run those array tasks), then merge again`,
    );
  }
  mkdirSync(out, { recursive: true });
  recordMergedSpec(out, dirs[0], spec);
  const ordered = spec.cells.map((c) => records.get(c.index)!);
  const tables = writeResultsTables(out, ordered, sweepAxes(spec.cells), spec.specHash);
  const shardProvenances = logs
    .map((l) => readProvenance<ShardProvenance>(shardProvenancePath(l.dir, l.shard)))
    .filter((p): p is ShardProvenance => p !== null);
  writeProvenance(
    resultsFile(out, 'provenance'),
    resultsProvenance(
      'merge',
      shardProvenances,
      { name: spec.name, seed: String(spec.spec.seed), specHash: spec.specHash },
      dirs,
    ),
  );
  return { out, specHash: spec.specHash, cells: ordered.length, logs: logs.map((l) => l.path), tables };
}

/** Copies the spec files into `out` unless it already holds them (the same sweep; another one is refused). */
function recordMergedSpec(out: string, from: string, spec: ResolvedSpecFile): void {
  const target = resultsFile(out, 'resolvedSpec');
  if (existsSync(target)) {
    const existing = readResolvedSpec(out);
    if (existing.specHash !== spec.specHash)
      throw new InputError(
        '--out',
        `${out} holds results of a different sweep (spec hash ${existing.specHash.slice(0, 12)}…)`,
      );
    return;
  }
  writeFileAtomic(target, readFileSync(resultsFile(from, 'resolvedSpec')));
  const source = sourceSpecPath(from, spec.source.format);
  if (existsSync(source)) writeFileAtomic(sourceSpecPath(out, spec.source.format), readFileSync(source));
}

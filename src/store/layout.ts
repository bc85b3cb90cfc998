import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecFormat } from '../spec/parse-spec-text.js';
import { parseShardTag, type Shard, shardTag } from './shard.js';

/**
 * File names of a results directory (documented in docs/results-schema.md):
 *
 * ```
 * DIR/spec.resolved.json         validated spec, every cell with defaults filled, spec hash (shared by all shards)
 * DIR/spec.source.yaml|json      the spec file as given
 * DIR/provenance.json            provenance of the complete results (unsharded run, or merge)
 * DIR/cells.parquet              one row per cell       (trials; written when every cell is done)
 * DIR/curve.parquet              one row per (cell, T)  (trials; written when every cell is done)
 * DIR/train.parquet              one row per (run, scheme, path, k)   (training; when every run is done)
 * DIR/schemes.parquet            one row per (run, scheme, path)      (training; when every run is done)
 * DIR/shards/<i>-of-<N>.jsonl    append-only log of shard i: one line per completed cell (timings included)
 * DIR/shards/<i>-of-<N>.provenance.json   the shard's provenance and its run sessions
 * DIR/plots/<name>.svg|png|pdf   the spec's `plots`, drawn when the results are complete
 * DIR/.gradcode-results.json     marker: a results directory gradcode created (results-dir.ts)
 * DIR/pins.json                  pinned backend and referenced-file hashes (pins.ts)
 * DIR/locks/<name>.lock          the lock of a writing session (results-lock.ts)
 * ```
 */
export const RESULTS_FILES = {
  resolvedSpec: 'spec.resolved.json',
  provenance: 'provenance.json',
  cells: 'cells.parquet',
  curve: 'curve.parquet',
  train: 'train.parquet',
  schemes: 'schemes.parquet',
  shards: 'shards',
  plots: 'plots',
} as const;

/** Path of a top-level file of the results directory. */
export function resultsFile(dir: string, name: keyof typeof RESULTS_FILES): string {
  return join(dir, RESULTS_FILES[name]);
}

/** The copy of the spec file as given. */
export function sourceSpecPath(dir: string, format: SpecFormat): string {
  return join(dir, `spec.source.${format}`);
}

/** Path (without extension) of one of the spec's plots. */
export function plotBasePath(dir: string, name: string): string {
  return join(dir, RESULTS_FILES.plots, name);
}

/** The append-only JSON Lines log of a shard. */
export function shardLogPath(dir: string, shard: Shard): string {
  return join(dir, RESULTS_FILES.shards, `${shardTag(shard)}.jsonl`);
}

/** The provenance file of a shard. */
export function shardProvenancePath(dir: string, shard: Shard): string {
  return join(dir, RESULTS_FILES.shards, `${shardTag(shard)}.provenance.json`);
}

/** The shards that have a log or a provenance file in `dir`, sorted by count then index. */
export function listShards(dir: string): Shard[] {
  const shardsDir = join(dir, RESULTS_FILES.shards);
  if (!existsSync(shardsDir)) return [];
  const tags = new Set<string>();
  for (const name of readdirSync(shardsDir)) {
    const m = /^(\d+-of-\d+)\.(jsonl|provenance\.json)$/.exec(name);
    if (m) tags.add(m[1]);
  }
  return [...tags]
    .map(parseShardTag)
    .filter((s): s is Shard => s !== null)
    .sort((a, b) => a.count - b.count || a.index - b.index);
}

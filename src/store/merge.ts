import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { removeLeftoverTempFiles } from './leftovers.js';
import { checkInputPins, type MergeInputOptions, mergeInputs, refuseMixedBackends } from './merge-inputs.js';
import { PINS_FILE, readPins } from './pins.js';
import {
  type ResultsProvenance,
  readProvenance,
  resultsProvenance,
  type ShardProvenance,
  writeProvenance,
} from './provenance.js';
import { holdsResolvedSpec, type ResolvedSpecFile, readResolvedSpec } from './resolved-spec.js';
import { claimResultsDir, inspectResultsDir } from './results-dir.js';
import { acquireResultsLock } from './results-lock.js';
import { checkStoredTables } from './table-check.js';
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
  /** False when `out` already held these complete results with intact tables (nothing was written). */
  readonly written: boolean;
}

/** Options of {@link mergeResults}. */
export interface MergeOptions extends MergeInputOptions {}

/**
 * Combines the shard logs of one or more results directories into complete results in `out`: `cells.parquet`,
 * `curve.parquet` (byte-identical to an unsharded run of the same spec), `spec.resolved.json`, `pins.json` and a merge
 * `provenance.json` listing every shard's sessions. Refused (InputError) when the directories hold different sweeps
 * (spec hashes), different pinned files, or — unless `allowMixedBackends` — cells of different backends; when a cell
 * appears in two logs with different results (identical repeats are merged once); or when cells are missing (naming
 * them and the shards that own them). `out` may be one of the inputs; it is claimed (a foreign non-empty directory is
 * refused) and locked while written, and complete results already there with intact tables are not rewritten.
 */
export async function mergeResults(
  inputs: readonly string[],
  out: string,
  options: MergeOptions = {},
): Promise<MergeSummary> {
  const { dirs, spec } = mergeInputs(inputs, {
    kind: 'sweep',
    readSpec: readResolvedSpec,
    adopt: holdsResolvedSpec,
    noun: 'sweep',
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
  const pins = checkInputPins(dirs, options);
  const records = new Map<number, CellRecord>();
  for (const log of logs) for (const r of log.records) if (!records.has(r.index)) records.set(r.index, r);
  refuseMixedBackends(records.values(), 'cells', options);
  const missing = spec.cells.map((c) => c.index).filter((i) => !records.has(i));
  if (missing.length > 0) {
    const counts = [...new Set(logs.map((l) => l.shard.count))];
    throw new InputError(
      'DIR',
      `${missing.length} of ${spec.cells.length} cells are missing (cells ${listIndices(missing)}, of shard(s) ` +
        `${owningShards(missing, counts)}); finish them with \`gradcode resume DIR --shard i/N\` (or re-run those array tasks), then merge again`,
    );
  }
  const ordered = spec.cells.map((c) => records.get(c.index)!);
  const summary = (tables: MergeSummary['tables'], written: boolean): MergeSummary => ({
    out,
    specHash: spec.specHash,
    cells: ordered.length,
    logs: logs.map((l) => l.path),
    tables,
    written,
  });
  inspectResultsDir(out, 'sweep', { field: '--out', adopt: holdsResolvedSpec, readOnly: true });
  if (existsSync(resultsFile(out, 'resolvedSpec'))) checkMergeTarget(out, spec);
  const previous = readProvenance<ResultsProvenance>(resultsFile(out, 'provenance'));
  const intact = (await checkStoredTables(out, spec.specHash, ordered.length)).state === 'intact';
  if (intact && previous?.status === 'complete' && sameInputs(previous, dirs))
    return summary({ cells: resultsFile(out, 'cells'), curve: resultsFile(out, 'curve') }, false);
  claimResultsDir(out, 'sweep', { adopt: holdsResolvedSpec });
  const lock = acquireResultsLock(out, 'merge', { field: '--out' });
  try {
    removeLeftoverTempFiles(out);
    recordMergedSpec(out, dirs[0], spec);
    if (pins && !readPins(out)) writeFileAtomic(join(out, PINS_FILE), `${JSON.stringify(pins, null, 2)}\n`);
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
    return summary(tables, true);
  } finally {
    lock.release();
  }
}

/** Whether a merge provenance lists exactly these input directories. */
function sameInputs(provenance: ResultsProvenance, dirs: readonly string[]): boolean {
  const a = [...(provenance.inputs ?? [])].sort();
  const b = [...dirs].sort();
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

/** Refuses an `--out` directory that holds another sweep. */
function checkMergeTarget(out: string, spec: ResolvedSpecFile): void {
  const existing = readResolvedSpec(out);
  if (existing.specHash !== spec.specHash)
    throw new InputError(
      '--out',
      `${out} holds results of a different sweep (spec hash ${existing.specHash.slice(0, 12)}…)`,
    );
}

/** Copies the spec files into `out` unless it already holds them (the same sweep; another one is refused). */
function recordMergedSpec(out: string, from: string, spec: ResolvedSpecFile): void {
  const target = resultsFile(out, 'resolvedSpec');
  if (existsSync(target)) {
    checkMergeTarget(out, spec);
    return;
  }
  writeFileAtomic(target, readFileSync(resultsFile(from, 'resolvedSpec')));
  const source = sourceSpecPath(from, spec.source.format);
  if (existsSync(source)) writeFileAtomic(sourceSpecPath(out, spec.source.format), readFileSync(source));
}

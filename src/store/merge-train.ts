import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { listIndices } from './collect-records.js';
import { listShards, resultsFile, shardProvenancePath, sourceSpecPath } from './layout.js';
import { removeLeftoverTempFiles } from './leftovers.js';
import { checkInputPins, mergeInputs, refuseMixedBackends } from './merge-inputs.js';
import { PINS_FILE, readPins } from './pins.js';
import { readProvenance, resultsProvenance, type ShardProvenance, writeProvenance } from './provenance.js';
import { holdsResolvedTrainSpec, type ResolvedTrainFile, readResolvedTrainSpec } from './resolved-train.js';
import { claimResultsDir, inspectResultsDir } from './results-dir.js';
import { acquireResultsLock } from './results-lock.js';
import { sweepAxes } from './tidy-rows.js';
import { collectTrainRecords, trainUnitKey } from './train-log.js';
import type { TrainRecord } from './train-record.js';
import { writeTrainTables } from './train-tables.js';

/** What {@link mergeTrainResults} wrote. */
export interface TrainMergeSummary {
  readonly out: string;
  readonly specHash: string;
  /** (run, scheme) units merged. */
  readonly units: number;
  readonly logs: string[];
  readonly tables: { readonly train: string; readonly schemes: string };
}

/** The (run, scheme) units a stored training spec has. */
function expectedUnits(spec: ResolvedTrainFile): string[] {
  return spec.cells.flatMap((c) => {
    const schemes = (c.spec as { schemes?: unknown[] }).schemes;
    const n = Array.isArray(schemes) ? schemes.length : 1;
    return Array.from({ length: n }, (_, j) => trainUnitKey(c.index, j));
  });
}

/**
 * Combines the shard logs of training results directories into complete results in `out` (train.parquet,
 * schemes.parquet — byte-identical to an unsharded run — spec.resolved.json and a merge provenance.json), as
 * `mergeResults` does for trials. Refused (InputError) for directories of different sweeps, a unit in two logs, or
 * missing units (named).
 */
export function mergeTrainResults(
  inputs: readonly string[],
  out: string,
  options: { readonly allowMixedBackends?: boolean } = {},
): TrainMergeSummary {
  const { dirs, spec } = mergeInputs(inputs, {
    kind: 'train',
    readSpec: readResolvedTrainSpec,
    adopt: holdsResolvedTrainSpec,
    noun: 'training sweep',
  });
  const logs = dirs.flatMap((d) => collectTrainRecords(d, spec.specHash).map((l) => ({ ...l, dir: d })));
  const records = new Map<string, TrainRecord>();
  const where = new Map<string, string>();
  for (const log of logs) {
    for (const r of log.records) {
      const key = trainUnitKey(r.index, r.schemeIndex);
      if (where.has(key))
        throw new InputError(
          'DIR',
          `run ${r.index}, scheme ${r.schemeIndex} appears in ${where.get(key)} and ${log.path}; merge each shard once`,
        );
      where.set(key, log.path);
      records.set(key, r);
    }
  }
  const pins = checkInputPins(dirs, options);
  refuseMixedBackends(records.values(), 'schemes', options);
  const missing = expectedUnits(spec).filter((k) => !records.has(k));
  if (missing.length > 0) {
    const runs = [...new Set(missing.map((k) => Number(k.split('/')[0])))];
    throw new InputError(
      'DIR',
      `${missing.length} scheme run(s) are missing (of runs ${listIndices(runs)}); finish them with ` +
        '`gradcode resume DIR --shard i/N` (or re-run those array tasks), then merge again',
    );
  }
  inspectResultsDir(out, 'train', { field: '--out', adopt: holdsResolvedTrainSpec, readOnly: true });
  const target = resultsFile(out, 'resolvedSpec');
  if (existsSync(target) && readResolvedTrainSpec(out).specHash !== spec.specHash)
    throw new InputError('--out', `${out} holds results of a different training sweep`);
  claimResultsDir(out, 'train', { adopt: holdsResolvedTrainSpec });
  const lock = acquireResultsLock(out, 'merge', { field: '--out' });
  try {
    removeLeftoverTempFiles(out);
    if (!existsSync(target)) {
      writeFileAtomic(target, readFileSync(resultsFile(dirs[0], 'resolvedSpec')));
      const source = sourceSpecPath(dirs[0], spec.source.format);
      if (existsSync(source)) writeFileAtomic(sourceSpecPath(out, spec.source.format), readFileSync(source));
    }
    if (pins && !readPins(out)) writeFileAtomic(join(out, PINS_FILE), `${JSON.stringify(pins, null, 2)}\n`);
    return writeMergedTrain(
      out,
      dirs,
      spec,
      records,
      logs.map((l) => l.path),
    );
  } finally {
    lock.release();
  }
}

/** Writes the merged tables and provenance (under the merge lock). */
function writeMergedTrain(
  out: string,
  dirs: readonly string[],
  spec: ResolvedTrainFile,
  records: ReadonlyMap<string, TrainRecord>,
  logs: string[],
): TrainMergeSummary {
  const ordered = expectedUnits(spec).map((k) => records.get(k)!);
  const tables = writeTrainTables(out, ordered, sweepAxes(spec.cells), spec.specHash);
  const shardProvenances = dirs
    .flatMap((d) => listShards(d).map((s) => readProvenance<ShardProvenance>(shardProvenancePath(d, s))))
    .filter((p): p is ShardProvenance => p !== null);
  writeProvenance(
    resultsFile(out, 'provenance'),
    resultsProvenance(
      'merge',
      shardProvenances,
      {
        name: spec.name,
        seed: String((spec.cells[0]?.spec as { seed?: unknown } | undefined)?.seed ?? ''),
        specHash: spec.specHash,
      },
      [...dirs],
    ),
  );
  return { out, specHash: spec.specHash, units: ordered.length, logs, tables };
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../engine/backend.js';
import { InterruptedError } from '../errors.js';
import { canonicalJson } from '../spec/canonical.js';
import { referencedFiles, type SpecFile } from '../spec/referenced-files.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { AppendLog } from '../store/jsonl.js';
import { resultsFile, shardLogPath } from '../store/layout.js';
import { type Pins, pinnedBackendOf, readPins, verifyPinnedFiles } from '../store/pins.js';
import { checkSameTrainSweep, holdsResolvedTrainSpec, recordTrainSpec } from '../store/resolved-train.js';
import { inspectResultsDir } from '../store/results-dir.js';
import { type Shard, shardCells } from '../store/shard.js';
import { sweepAxes } from '../store/tidy-rows.js';
import { readTrainShardLog, trainUnitKey } from '../store/train-log.js';
import { encodeTrainRecord, type TrainRecord, trainRecord } from '../store/train-record.js';
import { writeTrainTables } from '../store/train-tables.js';
import {
  datasetLimitError,
  prepareTraining,
  runSpecScheme,
  type SpecSchemeOutcome,
  specSchemeIndices,
  type TrainingContext,
} from '../train/run/run-training.js';
import type { LoadedTrainSpec } from '../train/spec/load-train-spec.js';
import type { TrainSweepCell } from '../train/spec/train-sweep.js';
import { ShardSessionRecord, underShardLock } from './shard-session.js';

/** One unit of work of a training sweep: an entry of one run's `schemes`. */
export interface TrainUnit {
  readonly cell: TrainSweepCell;
  readonly schemeIndex: number;
  /** The entry's label (its first path's). */
  readonly label: string;
}

/** Receives a training sweep's progress. */
export interface TrainProgress {
  start(info: { readonly dir: string; readonly shard: Shard; readonly units: number; readonly done: number }): void;
  unitStart(unit: TrainUnit): void;
  /** Iterations done in the running unit's current path. */
  iterations(unit: TrainUnit, done: number, total: number): void;
  unitDone(record: TrainRecord): void;
  /** Called once at the end, whatever the outcome. */
  stop(): void;
}

/** Options of {@link runTrainSweep}. */
export interface TrainSweepOptions {
  readonly dir: string;
  readonly loaded: LoadedTrainSpec;
  readonly shard: Shard;
  readonly backend: Backend;
  /** `--backend` / `--adapter` as given, recorded for `resume`. */
  readonly backendOptions: { readonly backend: string; readonly adapter: string | null };
  /** Aborting stops before the next scheme; finished schemes are kept (throws InterruptedError). */
  readonly signal?: AbortSignal;
  readonly progress?: TrainProgress;
  readonly keepRuns?: boolean;
  /** Command line for provenance (default: process.argv after node). */
  readonly command?: readonly string[];
  /** Run even when the backend differs from the one pinned in the directory. */
  readonly allowMixedBackends?: boolean;
}

/** What a training sweep session produced. */
export interface TrainSweepOutcome {
  readonly dir: string;
  readonly shard: Shard;
  /** Every record of the shard (earlier sessions included), ordered by run and scheme. */
  readonly records: TrainRecord[];
  readonly ran: number;
  readonly skipped: number;
  /** The Parquet tables when this session completed an unsharded sweep, else null. */
  readonly tables: { readonly train: string; readonly schemes: string } | null;
  readonly logPath: string;
}

/** Path of the per-run tables of one unit (`--keep-runs`): `DIR/runs/run<i>-scheme<j>.json`. */
export function runTablesPath(dir: string, index: number, schemeIndex: number): string {
  return join(dir, 'runs', `run${index}-scheme${schemeIndex}.json`);
}

/**
 * Writes every run's per-iteration values of a unit (`--keep-runs`): per path, the run-major tables of loss,
 * ‖x − x*‖², ‖ĝ − g‖², ‖g‖², message energy and simulated time (entry r·(K + 1) + k), atomically.
 */
function writeRunTables(dir: string, record: TrainRecord, outcome: SpecSchemeOutcome): void {
  const paths = outcome.results.map((r, k) => {
    const t = outcome.tables[k];
    return {
      label: r.label,
      path: r.path,
      runs: t.runs,
      points: t.points,
      loss: Array.from(t.loss),
      distance: Array.from(t.distance),
      gradientError: Array.from(t.gradientError),
      gradientNorm: Array.from(t.gradientNorm),
      messageEnergy: Array.from(t.messageEnergy),
      time: Array.from(t.time),
    };
  });
  const text = JSON.stringify({ index: record.index, schemeIndex: record.schemeIndex, paths }, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  writeFileAtomic(runTablesPath(dir, record.index, record.schemeIndex), `${text}\n`);
}

/** The units of a shard: every entry of the `schemes` of each of its runs, in order. */
export function trainUnits(loaded: LoadedTrainSpec, shard: Shard): TrainUnit[] {
  return shardCells(loaded.cells, shard).flatMap((cell) =>
    specSchemeIndices(cell.resolved).map((schemeIndex) => ({
      cell,
      schemeIndex,
      label: cell.resolved.schemes.find((s) => s.scheme === schemeIndex)!.label,
    })),
  );
}

const backendKind = (backend: Backend): 'webgpu' | 'cpu' => (backend.kind === 'webgpu' ? 'webgpu' : 'cpu');

/** Every file a training sweep's runs read (`file:` codes, order files, traces), for pinning by content. */
export function trainReferencedFiles(loaded: LoadedTrainSpec): SpecFile[] {
  const seen = new Set<string>();
  const files: SpecFile[] = [];
  for (const cell of loaded.cells) {
    const spec = cell.resolved.spec as unknown as Record<string, unknown>;
    const entries = Array.isArray(spec.schemes) ? (spec.schemes as Record<string, unknown>[]) : [{}];
    entries.forEach((entry, k) => {
      const merged = { code: spec.code, order: spec.order, stragglers: spec.stragglers, ...entry };
      const key = canonicalJson([merged.code, merged.order, (merged.stragglers as { trace?: unknown })?.trace]);
      if (seen.has(key)) return;
      seen.add(key);
      files.push(
        ...referencedFiles(
          merged as Parameters<typeof referencedFiles>[0],
          loaded.cells.length > 1 ? `run ${cell.index}, schemes[${k}]` : `schemes[${k}]`,
          loaded.baseDir,
        ),
      );
    });
  }
  return files;
}

/** What {@link prepareTrainTarget} found, without writing anything. */
export interface TrainTarget {
  readonly pins: Pins | null;
}

/**
 * Checks a results directory for a training session before any device is opened or anything is written: new, empty
 * or gradcode's own (a file or a foreign non-empty directory is refused), holding no other sweep (nor trial results),
 * with its pinned files unchanged, and writable. Refusals are InputErrors (exit code 2) naming `--out` or the file.
 */
export function prepareTrainTarget(dir: string, loaded: LoadedTrainSpec, field = '--out'): TrainTarget {
  const state = inspectResultsDir(dir, 'train', { field, adopt: holdsResolvedTrainSpec, readOnly: true });
  if (state === 'absent' || state === 'empty') {
    inspectResultsDir(dir, 'train', { field });
    return { pins: null };
  }
  checkSameTrainSweep(dir, loaded);
  const pins = readPins(dir);
  if (pins) verifyPinnedFiles(pins, dir);
  inspectResultsDir(dir, 'train', { field, adopt: holdsResolvedTrainSpec });
  return { pins };
}

/**
 * Runs (or continues) one shard of a training sweep into a results directory, as `runSweep` does for trials:
 * 0. claims the directory (marker), takes the shard's lock, pins the backend and the referenced files and removes a
 *    killed session's temporary files (`underShardLock`);
 * 1. records the spec (`spec.resolved.json`; a directory of another sweep, or of trials, is refused);
 * 2. opens the shard's JSON Lines log, cutting a torn last line, and skips the (run, scheme) units it holds;
 * 3. runs every other unit — each run's dataset, x* and constants are built once, when its first unit runs — and
 *    appends its record with an fsync, so a kill loses at most the running scheme;
 * 4. for the whole sweep (`0/1`) with every unit done, writes `train.parquet`, `schemes.parquet` and
 *    `provenance.json`. Shards of a larger count are combined by `gradcode merge`.
 * Every unit depends only on its run's spec and its own straggler draws, so resumed tables are byte-identical to an
 * uninterrupted run on the same backend.
 */
export async function runTrainSweep(options: TrainSweepOptions): Promise<TrainSweepOutcome> {
  const { backend } = options;
  return underShardLock(
    {
      dir: options.dir,
      kind: 'train',
      adopt: holdsResolvedTrainSpec,
      shard: options.shard,
      backend: pinnedBackendOf(backend.kind, backend.description, options.backendOptions.adapter),
      files: trainReferencedFiles(options.loaded),
      allowMixedBackends: options.allowMixedBackends,
    },
    () => runLockedTrainSweep(options),
  );
}

/** {@link runTrainSweep} once the directory is claimed, locked and pinned. */
async function runLockedTrainSweep(options: TrainSweepOptions): Promise<TrainSweepOutcome> {
  const { dir, loaded, shard, backend, progress } = options;
  mkdirSync(resultsFile(dir, 'shards'), { recursive: true });
  recordTrainSpec(dir, loaded);
  const logPath = shardLogPath(dir, shard);
  const units = trainUnits(loaded, shard);
  const ids = new Map(units.map((u) => [u.cell.index, u.cell.id]));
  const existing = readTrainShardLog(logPath, loaded.specHash, ids);
  const log = AppendLog.open(logPath, existing.keepBytes);
  const done = new Map(existing.records.map((r) => [trainUnitKey(r.index, r.schemeIndex), r]));
  const session = new ShardSessionRecord(dir, shard, {
    name: loaded.name,
    seed: String(loaded.cells[0].resolved.spec.seed),
    specHash: loaded.specHash,
    units: units.length,
    options: options.backendOptions,
    backend,
    command: options.command,
  });
  const whole = shard.count === 1;
  const todo = units.filter((u) => !done.has(trainUnitKey(u.cell.index, u.schemeIndex)));
  progress?.start({ dir, shard, units: units.length, done: units.length - todo.length });
  let ran = 0;
  let context: TrainingContext | null = null;
  try {
    for (const unit of todo) {
      if (options.signal?.aborted) throw new InterruptedError(String(options.signal.reason ?? 'SIGINT'));
      progress?.unitStart(unit);
      if (context?.resolved !== unit.cell.resolved) context = prepareTraining(unit.cell.resolved);
      const started = performance.now();
      const outcome = await runSpecScheme(context, unit.schemeIndex, backend, {
        keepRuns: options.keepRuns,
        onProgress: (e) => progress?.iterations(unit, e.iteration, e.iterations),
      });
      const record = trainRecord({
        specHash: loaded.specHash,
        index: unit.cell.index,
        id: unit.cell.id,
        axes: unit.cell.axes,
        schemeIndex: unit.schemeIndex,
        context,
        outcome,
        backend: { kind: backendKind(backend), description: backend.description },
        seconds: (performance.now() - started) / 1000,
      });
      log.append(encodeTrainRecord(record));
      if (options.keepRuns) writeRunTables(dir, record, outcome);
      done.set(trainUnitKey(record.index, record.schemeIndex), record);
      ran++;
      session.unitDone();
      progress?.unitDone(record);
    }
  } catch (error) {
    log.close();
    progress?.stop();
    const cause = datasetLimitError(error);
    if (cause instanceof InterruptedError) session.finish('interrupted');
    else session.finish('failed', cause instanceof Error ? cause.message : String(cause));
    throw cause;
  }
  log.close();
  progress?.stop();
  const records = units.map((u) => done.get(trainUnitKey(u.cell.index, u.schemeIndex))!);
  const tables = whole ? writeTrainTables(dir, records, sweepAxes(loaded.cells), loaded.specHash) : null;
  session.finish('complete');
  return { dir, shard, records, ran, skipped: units.length - todo.length, tables, logPath };
}

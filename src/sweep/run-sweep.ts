import { mkdirSync } from 'node:fs';
import { InterruptedError } from '../errors.js';
import { escapeControl } from '../input/terminal-text.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { type CellRecord, cellRecord, encodeCellRecord } from '../store/cell-record.js';
import { AppendLog } from '../store/jsonl.js';
import { resultsFile, shardLogPath, shardProvenancePath } from '../store/layout.js';
import { removeLeftoverTempFiles } from '../store/leftovers.js';
import { type Pins, pinnedBackendOf, readPins, verifyPinnedFiles } from '../store/pins.js';
import {
  type ResultsProvenance,
  readProvenance,
  resultsProvenance,
  type ShardProvenance,
  writeProvenance,
} from '../store/provenance.js';
import { checkSameSweep, holdsResolvedSpec, recordSpec } from '../store/resolved-spec.js';
import { claimResultsDir, inspectResultsDir } from '../store/results-dir.js';
import { acquireShardLock, removeStaleLock, shardLockName } from '../store/results-lock.js';
import type { Shard } from '../store/shard.js';
import { readShardLog } from '../store/shard-log.js';
import { checkStoredTables } from '../store/table-check.js';
import { sweepAxes } from '../store/tidy-rows.js';
import { writeResultsTables } from '../store/write-tables.js';
import type { BatchOptions, TrialExecutor } from '../trials/executor.js';
import type { PlannedCell } from '../trials/planned-cell.js';
import { runCell } from '../trials/run-cell.js';
import { ShardSessionRecord, underShardLock } from './shard-session.js';
import { sweepReferencedFiles } from './sweep-files.js';

/** What a progress display learns when a sweep starts. */
export interface SweepStart {
  readonly dir: string;
  readonly shard: Shard;
  /** Cells of the shard, and those already completed by earlier sessions. */
  readonly cells: number;
  readonly cellsDone: number;
  /** Planned trials of the shard (maxima with adaptive stopping), and those of the completed cells. */
  readonly trials: number;
  readonly trialsDone: number;
  /**
   * Predicted cost of each cell still to run, by cell index (the executor's cost model): `seconds` when the weights
   * are predicted seconds on the executor's backend, false when they are only relative (nominal work).
   */
  readonly costs?: { readonly weights: ReadonlyMap<number, number>; readonly seconds: boolean };
}

/** Receives a sweep's progress (a bar, periodic lines, or nothing). */
export interface SweepProgress {
  start(info: SweepStart): void;
  cellStart(cell: PlannedCell): void;
  /** Trials done so far in the running cell. */
  trials(cell: PlannedCell, done: number, planned: number): void;
  cellDone(record: CellRecord): void;
  /** Called once at the end, whatever the outcome. */
  stop(): void;
}

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  readonly dir: string;
  readonly loaded: LoadedSpec;
  readonly shard: Shard;
  /** The shard's cells, resolved (see `planCells`). */
  readonly planned: readonly PlannedCell[];
  readonly executor: TrialExecutor;
  /** `--backend` / `--adapter` as given, recorded for `resume`. */
  readonly backendOptions: { readonly backend: string; readonly adapter: string | null };
  /** Aborting stops between trial batches; completed cells are kept (throws InterruptedError). */
  readonly signal?: AbortSignal;
  readonly progress?: SweepProgress;
  /** Command line for provenance (default: process.argv after node). */
  readonly command?: readonly string[];
  /** Run even when the executor differs from the backend pinned in the directory (merge then needs the same flag). */
  readonly allowMixedBackends?: boolean;
  /** Receives warnings (e.g. damaged tables rebuilt from the logs); default: stderr. */
  readonly onWarning?: (message: string) => void;
}

/** What a sweep session produced. */
export interface SweepOutcome {
  readonly dir: string;
  readonly shard: Shard;
  /** Every completed record of the shard (earlier sessions included), in cell-index order. */
  readonly records: CellRecord[];
  /** Cells this session ran, and cells skipped because an earlier session completed them. */
  readonly ran: number;
  readonly skipped: number;
  /** Paths of the Parquet tables when this session completed an unsharded sweep, else null. */
  readonly tables: { readonly cells: string; readonly curve: string } | null;
  readonly logPath: string;
}

/** What {@link prepareSweepTarget} found, without writing anything. */
export interface SweepTarget {
  /** The directory's pinned backend and files, or null (new directory, or results of an older gradcode). */
  readonly pins: Pins | null;
  /** Every record of the shard when its log already holds all its cells (nothing to run), else null. */
  readonly complete: CellRecord[] | null;
}

/**
 * Checks a results directory for a sweep session before any device is opened or anything is written: it is new,
 * empty or gradcode's own (a file, a device or a foreign non-empty directory is refused), holds no other sweep, its
 * pinned files are unchanged, and — unless the shard is already complete, which needs no write — it is writable.
 * Every refusal is an InputError (exit code 2) naming `--out` or the file.
 */
export function prepareSweepTarget(
  dir: string,
  loaded: LoadedSpec,
  shard: Shard,
  planned: readonly PlannedCell[],
  field = '--out',
): SweepTarget {
  const state = inspectResultsDir(dir, 'sweep', { field, adopt: holdsResolvedSpec, readOnly: true });
  if (state === 'absent' || state === 'empty') {
    inspectResultsDir(dir, 'sweep', { field });
    return { pins: null, complete: null };
  }
  checkSameSweep(dir, loaded);
  const pins = readPins(dir);
  if (pins) verifyPinnedFiles(pins, dir);
  const complete = completedShard(dir, loaded, shard, planned);
  if (!complete) inspectResultsDir(dir, 'sweep', { field, adopt: holdsResolvedSpec });
  return { pins, complete };
}

/**
 * Runs (or continues) one shard of a sweep into a results directory:
 * 0. claims the directory (marker; a non-empty directory gradcode did not create is refused), takes the shard's
 *    exclusive lock (a second writer is refused: "in use by PID … on HOST"), pins the executor's backend and the
 *    hashes of every referenced file (`pins.json`; a later session on another backend or after a file changed is
 *    refused), and removes temporary files a killed session left;
 * 1. records the spec (`spec.resolved.json`; a directory holding another sweep is refused);
 * 2. opens the shard's JSON Lines log, cutting a torn last line, and skips the cells it already holds;
 * 3. runs every other cell with `runCell` and appends its record with an fsync — a kill at any moment loses at most
 *    the running cell;
 * 4. when the shard is the whole sweep (`0/1`) and every cell is done, writes `cells.parquet`, `curve.parquet` and
 *    `provenance.json`. Shards of a larger count are combined by `mergeResults`.
 * Provenance of the shard (`shards/<i>-of-<N>.provenance.json`) gets one session per call, with its status. The lock
 * is released however the session ends.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepOutcome> {
  const { executor } = options;
  return underShardLock(
    {
      dir: options.dir,
      kind: 'sweep',
      adopt: holdsResolvedSpec,
      shard: options.shard,
      backend: pinnedBackendOf(executor.kind, executor.description, options.backendOptions.adapter),
      files: sweepReferencedFiles(options.loaded),
      allowMixedBackends: options.allowMixedBackends,
    },
    () => runLockedSweep(options),
  );
}

/** The executor's predicted cost per cell still to run (see {@link SweepStart.costs}). */
function cellCosts(executor: TrialExecutor, todo: readonly PlannedCell[]): SweepStart['costs'] {
  const predicted = executor.predictCosts?.(todo.map((p) => p.cell));
  if (!predicted) return undefined;
  return { weights: new Map(todo.map((p, i) => [p.index, predicted.costs[i]])), seconds: predicted.seconds };
}

/** {@link runSweep} once the directory is claimed, locked and pinned. */
async function runLockedSweep(options: RunSweepOptions): Promise<SweepOutcome> {
  const { dir, loaded, shard, planned, executor, progress } = options;
  mkdirSync(resultsFile(dir, 'shards'), { recursive: true });
  recordSpec(dir, loaded);
  const logPath = shardLogPath(dir, shard);
  const ids = new Map(planned.map((p) => [p.index, p.id]));
  const existing = readShardLog(logPath, loaded.specHash, ids);
  const log = AppendLog.open(logPath, existing.keepBytes);
  const done = new Map(existing.records.map((r) => [r.index, r]));

  const record = new ShardSessionRecord(dir, shard, {
    name: loaded.spec.name,
    seed: String(loaded.spec.seed),
    specHash: loaded.specHash,
    units: planned.length,
    options: options.backendOptions,
    backend: executor,
    command: options.command,
  });
  const whole = shard.count === 1;

  const trialsOf = (cells: readonly PlannedCell[]) => cells.reduce((s, c) => s + c.cell.trials, 0);
  const todo = planned.filter((p) => !done.has(p.index));
  progress?.start({
    dir,
    shard,
    cells: planned.length,
    cellsDone: planned.length - todo.length,
    trials: trialsOf(planned),
    trialsDone: trialsOf(planned) - trialsOf(todo),
    costs: cellCosts(executor, todo),
  });
  let ran = 0;
  const yielding = yieldingExecutor(executor);
  try {
    for (const p of todo) {
      progress?.cellStart(p);
      const result = await runCell(p.cell, yielding, {
        adaptive: p.adaptive,
        signal: options.signal,
        onProgress: (n, total) => progress?.trials(p, n, total),
      });
      const cell = cellRecord(p, result, loaded.specHash, executor.kind);
      log.append(encodeCellRecord(cell));
      done.set(p.index, cell);
      ran++;
      record.unitDone();
      progress?.cellDone(cell);
    }
  } catch (error) {
    log.close();
    progress?.stop();
    if (error instanceof InterruptedError) record.finish('interrupted');
    else record.finish('failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  log.close();
  progress?.stop();
  const records = planned.map((p) => done.get(p.index)!);
  const tables = whole ? writeResultsTables(dir, records, sweepAxes(loaded.cells), loaded.specHash) : null;
  record.finish('complete');
  return { dir, shard, records, ran, skipped: planned.length - todo.length, tables, logPath };
}

/**
 * The records of a shard whose log already holds every one of its cells, or null when cells are missing. Lets
 * `resume` finish a complete shard (e.g. killed between its last cell and its Parquet tables) without opening a
 * backend.
 */
export function completedShard(
  dir: string,
  loaded: LoadedSpec,
  shard: Shard,
  planned: readonly PlannedCell[],
): CellRecord[] | null {
  const ids = new Map(planned.map((p) => [p.index, p.id]));
  const { records } = readShardLog(shardLogPath(dir, shard), loaded.specHash, ids);
  if (records.length !== planned.length) return null;
  return [...records].sort((a, b) => a.index - b.index);
}

/**
 * Finishes a complete shard without running anything, writing only what is missing or damaged: cuts a torn last line
 * off its log, marks its provenance complete (an unfinished last session becomes `killed`) and, for the whole sweep,
 * (re)writes the Parquet tables — when they are missing, unreadable (a warning names the file; they are rebuilt from
 * the logs) or stale — and `provenance.json`. A complete directory with intact files is left untouched, so finishing
 * it needs no write access (read-only storage works). Writes happen under the shard's lock.
 */
export async function finalizeShard(
  dir: string,
  loaded: LoadedSpec,
  shard: Shard,
  records: CellRecord[],
  onWarning: (message: string) => void = (m) => process.stderr.write(`gradcode: warning: ${escapeControl(m)}\n`),
): Promise<SweepOutcome> {
  const logPath = shardLogPath(dir, shard);
  const path = shardProvenancePath(dir, shard);
  const whole = shard.count === 1;
  const log = readShardLog(logPath, loaded.specHash);
  const provenance = readProvenance<ShardProvenance>(path);
  const tables = whole ? await checkStoredTables(dir, loaded.specHash, records.length) : null;
  if (tables?.state === 'unusable') onWarning(`${tables.path}: ${tables.reason}; rewriting it from the shard logs`);
  const results = whole ? readProvenance<ResultsProvenance>(resultsFile(dir, 'provenance')) : null;
  const needs = {
    cut: log.cutBytes > 0,
    provenance: provenance !== null && provenance.status !== 'complete',
    tables: tables !== null && tables.state !== 'intact',
    results: whole && provenance !== null && results?.status !== 'complete',
  };
  const outcome = (written: SweepOutcome['tables']): SweepOutcome => ({
    dir,
    shard,
    records,
    ran: 0,
    skipped: records.length,
    tables: written,
    logPath,
  });
  const intactTables = { cells: resultsFile(dir, 'cells'), curve: resultsFile(dir, 'curve') };
  if (!Object.values(needs).some(Boolean)) {
    removeStaleLock(dir, shardLockName(shard));
    return outcome(whole ? intactTables : null);
  }
  claimResultsDir(dir, 'sweep', { adopt: holdsResolvedSpec });
  const lock = acquireShardLock(dir, shard);
  try {
    for (const folder of [dir, resultsFile(dir, 'shards')]) removeLeftoverTempFiles(folder);
    // Cut a torn or unparseable last line (a kill while appending after the last cell was already logged).
    if (needs.cut) AppendLog.open(logPath, log.keepBytes).close();
    if (provenance && needs.provenance) {
      for (const old of provenance.sessions) if (old.status === 'running') old.status = 'killed';
      provenance.status = 'complete';
      provenance.endedAt = new Date().toISOString();
      writeProvenance(path, provenance);
    }
    const written = needs.tables
      ? writeResultsTables(dir, records, sweepAxes(loaded.cells), loaded.specHash)
      : whole
        ? intactTables
        : null;
    if (whole && provenance && (needs.results || needs.provenance)) {
      const base = { name: provenance.name, seed: provenance.seed, specHash: loaded.specHash };
      writeProvenance(resultsFile(dir, 'provenance'), resultsProvenance('run', [provenance], base));
    }
    return outcome(written);
  } finally {
    lock.release();
  }
}

/** Resolves on the next turn of the event loop (after pending I/O and signal callbacks). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Wraps an executor so that every batch first yields to the event loop. Small batches of the CPU backend run inline
 * on the main thread, so without this a whole sweep could run as one chain of microtasks: SIGINT/SIGTERM handlers
 * (and the progress bar's timer) would only fire after the last cell. With it, a signal is seen before the next batch,
 * and `runCell` stops at its next abort check.
 */
export function yieldingExecutor(executor: TrialExecutor): TrialExecutor {
  return {
    kind: executor.kind,
    description: executor.description,
    batchSize: (cell) => executor.batchSize(cell),
    async runBatch(cell, t0: number, t1: number, options: BatchOptions) {
      await nextTurn();
      return executor.runBatch(cell, t0, t1, options);
    },
  };
}

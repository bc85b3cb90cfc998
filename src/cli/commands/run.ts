import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseBackendChoice } from '../../engine/backend-choice.js';
import { InputError, InterruptedError } from '../../errors.js';
import { drawFigures } from '../../figures/draw.js';
import { loadResultsView } from '../../figures/load-view.js';
import { resultsPlotJobs } from '../../figures/results-plots.js';
import { trialPlotTables } from '../../figures/results-view.js';
import { type ResolvedSpecPlot, resolveSpecPlots } from '../../figures/spec-plots.js';
import { escapeControl } from '../../input/terminal-text.js';
import { packageRoot } from '../../package-root.js';
import type { LoadedSpec } from '../../spec/load-spec.js';
import { loadSpecFile } from '../../spec/load-spec.js';
import { parseSeedFlag, parseTrialsFlag, type SpecOverrides } from '../../spec/overrides.js';
import type { CellRecord } from '../../store/cell-record.js';
import { fileSystemError } from '../../store/fs-errors.js';
import { shardLogPath } from '../../store/layout.js';
import { backendRequestFromPins } from '../../store/pins.js';
import { formatShard, type Shard, WHOLE_SWEEP } from '../../store/shard.js';
import { readShardLog } from '../../store/shard-log.js';
import { axisLayout, sweepAxes } from '../../store/tidy-rows.js';
import { interruptOnSignals } from '../../sweep/interrupt.js';
import { planCells } from '../../sweep/plan.js';
import { formatResultsTable } from '../../sweep/results-table.js';
import {
  finalizeShard,
  prepareSweepTarget,
  runSweep,
  type SweepOutcome,
  type SweepProgress,
} from '../../sweep/run-sweep.js';
import { createTrialExecutor } from '../../trials/backend-executor.js';
import type { PlannedCell } from '../../trials/planned-cell.js';
import { trialWorkload } from '../../trials/trial-workload.js';
import { CELL_RECORD_VERBATIM, jsonOutput } from '../json-output.js';
import { addDryRunOption, announcePlan, printDryRun } from '../plan-output.js';
import { createProgress, parseProgressMode } from '../progress.js';

/** Flags shared by `run`, `sweep` and `resume`, as commander hands them over. */
export interface SweepFlags {
  readonly backend?: string;
  readonly adapter?: string;
  readonly allowMixedBackends?: boolean;
  readonly trials?: string;
  readonly seed?: string;
  readonly progress: string;
  readonly json?: boolean;
  readonly dryRun?: boolean;
}

/** Adds `--backend` (default `auto`, or none when `storedBackend`: resume reuses the stored one), `--adapter`,
 * `--progress` and `--json`. */
export function addExecutionOptions(command: Command, storedBackend = false): Command {
  const backend = 'auto | webgpu | cpu (auto: a GPU adapter if any, else the CPU)';
  return (
    storedBackend
      ? command.option('--backend <name>', `${backend}; default: the backend of the first run`)
      : command.option('--backend <name>', backend, 'auto')
  )
    .option('--adapter <name>', 'WebGPU adapter name or a unique part of it (see gradcode doctor)')
    .option('--allow-mixed-backends', 'run even if the results directory is pinned to another backend or device')
    .option('--progress <mode>', 'auto | bar | lines | none (auto: a bar on a terminal, else lines on stderr)', 'auto')
    .option('--json', 'print the results as JSON on stdout instead of a table');
}

/** Adds `--trials` and `--seed` (spec overrides). */
export function addOverrideOptions(command: Command): Command {
  return command
    .option('--trials <n>', 'trials of every cell (overrides the spec, sweep axes over trials included)')
    .option('--seed <s>', 'the spec’s seed (overrides the top-level, defaults and per-cell seeds)');
}

/** The spec overrides of the flags (InputError naming the flag when malformed). */
export function overridesOf(flags: SweepFlags): SpecOverrides {
  return {
    ...(flags.trials !== undefined ? { trials: parseTrialsFlag(flags.trials) } : {}),
    ...(flags.seed !== undefined ? { seed: parseSeedFlag(flags.seed) } : {}),
  };
}

/** Loads and validates a spec file with the flags' overrides, and resolves the cells of `shard`. */
export function loadAndPlan(
  specPath: string,
  flags: SweepFlags,
  shard: Shard,
): { loaded: LoadedSpec; planned: PlannedCell[] } {
  const overrides = overridesOf(flags);
  parseProgressMode(flags.progress);
  if (flags.backend !== undefined) parseBackendChoice(flags.backend);
  const loaded = loadSpecFile(specPath, overrides);
  const planned = planCells(loaded, shard);
  specPlots(loaded); // a bad plots entry fails now, not after the trials
  return { loaded, planned };
}

/** The spec's `plots`, validated against this sweep's table columns (InputError naming `plots[k].field`). */
export function specPlots(loaded: LoadedSpec): ResolvedSpecPlot[] {
  return resolveSpecPlots(loaded.spec.plots, trialPlotTables(sweepAxes(loaded.cells)));
}

/**
 * Draws the figures of complete results in `dir` into DIR/plots/ — the spec's `plots` entries, or without any the
 * default layout of the sweep (every cell its own mark) — and prints where they are with what each layout decided;
 * nothing when the results are incomplete (a shard). With `resultsUnchanged` (the session wrote no results), figures
 * that already exist are kept as they are (no write access needed).
 */
export async function drawSpecPlots(
  dir: string,
  _loaded: LoadedSpec,
  json?: boolean,
  resultsUnchanged = false,
): Promise<string[]> {
  const view = await loadResultsView(dir);
  if (!view.complete) return [];
  const jobs = resultsPlotJobs(view);
  const plotsDir = join(dir, 'plots');
  const expected = jobs.flatMap((j) => j.formats.map((f) => resolve(plotsDir, `${j.name}.${f}`)));
  if (resultsUnchanged && expected.every((p) => existsSync(p))) {
    if (!json && expected.length) process.stdout.write(escapeControl(`plots:\n  ${expected.join('\n  ')}\n`));
    return expected;
  }
  let drawn: Awaited<ReturnType<typeof drawFigures>>;
  try {
    drawn = await drawFigures(jobs, plotsDir);
  } catch (error) {
    throw fileSystemError(error, (error as NodeJS.ErrnoException).path ?? plotsDir, 'write the plot');
  }
  const written = drawn.flatMap((d) => d.files.map((f) => resolve(f)));
  if (!json && written.length) {
    process.stdout.write('plots:\n');
    for (const d of drawn) {
      process.stdout.write(escapeControl(`  ${d.files.map((f) => resolve(f)).join(', ')}\n`));
      for (const note of d.notes) process.stdout.write(escapeControl(`    ${note}\n`));
    }
  }
  return written;
}

/** A progress display that first calls `announce` when the sweep starts. */
function announcingPlan(progress: SweepProgress, announce: () => void): SweepProgress {
  return {
    start(info) {
      announce();
      progress.start(info);
    },
    cellStart: (cell) => progress.cellStart(cell),
    trials: (cell, done, planned) => progress.trials(cell, done, planned),
    cellDone: (record) => progress.cellDone(record),
    stop: () => progress.stop(),
  };
}

/** `./results/<name>-<UTC yyyymmddThhmmssZ>`, with `-2`, `-3`, … when that directory exists. */
export function defaultResultsDir(name: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = join('results', `${name}-${stamp}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}

/** How to continue an interrupted shard. */
export function resumeHint(dir: string, shard: Shard): string {
  return `gradcode resume ${resolve(dir)}${shard.count > 1 ? ` --shard ${formatShard(shard)}` : ''}`;
}

/**
 * Runs one shard with the flags' backend and progress display, stopping cleanly on SIGINT/SIGTERM: completed cells
 * stay on disk, a message says how to resume, and InterruptedError (exit 130) is thrown. The results directory is
 * checked first, without writing (`prepareSweepTarget`): a shard that is already complete is finished without a
 * backend (and without writing when nothing is missing); otherwise the backend opened is the directory's pinned one
 * when the flags ask for `auto` (or nothing), so a bad `--adapter` or a refused directory leaves nothing behind.
 */
export async function executeShard(args: {
  dir: string;
  loaded: LoadedSpec;
  planned: PlannedCell[];
  shard: Shard;
  backend: string | undefined;
  adapter: string | undefined;
  progress: string;
  allowMixedBackends?: boolean;
}): Promise<SweepOutcome> {
  const { dir, loaded, planned, shard } = args;
  const progressMode = parseProgressMode(args.progress);
  const target = prepareSweepTarget(dir, loaded, shard, planned);
  if (target.complete) return finalizeShard(dir, loaded, shard, target.complete);
  const request = backendRequestFromPins(
    target.pins,
    { backend: args.backend, adapter: args.adapter },
    { allowMixed: args.allowMixedBackends, dir },
  );
  // auto decides from the workload for a whole sweep; shards of one sweep (possibly on several machines) take the
  // workload-free rule, so that machines of one kind pick the same backend and the directory's pin holds for all.
  const workload = shard.count === 1 ? trialWorkload(planned.map((p) => p.cell)) : undefined;
  const executor = await createTrialExecutor({ ...request, workload });
  const interrupt = interruptOnSignals((message) => process.stderr.write(`\ngradcode: ${message}\n`));
  try {
    return await runSweep({
      dir,
      loaded,
      shard,
      planned,
      executor,
      backendOptions: { backend: request.backend, adapter: request.adapter ?? null },
      signal: interrupt.signal,
      // The plan is printed once the directory is claimed and locked, just before the first cell: a refusal comes
      // first and alone.
      progress: announcingPlan(createProgress(progressMode), () => announcePlan(dir, loaded, planned, shard)),
      allowMixedBackends: args.allowMixedBackends,
    });
  } catch (error) {
    if (error instanceof InterruptedError) {
      const done = readShardLog(shardLogPath(dir, shard), loaded.specHash).records.length;
      process.stderr.write(
        `gradcode: interrupted: ${done} of ${planned.length} cells of shard ${formatShard(shard)} are complete and saved in ${resolve(dir)}\n` +
          `gradcode: resume with: ${resumeHint(dir, shard)}\n`,
      );
    }
    throw error;
  } finally {
    interrupt.dispose();
    await executor.dispose();
  }
}

/** Prints a finished session: the table (or JSON) and where the results are. */
export function printOutcome(
  outcome: SweepOutcome,
  loaded: LoadedSpec,
  json: boolean | undefined,
  records: CellRecord[] = outcome.records,
): void {
  const where = resolve(outcome.dir);
  const out = (text: string) => process.stdout.write(escapeControl(text));
  if (json) {
    process.stdout.write(
      jsonOutput(
        {
          dir: where,
          name: loaded.spec.name,
          specHash: loaded.specHash,
          shard: outcome.shard,
          ran: outcome.ran,
          skipped: outcome.skipped,
          tables: outcome.tables && { cells: resolve(outcome.tables.cells), curve: resolve(outcome.tables.curve) },
          cells: records,
        },
        CELL_RECORD_VERBATIM,
      ),
    );
    return;
  }
  out(formatResultsTable(records, axisLayout(sweepAxes(loaded.cells))));
  const seconds = records.reduce((s, r) => s + r.seconds, 0);
  const earlier = outcome.skipped ? ` (${outcome.skipped} completed earlier)` : '';
  out(
    `\n${records.length} cells${earlier}; ${seconds.toFixed(1)} s of trials on ${records.at(-1)?.backend.description ?? 'no backend'}\n`,
  );
  if (outcome.tables) out(`results: ${where}  (cells.parquet, curve.parquet, provenance.json)\n`);
  else out(`shard ${formatShard(outcome.shard)} results: ${resolve(outcome.logPath)}\n`);
}

const EXAMPLES = `
Examples:
  gradcode run                                      the embedded default (examples/default.yaml): partial vs
                                                    original, two codes, optimal vs random order (= npm start)
  gradcode run spec.yaml --trials 1000 --backend cpu a quick check on the f64 CPU twin
  gradcode run spec.yaml --out results/fig2 --json   results in results/fig2, JSON on stdout

The results directory holds spec.resolved.json, provenance.json, shards/0-of-1.jsonl (one line per finished cell,
fsynced) and, when every cell is done, cells.parquet and curve.parquet (columns: docs/results-schema.md) and the
spec's plots in plots/ (SVG and PNG; see docs/sweeps.md). An existing
--out directory of the same spec is continued (finished cells are kept); one of another spec is refused.
Ctrl-C stops after the current batch of trials and exits with 130; \`gradcode resume DIR\` finishes the run.
Spec format: \`gradcode schema\` writes its JSON Schema. Exit codes: 0 ok, 1 run failure, 2 bad input, 130 interrupted.`;

/** The embedded default experiment (`npm start`; `gradcode run` without a spec): the package's examples/default.yaml. */
export function defaultSpecPath(): string {
  return join(packageRoot(), 'examples', 'default.yaml');
}

/** Registers `gradcode run [SPEC]`. */
export function register(program: Command): void {
  const command = program
    .command('run')
    .description('run every cell of a spec (YAML or JSON) and print a table of cell statistics')
    .argument('[spec]', 'spec file (.yaml, .yml or .json); default: the embedded examples/default.yaml')
    .option('--out <dir>', 'results directory (default: results/<name>-<UTC time>)');
  addOverrideOptions(command);
  addExecutionOptions(addDryRunOption(command))
    .addHelpText('after', EXAMPLES)
    .action(async (specArg: string | undefined, flags: SweepFlags & { out?: string }) => {
      const specPath = specArg ?? defaultSpecPath();
      const { loaded, planned } = loadAndPlan(specPath, flags, WHOLE_SWEEP);
      if (printDryRun(loaded, planned, WHOLE_SWEEP, flags)) return;
      if (flags.out !== undefined && flags.out.trim() === '') throw new InputError('--out', 'must not be empty');
      const dir = flags.out ?? defaultResultsDir(loaded.spec.name);
      const outcome = await executeShard({
        dir,
        loaded,
        planned,
        shard: WHOLE_SWEEP,
        backend: flags.backend,
        adapter: flags.adapter,
        progress: flags.progress,
        allowMixedBackends: flags.allowMixedBackends,
      });
      printOutcome(outcome, loaded, flags.json);
      if (outcome.tables) await drawSpecPlots(dir, loaded, flags.json, outcome.ran === 0);
    });
}

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseBackendChoice } from '../../engine/backend-choice.js';
import { createBackend } from '../../engine/create-backend.js';
import { InputError, InterruptedError } from '../../errors.js';
import { drawResultsPlots } from '../../figures/results-plots.js';
import { escapeControl } from '../../input/terminal-text.js';
import { parseSeedFlag, parseTrialsFlag } from '../../spec/overrides.js';
import { shardLogPath } from '../../store/layout.js';
import { backendRequestFromPins } from '../../store/pins.js';
import { formatShard, parseShard, type Shard, WHOLE_SWEEP } from '../../store/shard.js';
import { readTrainShardLog } from '../../store/train-log.js';
import type { TrainRecord } from '../../store/train-record.js';
import { interruptOnSignals } from '../../sweep/interrupt.js';
import { prepareTrainTarget, runTrainSweep, type TrainSweepOutcome, trainUnits } from '../../sweep/run-train-sweep.js';
import { formatTrainReport } from '../../sweep/train-report.js';
import { type LoadedTrainSpec, loadTrainSpecFile, type TrainOverrides } from '../../train/spec/load-train-spec.js';
import { jsonOutput } from '../json-output.js';
import { parseProgressMode } from '../progress.js';
import { createTrainProgress } from '../train-progress.js';
import { defaultResultsDir, resumeHint } from './run.js';

/** The flags as commander hands them over. */
interface TrainFlags {
  readonly backend: string;
  readonly adapter?: string;
  readonly runs?: string;
  readonly iterations?: string;
  readonly seed?: string;
  readonly out?: string;
  readonly shard?: string;
  readonly json?: boolean;
  readonly keepRuns?: boolean;
  readonly progress: string;
  readonly allowMixedBackends?: boolean;
}

/** The overrides of `--runs`, `--iterations` and `--seed` (InputErrors name the flag). */
export function trainOverrides(flags: Pick<TrainFlags, 'runs' | 'iterations' | 'seed'>): TrainOverrides {
  return {
    ...(flags.runs !== undefined ? { runs: parseTrialsFlag(flags.runs, '--runs') } : {}),
    ...(flags.iterations !== undefined ? { iterations: parseTrialsFlag(flags.iterations, '--iterations') } : {}),
    ...(flags.seed !== undefined ? { seed: parseSeedFlag(flags.seed) } : {}),
  };
}

/**
 * Runs one shard of a training sweep with a backend, progress display and SIGINT/SIGTERM handling: finished schemes
 * stay on disk, a message says how to resume, and InterruptedError (exit 130) is thrown.
 */
export async function executeTrainShard(args: {
  readonly dir: string;
  readonly loaded: LoadedTrainSpec;
  readonly shard: Shard;
  readonly backend: string | undefined;
  readonly adapter: string | undefined;
  readonly progress: string;
  readonly keepRuns?: boolean;
  readonly allowMixedBackends?: boolean;
}): Promise<TrainSweepOutcome> {
  const { dir, loaded, shard } = args;
  const mode = parseProgressMode(args.progress);
  // Refuse a foreign directory, another sweep or a changed pinned file before any device is opened.
  const target = prepareTrainTarget(dir, loaded);
  const request = backendRequestFromPins(
    target.pins,
    { backend: args.backend, adapter: args.adapter },
    { allowMixed: args.allowMixedBackends, dir },
  );
  const backend = await createBackend(request);
  const interrupt = interruptOnSignals((message) => process.stderr.write(`\ngradcode: ${message}\n`));
  try {
    return await runTrainSweep({
      dir,
      loaded,
      shard,
      backend,
      backendOptions: { backend: request.backend, adapter: request.adapter ?? null },
      signal: interrupt.signal,
      progress: createTrainProgress(mode),
      keepRuns: args.keepRuns,
      allowMixedBackends: args.allowMixedBackends,
    });
  } catch (error) {
    if (error instanceof InterruptedError) {
      const done = readTrainShardLog(shardLogPath(dir, shard), loaded.specHash).records.length;
      process.stderr.write(
        `gradcode: interrupted: ${done} of ${trainUnits(loaded, shard).length} scheme runs of shard ${formatShard(shard)} ` +
          `are complete and saved in ${dir}\ngradcode: resume with: ${resumeHint(dir, shard)}\n`,
      );
    }
    throw error;
  } finally {
    interrupt.dispose();
    await backend.dispose();
  }
}

/** Prints a finished training session: the report (or JSON) and where the results are, then draws the figures. */
export async function finishTrainOutcome(
  outcome: TrainSweepOutcome,
  loaded: LoadedTrainSpec,
  json: boolean | undefined,
  records: readonly TrainRecord[] = outcome.records,
): Promise<void> {
  const where = resolve(outcome.dir);
  const drawn = outcome.tables ? await drawResultsPlots(outcome.dir) : [];
  if (json) {
    process.stdout.write(
      jsonOutput(
        {
          dir: where,
          name: loaded.name,
          specHash: loaded.specHash,
          shard: outcome.shard,
          ran: outcome.ran,
          skipped: outcome.skipped,
          tables: outcome.tables && { train: resolve(outcome.tables.train), schemes: resolve(outcome.tables.schemes) },
          plots: drawn.flatMap((d) => d.files.map((f) => resolve(f))),
          records,
        },
        ['axes'],
      ),
    );
    return;
  }
  const backend = records.at(-1)?.backend.description ?? 'no backend';
  const out = (text: string) => process.stdout.write(escapeControl(text));
  out(formatTrainReport(records, backend));
  const earlier = outcome.skipped ? ` (${outcome.skipped} completed earlier)` : '';
  out(`\n${records.length} scheme run(s)${earlier}\n`);
  if (outcome.tables) out(`results: ${where}  (train.parquet, schemes.parquet, provenance.json)\n`);
  else out(`shard ${formatShard(outcome.shard)} results: ${resolve(outcome.logPath)}\n`);
  if (drawn.length) {
    out('plots:\n');
    for (const d of drawn) {
      out(`  ${d.files.map((f) => resolve(f)).join(', ')}\n`);
      for (const note of d.notes) out(`    ${note}\n`);
    }
  }
}

const HELP = [
  '',
  'Examples:',
  '  $ gradcode train examples/train/least-squares.yaml',
  '  $ gradcode train examples/train/w3.yaml --backend webgpu --out results/w3',
  '  $ gradcode train examples/train/step-sweep.yaml --shard 0/4 --out results/steps   (one shard of a sweep)',
  '  $ gradcode train examples/train/logistic.yaml --backend cpu --runs 8 --json',
  '',
  'Writes a results directory like `gradcode run` (default results/<name>-<UTC time>): spec.resolved.json and a copy',
  'of the spec, provenance.json, shards/<i>-of-<N>.jsonl (one fsynced line per finished scheme: kill -9 loses at most',
  'the running one; `gradcode resume DIR` finishes the rest with identical tables), train.parquet (one row per run,',
  'scheme, path and iteration: mean and CI of f − f*, ‖x − x*‖², ‖ĝ − g‖²/‖g‖², simulated time, each bound and whether',
  'it holds) and schemes.parquet (one row per scheme: constants, final values, verdicts), and figures in plots/',
  '(convergence on a log axis with every bound dashed and named, gradient error vs k, f − f* vs simulated time).',
  '`gradcode plot DIR` and `gradcode report DIR` work on it. --keep-runs also writes every run’s per-iteration values',
  'to DIR/runs/. A spec may sweep (sweep: {grid: {step.factor: [0.25, 0.5]}, zip: …}): each combination is one run',
  'of the sweep, and `gradcode sweep/slurm/merge` shard it as they do trial sweeps.',
  '',
  'Spec keys (YAML or JSON; unknown keys are rejected): name, seed, dataset {kind: synthetic-least-squares (rows,',
  '  features, condition, noise) | gaussian-logistic (rows, features, separation) | afm-glyphs (task, shuffle)},',
  '  loss (least-squares | logistic), regularization, form (auto | gram | direct), iterations, runs, and the scheme',
  '  keys code, order, decoder, stragglers, wait (all | exact | {deadline} | {count} | {collect}), path',
  '  (coefficient | message | both), optimizer (gd | agd), step (a number > 0 or {rule: smoothness | prop-vi1 |',
  '  prop-vii1 | inverse-time, factor}) — at the top level or per entry of `schemes`; bounds (names or all),',
  '  boundDraws, confidence, limits {hostBytes}; sweep, plots, labels. See docs/train.md.',
  '',
  'Exit codes: 0 ok, 1 run failure, 2 bad input (the message names the field or flag), 130 interrupted.',
].join('\n');

/** Registers `gradcode train SPEC`. */
export function register(program: Command): void {
  program
    .command('train')
    .description(
      'coded gradient descent on real gradients into a results directory: R runs per scheme on the GPU (or the f64 ' +
        'CPU twin), per-iteration loss / distance / gradient error / simulated time with CIs, bounds with verdicts',
    )
    .argument('<spec>', 'training spec file (.yaml, .yml or .json)')
    .option('--backend <name>', 'auto | webgpu | cpu (auto: a GPU adapter if any, else the CPU)', 'auto')
    .option('--adapter <name>', 'WebGPU adapter name or a unique part of it (see gradcode doctor)')
    .option('--runs <n>', 'independent runs per scheme (overrides the spec)')
    .option('--iterations <n>', 'iterations per run (overrides the spec)')
    .option('--seed <s>', 'the spec’s seed (overrides it)')
    .option('--out <dir>', 'results directory (default: results/<name>-<UTC time>)')
    .option('--shard <i/N>', 'run only the runs of the sweep with index % N == i')
    .option('--json', 'print the records as JSON on stdout instead of the report')
    .option('--keep-runs', 'also write every run’s per-iteration values to DIR/runs/')
    .option('--progress <mode>', 'auto | bar | lines | none', 'auto')
    .option('--allow-mixed-backends', 'run even if the results directory is pinned to another backend or device')
    .addHelpText('after', HELP)
    .action(async (specPath: string, flags: TrainFlags) => {
      parseBackendChoice(flags.backend);
      parseProgressMode(flags.progress);
      const shard = flags.shard === undefined ? WHOLE_SWEEP : parseShard(flags.shard);
      const loaded = loadTrainSpecFile(specPath, trainOverrides(flags));
      if (flags.out !== undefined && flags.out.trim() === '') throw new InputError('--out', 'must not be empty');
      const dir = flags.out ?? defaultResultsDir(loaded.name);
      const outcome = await executeTrainShard({
        dir,
        loaded,
        shard,
        backend: flags.backend,
        adapter: flags.adapter,
        progress: flags.progress,
        keepRuns: flags.keepRuns,
        allowMixedBackends: flags.allowMixedBackends,
      });
      await finishTrainOutcome(outcome, loaded, flags.json);
    });
}

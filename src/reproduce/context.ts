import { dirname } from 'node:path';
import type { ExpandedCell } from '../spec/expand.js';
import type { TrainResult } from '../train/run/run-training.js';
import type { TrialCell } from '../trials/cell.js';
import type { TrialExecutor } from '../trials/executor.js';
import { CellResolver, type CellRun, runCells } from './cells.js';
import type { LoadedSpec } from './spec-file.js';
import { type LoadedTrainSpec, loadTrainSpec, runTrainSpec, type TrainQuickCaps } from './training.js';

/** What an entry's `run` gets: its loaded setting, the trial engine, and the run's options. */
export interface EntryContext {
  /** Reduced trial counts (`--quick`). */
  readonly quick: boolean;
  /** Confidence level of every reported interval (0.95). */
  readonly level: number;
  /** The entry's spec file, parsed and expanded (trials already capped with `--quick`). */
  readonly spec: LoadedSpec;
  /** Builds a cell's code, order and straggler model (cached). */
  resolve(cell: ExpandedCell): TrialCell;
  /** Runs cells through the trial engine on the run's backend. */
  run(cells: readonly ExpandedCell[]): Promise<CellRun[]>;
  /**
   * Runs the entry's coded-GD setting `examples/reproduce/<id>.train.yaml` through src/train (`runTraining`) on the
   * run's backend; with `--quick` its runs and iterations are capped at `quick`.
   */
  train(quick: TrainQuickCaps): Promise<{ loaded: LoadedTrainSpec; result: TrainResult }>;
  /** A progress line (stderr in the CLI). */
  log(message: string): void;
}

/** Options of {@link createEntryContext}. */
export interface EntryContextOptions {
  readonly quick: boolean;
  readonly level: number;
  readonly spec: LoadedSpec;
  /** Creates the trial executor on first use (entries without trial cells never open a backend). */
  readonly executor: () => Promise<TrialExecutor>;
  readonly log: (message: string) => void;
  /** Entry id (names the training spec), the spec directory, and the backend flags for src/train. */
  readonly id: string;
  readonly specDir?: string;
  readonly backend?: string;
  readonly adapter?: string;
  /** Receives every training spec the entry ran (quoted in the report) and the backend it ran on. */
  readonly onTraining?: (loaded: LoadedTrainSpec, result: TrainResult) => void;
}

/** An {@link EntryContext} over a loaded spec; the executor is created lazily and shared by every `run`. */
export function createEntryContext(options: EntryContextOptions): EntryContext {
  const resolver = new CellResolver(dirname(options.spec.path), options.spec.relativePath);
  let executor: Promise<TrialExecutor> | undefined;
  return {
    quick: options.quick,
    level: options.level,
    spec: options.spec,
    resolve: (cell) => resolver.resolve(cell),
    async run(cells) {
      executor ??= options.executor();
      const ex = await executor;
      return runCells(cells, resolver, ex, (done, total, run) =>
        options.log(
          `  cell ${done}/${total} ${run.cell.spec.label ?? ''} ${run.trial.schedule.code.name} ${run.trial.plan.protocol}: ${run.result.stats.trials} trials in ${run.result.seconds.toFixed(2)} s`,
        ),
      );
    },
    async train(quick) {
      const loaded = loadTrainSpec(options.id, { quick: options.quick ? quick : undefined, dir: options.specDir });
      options.log(`  coded GD: ${loaded.relativePath} (${loaded.runs} runs × ${loaded.iterations} iterations)`);
      const result = await runTrainSpec(loaded, { backend: options.backend, adapter: options.adapter });
      options.log(`  coded GD done in ${result.seconds.toFixed(1)} s on ${result.backend}`);
      options.onTraining?.(loaded, result);
      return { loaded, result };
    },
    log: options.log,
  };
}

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
  /** Confidence level of informational intervals (0.95). */
  readonly level: number;
  /**
   * Level of the interval of every judged Monte-Carlo check: the gallery's family-wise level split over all its
   * Monte-Carlo checks (src/reproduce/family.ts). A check built from several estimates splits it further
   * (`simultaneousLevel`).
   */
  readonly judgedLevel: number;
  /** The entry's spec file, parsed and expanded (trials already capped with `--quick`). */
  readonly spec: LoadedSpec;
  /** Builds a cell's code, order and straggler model (cached). */
  resolve(cell: ExpandedCell): TrialCell;
  /** Runs cells through the trial engine on the run's backend (each cell once per context; repeats are cached). */
  run(cells: readonly ExpandedCell[]): Promise<CellRun[]>;
  /**
   * Runs the entry's coded-GD setting `examples/reproduce/<id>.train.yaml` (`<id>.<variant>.train.yaml` when the entry
   * has several) through src/train (`runTraining`) on the run's backend; with `--quick` its runs and iterations are
   * capped at `quick`. Results are cached per variant, so falsifiers and the entry share one run.
   */
  train(quick: TrainQuickCaps, variant?: string): Promise<{ loaded: LoadedTrainSpec; result: TrainResult }>;
  /** A progress line (stderr in the CLI). */
  log(message: string): void;
}

/** Options of {@link createEntryContext}. */
export interface EntryContextOptions {
  readonly quick: boolean;
  readonly level: number;
  readonly judgedLevel: number;
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
  const done = new WeakMap<ExpandedCell, CellRun>();
  const trained = new Map<string, Promise<{ loaded: LoadedTrainSpec; result: TrainResult }>>();
  return {
    quick: options.quick,
    level: options.level,
    judgedLevel: options.judgedLevel,
    spec: options.spec,
    resolve: (cell) => resolver.resolve(cell),
    async run(cells) {
      const missing = cells.filter((c) => !done.has(c));
      if (missing.length) {
        executor ??= options.executor();
        const ex = await executor;
        const runs = await runCells(missing, resolver, ex, (count, total, run) =>
          options.log(
            `  cell ${count}/${total} ${run.cell.spec.label ?? ''} ${run.trial.schedule.code.name} ${run.trial.plan.protocol}: ${run.result.stats.trials} trials in ${run.result.seconds.toFixed(2)} s`,
          ),
        );
        for (const r of runs) done.set(r.cell, r);
      }
      return cells.map((c) => done.get(c) as CellRun);
    },
    train(quick, variant) {
      const key = variant ?? '';
      let pending = trained.get(key);
      if (!pending) {
        pending = (async () => {
          const loaded = loadTrainSpec(options.id, {
            quick: options.quick ? quick : undefined,
            dir: options.specDir,
            variant,
          });
          options.log(`  coded GD: ${loaded.relativePath} (${loaded.runs} runs × ${loaded.iterations} iterations)`);
          const result = await runTrainSpec(loaded, { backend: options.backend, adapter: options.adapter });
          options.log(`  coded GD done in ${result.seconds.toFixed(1)} s on ${result.backend}`);
          options.onTraining?.(loaded, result);
          return { loaded, result };
        })();
        trained.set(key, pending);
      }
      return pending;
    },
    log: options.log,
  };
}

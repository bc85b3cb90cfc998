import { dirname } from 'node:path';
import type { ExpandedCell } from '../spec/expand.js';
import type { TrialCell } from '../trials/cell.js';
import type { TrialExecutor } from '../trials/executor.js';
import { CellResolver, type CellRun, runCells } from './cells.js';
import type { LoadedSpec } from './spec-file.js';

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
          `  cell ${done}/${total} ${run.cell.spec.label ?? ''} ${run.trial.schedule.code.name} ${run.trial.protocol.kind}: ${run.result.stats.trials} trials in ${run.result.seconds.toFixed(2)} s`,
        ),
      );
    },
    log: options.log,
  };
}

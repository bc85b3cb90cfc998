import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { escapeControl } from '../../input/terminal-text.js';
import { parseShard, WHOLE_SWEEP } from '../../store/shard.js';
import { isTrainSpecFile, loadTrainSpecFile } from '../../train/spec/load-train-spec.js';
import { addDryRunOption, printDryRun } from '../plan-output.js';
import {
  addExecutionOptions,
  addOverrideOptions,
  drawSpecPlots,
  executeShard,
  loadAndPlan,
  printOutcome,
  type SweepFlags,
} from './run.js';
import { executeTrainShard, finishTrainOutcome, trainOverrides } from './train.js';

const EXAMPLES = `
Examples:
  gradcode sweep big.yaml --out results/big                      the whole sweep (like run, without a default --out)
  gradcode sweep big.yaml --out results/big --shard 0/4          cells with index % 4 == 0
  for i in 0 1 2 3; do gradcode sweep big.yaml --out results/big --shard $i/4 & done; wait
  gradcode merge results/big --out results/big                   one cells.parquet + curve.parquet

A training spec (gradcode train; a file with a dataset) is sharded the same way: shard i/N runs the runs of its
sweep whose index c has c mod N = i, and \`gradcode merge\` writes its train.parquet and schemes.parquet.
Shard i/N runs the cells whose index c has c mod N = i: shards never overlap and together cover the sweep. Every
shard appends to its own log results/big/shards/i-of-N.jsonl (one fsynced line per finished cell), so shards may run
at once into one shared directory; running a shard again continues it. For SLURM job arrays see \`gradcode slurm\`.
Exit codes: 0 ok, 1 run failure, 2 bad input, 130 interrupted.`;

/** Registers `gradcode sweep SPEC --out DIR [--shard i/N]`. */
export function register(program: Command): void {
  const command = program
    .command('sweep')
    .description('run a (large) sweep or one shard of it into a results directory shared by all shards')
    .argument('<spec>', 'spec file (.yaml, .yml or .json)')
    .requiredOption('--out <dir>', 'results directory (shared by every shard)')
    .option('--shard <i/N>', 'run only the cells with index % N == i (0 ≤ i < N)');
  addOverrideOptions(command);
  addExecutionOptions(addDryRunOption(command))
    .addHelpText('after', EXAMPLES)
    .action(async (specPath: string, flags: SweepFlags & { out: string; shard?: string }) => {
      const shard = flags.shard === undefined ? WHOLE_SWEEP : parseShard(flags.shard);
      if (isTrainSpecFile(specPath)) {
        if (flags.trials !== undefined)
          throw new InputError(
            '--trials',
            'a training spec has runs and iterations (gradcode train --runs/--iterations)',
          );
        const loaded = loadTrainSpecFile(specPath, trainOverrides(flags));
        const outcome = await executeTrainShard({
          dir: flags.out,
          loaded,
          shard,
          backend: flags.backend,
          adapter: flags.adapter,
          progress: flags.progress,
          allowMixedBackends: flags.allowMixedBackends,
        });
        if (flags.json || shard.count === 1) return finishTrainOutcome(outcome, loaded, flags.json);
        process.stdout.write(
          `shard ${shard.index}/${shard.count} complete: ${outcome.records.length} scheme runs (${outcome.ran} run now, ` +
            `${outcome.skipped} earlier) in ${resolve(outcome.logPath)}\n` +
            `when every shard is done: gradcode merge ${resolve(flags.out)} --out ${resolve(flags.out)}\n`,
        );
        return;
      }
      const { loaded, planned } = loadAndPlan(specPath, flags, shard);
      if (printDryRun(loaded, planned, shard, flags)) return;
      const outcome = await executeShard({
        dir: flags.out,
        loaded,
        planned,
        shard,
        backend: flags.backend,
        adapter: flags.adapter,
        progress: flags.progress,
        allowMixedBackends: flags.allowMixedBackends,
      });
      if (flags.json || shard.count === 1) {
        printOutcome(outcome, loaded, flags.json);
        if (outcome.tables) await drawSpecPlots(flags.out, loaded, flags.json, outcome.ran === 0);
        return;
      }
      process.stdout.write(
        escapeControl(
          `shard ${shard.index}/${shard.count} complete: ${outcome.records.length} cells (${outcome.ran} run now, ` +
            `${outcome.skipped} earlier) in ${resolve(outcome.logPath)}\n` +
            `when every shard is done: gradcode merge ${resolve(flags.out)} --out ${resolve(flags.out)}\n`,
        ),
      );
    });
}

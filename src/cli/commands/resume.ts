import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { listShards, shardProvenancePath } from '../../store/layout.js';
import { mergeResults } from '../../store/merge.js';
import { mergeTrainResults } from '../../store/merge-train.js';
import { readPins } from '../../store/pins.js';
import { readProvenance, type ShardProvenance } from '../../store/provenance.js';
import { loadStoredSpec } from '../../store/resolved-spec.js';
import { loadStoredTrainSpec, resultsKind } from '../../store/resolved-train.js';
import { parseShard, type Shard, WHOLE_SWEEP } from '../../store/shard.js';
import { planCells } from '../../sweep/plan.js';
import type { SweepOutcome } from '../../sweep/run-sweep.js';
import type { TrainSweepOutcome } from '../../sweep/run-train-sweep.js';
import { parseProgressMode } from '../progress.js';
import { addExecutionOptions, drawSpecPlots, executeShard, printOutcome, type SweepFlags, specPlots } from './run.js';
import { executeTrainShard, finishTrainOutcome } from './train.js';

const EXAMPLES = `
Examples:
  gradcode resume results/default-20261122T101500Z      finish an interrupted (or killed) run
  gradcode resume results/big                           finish every shard of a sharded sweep, then merge
  gradcode resume results/big --shard 3/4               finish one shard (e.g. a failed SLURM array task)

Resume reads the spec stored in DIR/spec.resolved.json (not the original file), cuts a torn last line off each log,
skips finished cells and runs the rest with the same seeds, so the final results equal an uninterrupted run. It
works on trial results (gradcode run/sweep) and on training results (gradcode train), whose unit is one scheme. The
backend and adapter of the first run are reused unless --backend/--adapter are given. Without --shard, every shard
of the directory's shard count is finished (a never-started shard included) and the shards are merged.
Exit codes: 0 ok, 1 run failure, 2 bad input, 130 interrupted.`;

/** The shards to resume: `--shard`, else every shard of the one shard count present (none: the whole sweep). */
function shardsToResume(dir: string, flag: string | undefined): Shard[] {
  if (flag !== undefined) return [parseShard(flag)];
  const counts = [...new Set(listShards(dir).map((s) => s.count))];
  if (counts.length > 1)
    throw new InputError(
      '--shard',
      `${dir} holds shards of several counts (${counts.join(', ')}); resume one with --shard i/N`,
    );
  const count = counts[0] ?? 1;
  return count === 1 ? [WHOLE_SWEEP] : Array.from({ length: count }, (_, index) => ({ index, count }));
}

/** Finishes a training results directory (every shard of its count, or `--shard`), then merges and draws. */
async function resumeTraining(dir: string, flags: SweepFlags & { shard?: string }): Promise<void> {
  const loaded = loadStoredTrainSpec(dir);
  const shards = shardsToResume(dir, flags.shard);
  const outcomes: TrainSweepOutcome[] = [];
  for (const shard of shards) {
    // The pinned backend is used unless flags ask otherwise (executeTrainShard reads the pins).
    outcomes.push(
      await executeTrainShard({
        dir,
        loaded,
        shard,
        backend: flags.backend,
        adapter: flags.adapter,
        progress: flags.progress,
        allowMixedBackends: flags.allowMixedBackends,
      }),
    );
  }
  const records = outcomes.flatMap((o) => o.records).sort((a, b) => a.index - b.index || a.schemeIndex - b.schemeIndex);
  const last = outcomes[outcomes.length - 1];
  const merged = last.shard.count > 1 && flags.shard === undefined ? mergeTrainResults([dir], dir).tables : last.tables;
  const outcome: TrainSweepOutcome = {
    ...last,
    records,
    tables: merged,
    ran: outcomes.reduce((s, o) => s + o.ran, 0),
    skipped: outcomes.reduce((s, o) => s + o.skipped, 0),
  };
  await finishTrainOutcome(outcome, loaded, flags.json);
}

/** Registers `gradcode resume DIR`. */
export function register(program: Command): void {
  const command = program
    .command('resume')
    .description('finish an interrupted or killed run or sweep from its results directory')
    .argument('<dir>', 'results directory (holds spec.resolved.json)')
    .option('--shard <i/N>', 'resume only this shard');
  addExecutionOptions(command, true)
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string, flags: SweepFlags & { shard?: string }) => {
      parseProgressMode(flags.progress);
      if (resultsKind(dir) === 'train') return resumeTraining(dir, flags);
      const loaded = loadStoredSpec(dir);
      specPlots(loaded);
      const shards = shardsToResume(dir, flags.shard);
      const outcomes: SweepOutcome[] = [];
      for (const shard of shards) {
        const planned = planCells(loaded, shard);
        // Without pins (results of an older gradcode), the backend flags recorded by the first session.
        const stored = readPins(dir)
          ? undefined
          : readProvenance<ShardProvenance>(shardProvenancePath(dir, shard))?.options;
        const backend = flags.backend ?? stored?.backend;
        const adapter =
          flags.backend !== undefined || flags.adapter !== undefined ? flags.adapter : (stored?.adapter ?? undefined);
        const allowMixedBackends = flags.allowMixedBackends;
        outcomes.push(
          await executeShard({
            dir,
            loaded,
            planned,
            shard,
            backend,
            adapter,
            progress: flags.progress,
            allowMixedBackends,
          }),
        );
      }
      const records = outcomes.flatMap((o) => o.records).sort((a, b) => a.index - b.index);
      const last = outcomes[outcomes.length - 1];
      if (last.shard.count > 1 && flags.shard === undefined) {
        const merged = await mergeResults([dir], dir, { allowMixedBackends: flags.allowMixedBackends });
        const outcome: SweepOutcome = {
          ...last,
          records,
          tables: merged.tables,
          ran: outcomes.reduce((s, o) => s + o.ran, 0),
          skipped: outcomes.reduce((s, o) => s + o.skipped, 0),
        };
        printOutcome(outcome, loaded, flags.json);
        await drawSpecPlots(dir, loaded, flags.json, outcome.ran === 0 && !merged.written);
        return;
      }
      printOutcome(
        {
          ...last,
          records,
          ran: outcomes.reduce((s, o) => s + o.ran, 0),
          skipped: outcomes.reduce((s, o) => s + o.skipped, 0),
        },
        loaded,
        flags.json,
      );
      const ran = outcomes.reduce((s, o) => s + o.ran, 0);
      if (last.tables) await drawSpecPlots(dir, loaded, flags.json, ran === 0);
    });
}

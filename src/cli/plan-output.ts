import { resolve } from 'node:path';
import type { Command } from 'commander';
import { verbosity } from '../engine/verbosity.js';
import { escapeControl } from '../input/terminal-text.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { shardLogPath } from '../store/layout.js';
import { formatShard, type Shard } from '../store/shard.js';
import { readShardLog } from '../store/shard-log.js';
import { formatPlanSummary, summarizePlan } from '../sweep/plan-summary.js';
import type { PlannedCell } from '../trials/planned-cell.js';
import { jsonOutput } from './json-output.js';

/** Rows of the plan printed before a run (the rest are summarised in one line; `--dry-run` prints all). */
const PLAN_ROWS_BEFORE_RUN = 20;

/** Adds `--dry-run` (print the plan and exit, writing nothing). */
export function addDryRunOption(command: Command): Command {
  return command.option('--dry-run', 'print the plan (cells, N, m, load, protocol, estimated cost) and exit');
}

/**
 * `--dry-run`: prints the whole plan of `planned` on stdout (JSON with `--json`) and returns true — the caller stops
 * there, before any directory or device is touched. Otherwise returns false.
 */
export function printDryRun(
  loaded: LoadedSpec,
  planned: readonly PlannedCell[],
  shard: Shard,
  flags: { dryRun?: boolean; json?: boolean },
): boolean {
  if (!flags.dryRun) return false;
  const summary = summarizePlan(planned);
  if (flags.json)
    process.stdout.write(
      jsonOutput({ name: loaded.spec.name, specHash: loaded.specHash, shard: formatShard(shard), ...summary }),
    );
  else process.stdout.write(escapeControl(formatPlanSummary(summary)));
  return true;
}

/**
 * The plan summary printed on stderr before a shard runs (not under `--quiet`): the cells still to run in `dir`
 * (cells already in the shard's log are counted, not listed), with N, m, load, protocol and estimated cost.
 */
export function announcePlan(dir: string, loaded: LoadedSpec, planned: readonly PlannedCell[], shard: Shard): void {
  if (verbosity() === 'quiet') return;
  const done = new Set(readShardLog(shardLogPath(dir, shard), loaded.specHash).records.map((r) => r.index));
  const where = `${resolve(dir)}${shard.count > 1 ? ` (shard ${formatShard(shard)})` : ''}`;
  process.stderr.write(
    escapeControl(`${formatPlanSummary(summarizePlan(planned, done), PLAN_ROWS_BEFORE_RUN)}  → ${where}\n`),
  );
}

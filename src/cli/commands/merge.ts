import { resolve } from 'node:path';
import type { Command } from 'commander';
import { drawResultsPlots } from '../../figures/results-plots.js';
import { escapeControl } from '../../input/terminal-text.js';
import { mergeResults } from '../../store/merge.js';
import { mergeTrainResults } from '../../store/merge-train.js';
import { loadStoredSpec } from '../../store/resolved-spec.js';
import { resultsKind } from '../../store/resolved-train.js';
import { CELL_RECORD_VERBATIM, jsonOutput } from '../json-output.js';
import { drawSpecPlots } from './run.js';

const EXAMPLES = `
Examples:
  gradcode merge results/big --out results/big                 shards that ran into one directory (SLURM)
  gradcode merge node1/big node2/big --out results/big         shards copied back from several machines

Reads every shards/i-of-N.jsonl of the input directories and writes DIR/cells.parquet and DIR/curve.parquet (rows in
cell order: byte-identical to an unsharded run of the same spec), spec.resolved.json and provenance.json (every
shard's sessions), and draws the spec's plots into DIR/plots/. Refused with exit code 2 when the inputs hold different
specs (spec hash) or different pinned files, cells of different backends (unless --allow-mixed-backends), a cell
with two different results, or missing cells (the message names them and their shards); a foreign non-empty --out
directory is refused too. A cell logged twice with identical results is merged once.`;

/** Registers `gradcode merge DIR... --out DIR`. */
export function register(program: Command): void {
  program
    .command('merge')
    .description('combine the shard logs of a sweep into one cells.parquet and curve.parquet')
    .argument('<dirs...>', 'results directories holding shards of one sweep')
    .requiredOption('--out <dir>', 'directory for the merged results (may be one of the inputs)')
    .option('--json', 'print a JSON summary')
    .option('--allow-mixed-backends', 'merge cells computed on different backends or devices (f32 and f64 rows)')
    .addHelpText('after', EXAMPLES)
    .action(async (dirs: string[], flags: { out: string; json?: boolean; allowMixedBackends?: boolean }) => {
      if (dirs.length > 0 && resultsKind(dirs[0]) === 'train') {
        const summary = mergeTrainResults(dirs, flags.out, { allowMixedBackends: flags.allowMixedBackends });
        const drawn = await drawResultsPlots(summary.out);
        if (flags.json) {
          process.stdout.write(
            jsonOutput({
              ...summary,
              out: resolve(summary.out),
              logs: summary.logs.map((l) => resolve(l)),
              tables: { train: resolve(summary.tables.train), schemes: resolve(summary.tables.schemes) },
              plots: drawn.flatMap((d) => d.files.map((f) => resolve(f))),
            }),
          );
          return;
        }
        process.stdout.write(
          escapeControl(
            `merged ${summary.units} scheme runs from ${summary.logs.length} shard log(s)\n` +
              `results: ${resolve(summary.out)}  (train.parquet, schemes.parquet, provenance.json)\n` +
              drawn.map((d) => `  ${d.files.map((f) => resolve(f)).join(', ')}\n`).join(''),
          ),
        );
        return;
      }
      const summary = await mergeResults(dirs, flags.out, { allowMixedBackends: flags.allowMixedBackends });
      if (flags.json) {
        const plots = await drawSpecPlots(summary.out, loadStoredSpec(summary.out), true, !summary.written);
        process.stdout.write(
          jsonOutput(
            {
              ...summary,
              out: resolve(summary.out),
              logs: summary.logs.map((l) => resolve(l)),
              tables: { cells: resolve(summary.tables.cells), curve: resolve(summary.tables.curve) },
              plots,
            },
            CELL_RECORD_VERBATIM,
          ),
        );
        return;
      }
      process.stdout.write(
        escapeControl(
          `merged ${summary.cells} cells from ${summary.logs.length} shard log(s)\n` +
            `results: ${resolve(summary.out)}  (cells.parquet, curve.parquet, provenance.json)\n`,
        ),
      );
      await drawSpecPlots(summary.out, loadStoredSpec(summary.out), false, !summary.written);
    });
}

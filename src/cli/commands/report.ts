import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { loadResultsView } from '../../figures/load-view.js';
import { reportHtml } from '../../report/report-page.js';
import { writeFileAtomic } from '../../store/atomic-write.js';
import { checkOutputFile } from '../../store/output-path.js';
import { jsonOutput } from '../json-output.js';

const EXAMPLES = `
Examples:
  gradcode report results/default-20261122T101500Z        writes results/default-…/report.html
  gradcode report results/train --out ~/paper/train.html

One self-contained HTML file for a results directory (trials or training), readable offline: every figure of the
directory (its spec's plots, or the default layout of the sweep) drawn in the browser by the inlined Vega, with
tooltips naming each mark's parameters and confidence interval; the cell (or scheme) table with CIs and verdicts;
provenance.json and the spec file. Nothing else in the directory is changed. Exit codes: 0 written, 1 failure,
2 bad input (not a results directory, no finished cell, a bad plots entry).`;

/** Registers `gradcode report DIR [--out FILE]`. */
export function register(program: Command): void {
  program
    .command('report')
    .description(
      'one self-contained, offline HTML page of a results directory: interactive figures, tables, provenance',
    )
    .argument('<dir>', 'results directory (gradcode run / sweep / merge / train)')
    .option('--out <file>', 'HTML file to write (default: DIR/report.html)')
    .option('--json', 'print the written file and figure names as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string, flags: { out?: string; json?: boolean }) => {
      if (flags.out !== undefined) checkOutputFile(flags.out);
      const view = await loadResultsView(dir);
      if (view.tables.every((t) => t.rows.length === 0))
        throw new InputError(dir, 'holds no finished cell yet: nothing to report (see its shards/*.jsonl)');
      const out = flags.out ?? join(dir, 'report.html');
      if (resolve(out) === resolve(dir)) throw new InputError('--out', 'is the results directory itself; name a file');
      const html = reportHtml(view);
      writeFileAtomic(out, html);
      if (flags.json) {
        process.stdout.write(jsonOutput({ dir: resolve(dir), file: resolve(out), bytes: Buffer.byteLength(html) }));
        return;
      }
      process.stdout.write(`report: ${resolve(out)} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB)\n`);
    });
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { parseBackendChoice } from '../../engine/backend-choice.js';
import { type PlotFormat, parsePlotFormats } from '../../plots/render/formats.js';
import { formatList, formatResult } from '../../reproduce/format.js';
import { GALLERY, galleryEntry } from '../../reproduce/gallery.js';
import { galleryReadme } from '../../reproduce/gallery-readme.js';
import { fmt, fmtInterval } from '../../reproduce/numbers.js';
import type { ReproduceResult } from '../../reproduce/result.js';
import { reproduceEntry, resultSummary } from '../../reproduce/run-entry.js';
import { jsonNumbers } from '../../reproduce/write-report.js';
import { checkOutputDir } from '../../store/output-path.js';

/** The flags as commander hands them over. */
interface ReproduceFlags {
  readonly quick?: boolean;
  readonly json?: boolean;
  readonly backend: string;
  readonly adapter?: string;
  readonly out?: string;
  readonly format: string;
  readonly strict?: boolean;
  readonly progress?: boolean;
}

function helpText(): string {
  return [
    '',
    'Entries:',
    ...GALLERY.map((e) => `  ${e.id.padEnd(26)} ${e.title}`),
    '',
    'Each entry states its claim and source (with provenance tags), runs the setting in',
    'examples/reproduce/<ID>.yaml (trial cells through the spec/trial machinery, or an exact enumeration; for',
    'glasgow-wootters, song-choi and erasurehead also coded gradient descent in <ID>[.<variant>].train.yaml through',
    'src/train), and judges every check against a criterion fixed',
    'before running: a check passes only when its whole interval satisfies the criterion (Monte-Carlo checks at the',
    'gallery-wide family-wise level, Bonferroni at 1%). The claim is split into sub-claims; the verdict is PASS, FAIL,',
    'PARTIAL (some sub-claims hold, some are contradicted) or UNTESTABLE (the sources lack the setting), with a',
    "one-line reason in numbers. With --quick the verdict is the full run's, or INDICATIVE with the reason when the",
    'quick run cannot promise it. The report (report.md, result.json, plots) goes to --out (default',
    'results/reproduce/<ID>). --json prints {"id", "claim", "measured", "ci", "verdict", "reason"} (the primary check;',
    'non-finite numbers as "Infinity" / null); result.json holds every check and table. Exit codes: 0 measured (with',
    '--strict, FAIL or PARTIAL exits 1), 1 run failure, 2 bad input.',
    '',
    'Examples:',
    '  $ gradcode reproduce list',
    '  $ gradcode reproduce ramamoorthy2024-exact --quick',
    '  $ gradcode reproduce kadhe-bibd --json --backend cpu --out results/kadhe',
    '  $ gradcode reproduce all --backend cpu --format png --out docs/reproduce',
  ].join('\n');
}

/** Whether `--strict` exits 1 for a result: a contradicted sub-claim (FAIL or PARTIAL, measured or indicative). */
function failing(r: ReproduceResult): boolean {
  return r.measuredVerdict === 'FAIL' || r.measuredVerdict === 'PARTIAL';
}

/**
 * `gradcode reproduce all`: every entry in gallery order into `<out>/<id>/` (default results/reproduce), then
 * `<out>/README.md` with the gallery table as measured (src/reproduce/gallery-readme.ts).
 */
async function reproduceAll(flags: ReproduceFlags, formats: PlotFormat[]): Promise<void> {
  const started = performance.now();
  const base = flags.out ?? join('results', 'reproduce');
  const results: ReproduceResult[] = [];
  for (const entry of GALLERY) {
    const result = await reproduceEntry(entry, {
      quick: flags.quick === true,
      backend: flags.backend,
      adapter: flags.adapter,
      outDir: join(base, entry.id),
      formats,
      log: flags.progress ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
    results.push(result);
    if (!flags.json) {
      process.stdout.write(
        `${entry.id.padEnd(26)} ${result.verdict.padEnd(10)}  ${result.statistic} = ${fmt(result.measured)}, interval ${fmtInterval(result.ci)}  (${result.seconds.toFixed(1)} s)\n${result.verdict === 'PASS' ? '' : `${' '.repeat(28)}${result.reason}\n`}`,
      );
    }
  }
  const command = `gradcode reproduce all${flags.quick ? ' --quick' : ''} --backend ${flags.backend} --format ${formats.join(',')}`;
  const readme = join(base, 'README.md');
  await writeFile(readme, galleryReadme(results, base, command, (performance.now() - started) / 1000));
  if (flags.json) process.stdout.write(`${JSON.stringify(results.map(resultSummary), jsonNumbers, 2)}\n`);
  else process.stdout.write(`gallery: ${readme}\n`);
  if (flags.strict && results.some((r) => failing(r))) process.exitCode = 1;
}

/** Registers `gradcode reproduce list`, `gradcode reproduce ID` and `gradcode reproduce all`. */
export function register(program: Command): void {
  program
    .command('reproduce')
    .description(
      'reproduce a published claim: measured values and a verdict (PASS, FAIL, PARTIAL, UNTESTABLE) with a report ("list" shows the gallery)',
    )
    .argument('<ID>', 'gallery entry id, "list", or "all" (every entry, and <out>/README.md with the gallery table)')
    .option('--quick', 'small trial counts (same code paths), for CI')
    .option('--json', 'print the result as one JSON object')
    .option('--backend <name>', 'trial backend: auto | webgpu | cpu', 'auto')
    .option('--adapter <name>', 'WebGPU adapter (see gradcode doctor)')
    .option('--out <dir>', 'output directory (default results/reproduce/<ID>)')
    .option('--format <list>', 'plot formats of the report: any of svg,png,pdf', 'svg,png')
    .option('--strict', 'exit with code 1 when the verdict is FAIL')
    .option('--progress', 'print a line per finished cell to stderr')
    .addHelpText('after', helpText())
    .action(async (id: string, flags: ReproduceFlags) => {
      if (id === 'list') {
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(
                GALLERY.map((e) => ({
                  id: e.id,
                  title: e.title,
                  claim: e.claim,
                  source: e.source,
                  criterion: e.criterion,
                })),
                null,
                2,
              )}\n`
            : formatList(GALLERY),
        );
        return;
      }
      parseBackendChoice(flags.backend, '--backend');
      const formats: PlotFormat[] = parsePlotFormats(flags.format, '--format');
      if (flags.out !== undefined) checkOutputDir(flags.out);
      if (id === 'all') {
        await reproduceAll(flags, formats);
        return;
      }
      const entry = galleryEntry(id);
      const result = await reproduceEntry(entry, {
        quick: flags.quick === true,
        backend: flags.backend,
        adapter: flags.adapter,
        outDir: flags.out,
        formats,
        log: flags.progress ? (line) => process.stderr.write(`${line}\n`) : undefined,
      });
      process.stdout.write(
        flags.json ? `${JSON.stringify(resultSummary(result), jsonNumbers, 2)}\n` : formatResult(result),
      );
      if (flags.strict && failing(result)) process.exitCode = 1;
    });
}

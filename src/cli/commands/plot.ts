import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { type DrawnFigure, drawFigures } from '../../figures/draw.js';
import type { FigureJob } from '../../figures/figure-jobs.js';
import { CLI_NAMING, type FigureSettings, resolveFigure, tableOfRequest } from '../../figures/figure-request.js';
import { loadResultsView } from '../../figures/load-view.js';
import { resultsPlotJobs } from '../../figures/results-plots.js';
import { escapeControl } from '../../input/terminal-text.js';
import { parsePlotFormats } from '../../plots/render/formats.js';
import { FIGURE_SIZES, type FigureSize, type FigureSizeName } from '../../plots/style/figure-size.js';
import { checkOutputDir, checkOutputFile } from '../../store/output-path.js';
import { jsonOutput } from '../json-output.js';

/** The flags as commander hands them over. */
interface PlotFlags {
  readonly x?: string;
  readonly y?: string;
  readonly yLo?: string;
  readonly yHi?: string;
  readonly color?: string;
  readonly shape?: string;
  readonly dash?: string;
  readonly row?: string;
  readonly column?: string;
  readonly facet?: string;
  readonly where: string[];
  readonly aggregate: string;
  readonly table: string;
  readonly mark?: string;
  readonly interval?: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly label: string[];
  readonly bound: string[];
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly colorTitle?: string;
  readonly title?: string;
  readonly size: string;
  readonly format: string;
  readonly dpi: string;
  readonly out?: string;
  readonly json?: boolean;
}

const EXAMPLES = `
Examples:
  gradcode plot results/default                      the spec's plots (or the sweep's default figures)
  gradcode plot results/sweep --x stragglers_slow_factor --y completion_mean --color protocol --column code
  gradcode plot results/sweep --x T --y error_mean --color protocol --row code --where stragglers_slow_factor=8
  gradcode plot results/sweep --x code --y completion_mean --aggregate mean --label code="Assignment"
  gradcode plot results/train --x k --y gap_mean --color scheme --format svg,png,pdf --out fig/convergence

Draws any columns of a stored results directory (run, sweep, resume, merge, train; columns in
docs/results-schema.md) in the publication style. Sweep axes are columns too: stragglers.slow.factor is the column
stragglers_slow_factor (its spec path and the old spelling axis.stragglers.slow.factor are accepted).

One row per mark: x, colour, shape, dash and the facets (--row/--column grid, or --facet wrapped panels) together
with the --where filters must pick exactly one row for every point, line vertex or bar. When they do not, the command
exits 2 and names the columns that still vary, with their values: map one to a free encoding, filter it
(--where COLUMN=VALUE, repeatable: several values of one column are kept together), or average with
--aggregate mean. Nothing is ever merged silently.

Scales: log where the values span decades or x is a geometric grid (--log-x/--log-y force log, --no-log-x/--no-log-y
linear). A y column ending in _mean gets its _ci_lo/_ci_hi interval. Titles and legends use human labels with units
(--label COLUMN=TEXT overrides one; a spec's labels: map does it for every figure). Decoding errors at the backend's
round-off level are shaded and labelled.

Writes OUT.svg/.png/.pdf (default DIR/plots/<y>-vs-<x>). Without --x and --y, draws the spec's plots list (or, if it
has none, the default layout of the sweep) into DIR/plots/ (--out: another folder). Exit codes: 0 written, 1 failure,
2 bad input (an unknown column, a filter matching nothing, encodings that leave cells merged, an empty directory).`;

/** Parses `--dpi`. */
function parseDpi(text: string): number {
  const dpi = Number(text);
  if (!Number.isFinite(dpi) || dpi < 36 || dpi > 1200)
    throw new InputError('--dpi', `"${text}" is not a resolution in 36…1200`);
  return dpi;
}

/** Parses `--size`: `column`, `page`, or `WxH` in inches. */
export function parseSize(text: string): FigureSizeName | FigureSize {
  if (Object.hasOwn(FIGURE_SIZES, text)) return text as FigureSizeName;
  const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(text);
  if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0 || Number(m[1]) > 40 || Number(m[2]) > 40) {
    throw new InputError(
      '--size',
      `"${text}" is not ${Object.keys(FIGURE_SIZES).join(', ')} or WIDTHxHEIGHT in inches, each at most 40 (e.g. 5x3)`,
    );
  }
  return { widthIn: Number(m[1]), heightIn: Number(m[2]) };
}

/** Parses the repeatable `--label COLUMN=TEXT`. */
export function parseLabels(items: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf('=');
    if (at <= 0 || at === item.length - 1)
      throw new InputError('--label', `expected COLUMN=TEXT (e.g. code="Assignment"), got "${item}"`);
    labels[item.slice(0, at).trim()] = item.slice(at + 1);
  }
  return labels;
}

/** Collects a repeatable option. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `one of` check for a flag. */
function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new InputError(flag, `unknown value "${value}"; use one of ${allowed.join(', ')}`);
  return value as T;
}

/** A file-name-safe stem from a column name. */
function stem(column: string): string {
  return column.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The figure the flags ask for. */
function settingsOf(flags: PlotFlags & { x: string; y: string }, size: FigureSizeName | FigureSize): FigureSettings {
  return {
    table: flags.table,
    x: flags.x,
    y: flags.y,
    ...(flags.yLo !== undefined || flags.yHi !== undefined ? { yLo: flags.yLo ?? null, yHi: flags.yHi ?? null } : {}),
    color: flags.color,
    shape: flags.shape,
    dash: flags.dash,
    row: flags.row,
    column: flags.column,
    facet: flags.facet,
    where: flags.where,
    aggregate: oneOf('--aggregate', flags.aggregate, ['none', 'mean'] as const),
    mark: oneOf('--mark', flags.mark, ['line', 'point', 'bar'] as const),
    interval: oneOf('--interval', flags.interval, ['band', 'bars'] as const),
    logX: flags.logX ?? 'auto',
    logY: flags.logY ?? 'auto',
    labels: parseLabels(flags.label),
    references: flags.bound.map((column) => ({ column, label: column })),
    xTitle: flags.xTitle,
    yTitle: flags.yTitle,
    colorTitle: flags.colorTitle,
    title: flags.title,
    size,
  };
}

/** Registers `gradcode plot DIR [--x … --y …] [encodings] [--where …] [--aggregate …] [--format …] [--out …]`. */
export function register(program: Command): void {
  program
    .command('plot')
    .description('plot any columns of a stored results directory (SVG, PNG, PDF in the publication style)')
    .argument('<dir>', 'results directory (gradcode run / sweep / merge / train)')
    .option('--x <column>', 'column on the x axis (omit --x and --y to draw the spec’s plots or the default figures)')
    .option('--y <column>', 'numeric column on the y axis')
    .option('--y-lo <column>', 'lower end of an interval (with --y-hi)')
    .option('--y-hi <column>', 'upper end of an interval (with --y-lo)')
    .option('--color <column>', 'one colour per value')
    .option('--shape <column>', 'one point shape per value')
    .option('--dash <column>', 'one line dash per value')
    .option('--row <column>', 'one row of panels per value')
    .option('--column <column>', 'one column of panels per value')
    .option('--facet <column>', 'one panel per value, wrapped into rows')
    .option('--where <column=value>', 'keep rows where COLUMN equals VALUE (repeatable)', collect, [])
    .option('--aggregate <how>', 'none | mean: what to do with rows that share a mark (none: refuse)', 'none')
    .option('--table <name>', 'auto | cells | curve (trials) | train | schemes (training)', 'auto')
    .option('--mark <mark>', 'line | point | bar (default: line over a numeric x, else bar)')
    .option('--interval <style>', 'band | bars')
    .option('--log-x', 'logarithmic x axis (default: chosen from the data)')
    .option('--no-log-x', 'linear x axis')
    .option('--log-y', 'logarithmic y axis (default: chosen from the data)')
    .option('--no-log-y', 'linear y axis')
    .option('--label <column=text>', 'human label of a column (repeatable)', collect, [])
    .option(
      '--bound <column>',
      'a reference column drawn dashed over y, e.g. a training bound (repeatable)',
      collect,
      [],
    )
    .option('--x-title <text>', 'x axis title (default: the column’s label)')
    .option('--y-title <text>', 'y axis title (default: the column’s label)')
    .option('--color-title <text>', 'colour legend title (default: the column’s label)')
    .option('--title <text>', 'figure title (none by default)')
    .option('--size <size>', 'column (3.5 in) | page (7 in) | WxH in inches', 'column')
    .option('--format <list>', 'any of svg,png,pdf', 'svg,png')
    .option('--dpi <n>', 'PNG resolution', '300')
    .option('--out <path>', 'output path without extension (default: DIR/plots/<y>-vs-<x>)')
    .option('--json', 'print the written files as JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string, flags: PlotFlags) => {
      const formats = parsePlotFormats(flags.format, '--format');
      const dpi = parseDpi(flags.dpi);
      const size = parseSize(flags.size);
      if ((flags.x === undefined) !== (flags.y === undefined)) {
        throw new InputError(
          flags.x === undefined ? '--x' : '--y',
          `required with ${flags.x === undefined ? '--y' : '--x'}`,
        );
      }
      if (flags.out !== undefined) {
        if (flags.x === undefined) checkOutputDir(flags.out);
        else for (const f of formats) checkOutputFile(`${flags.out}.${f}`);
      }
      const view = await loadResultsView(dir, parseLabels(flags.label));
      if (view.tables.every((t) => t.rows.length === 0))
        throw new InputError(dir, 'holds no finished cell yet: nothing to plot (see its shards/*.jsonl)');
      let jobs: FigureJob[];
      let outDir: string;
      if (flags.x === undefined || flags.y === undefined) {
        jobs = resultsPlotJobs(view).map((j) => ({ ...j, formats }));
        outDir = flags.out ?? join(dir, 'plots');
      } else {
        const request = resolveFigure(view, settingsOf({ ...flags, x: flags.x, y: flags.y }, size), CLI_NAMING);
        const out = flags.out ?? join(dir, 'plots', `${stem(request.y)}-vs-${stem(request.x)}`);
        jobs = [{ name: basename(out), request, formats }];
        outDir = dirname(out);
      }
      const warnings: string[] = [];
      const drawn: DrawnFigure[] = await drawFigures(jobs, outDir, { dpi, onWarning: (w) => warnings.push(w) });
      const files = drawn.flatMap((d) => d.files);
      const single = flags.x !== undefined && jobs.length === 1 ? jobs[0] : undefined;
      const table = single ? tableOfRequest(view, single.request) : 'spec';
      if (flags.json) {
        process.stdout.write(
          jsonOutput({
            dir: resolve(dir),
            table,
            rows: single ? drawn[0].rows : undefined,
            complete: view.complete,
            figures: drawn.map((d) => ({ name: d.name, files: d.files.map((f) => resolve(f)), notes: d.notes })),
            files: files.map((f) => resolve(f)),
            warnings,
          }),
        );
        return;
      }
      for (const w of warnings) process.stderr.write(`gradcode plot: warning: ${escapeControl(w)}\n`);
      const what = single
        ? `${single.request.y} vs ${single.request.x} from ${table} (${drawn[0].rows} rows${view.complete ? '' : ', incomplete results'})`
        : `${drawn.length} figure(s)${view.complete ? '' : ' (incomplete results)'}`;
      process.stdout.write(escapeControl(`plotted ${what}\n`));
      for (const d of drawn) {
        process.stdout.write(escapeControl(`  ${d.files.map((f) => resolve(f)).join(', ')}\n`));
        for (const note of d.notes) process.stdout.write(escapeControl(`    ${note}\n`));
      }
    });
}

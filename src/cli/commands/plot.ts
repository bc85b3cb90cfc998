import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { availableColumns } from '../../plots/data/columns.js';
import { parsePlotFormats } from '../../plots/render/formats.js';
import { renderPlot } from '../../plots/render/render-plot.js';
import { FIGURE_SIZES, type FigureSize, type FigureSizeName } from '../../plots/style/figure-size.js';
import { plotTable } from '../../plots/templates/plot-table.js';
import type { PlotRow, PlotSpec } from '../../plots/types.js';
import { type LoadedResults, loadResults } from '../../store/load-results.js';
import { sweepAxes } from '../../store/tidy-rows.js';
import { resolveSpecPlots, specPlotFigure } from '../../sweep/spec-plots.js';

/** The flags as commander hands them over. */
interface PlotFlags {
  readonly x?: string;
  readonly y?: string;
  readonly color?: string;
  readonly facet?: string;
  readonly yLo?: string;
  readonly yHi?: string;
  readonly table: string;
  readonly mark?: string;
  readonly interval?: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
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

/** The tables of a results directory that `gradcode plot` can draw from. */
export const PLOT_TABLES = ['auto', 'cells', 'curve'] as const;

const EXAMPLES = `
Examples:
  gradcode plot results/default --x scheme --y completion_mean --facet code
  gradcode plot results/default --x T --y error_mean --color scheme --facet code --log-x --log-y
  gradcode plot results/default                      the figures listed under \`plots:\` in the spec
  gradcode plot results/sweep --x axis.code.N --y completion_mean --color protocol --format svg,png,pdf --out fig/n

Draws any columns of a stored results directory (gradcode run / sweep / resume / merge; columns in
docs/results-schema.md) in the publication style: --table cells has one row per cell, --table curve one row per
(cell, T); auto (the default) uses cells when it has every named column, else curve. A y column ending in _mean gets
its _ci_lo/_ci_hi interval when present (--y-lo/--y-hi choose others). An unfinished sweep is plotted from its shard
logs. Writes OUT.svg/.png/.pdf (default DIR/plots/<y>-vs-<x>). Without --x and --y, draws the spec's stored
\`plots\` list (docs/sweeps.md) into DIR/plots/<name> (--out: the folder), in the --format formats. Exit codes:
0 written, 1 failure, 2 bad input (an unknown column names its flag, or its plots[i] entry, and lists the columns).`;

/** Parses `--dpi`. */
function parseDpi(text: string): number {
  const dpi = Number(text);
  if (!Number.isFinite(dpi) || dpi < 36 || dpi > 1200)
    throw new InputError('--dpi', `"${text}" is not a resolution in 36…1200`);
  return dpi;
}

/** Parses `--size`: `column`, `page`, or `WxH` in inches. */
function parseSize(text: string): FigureSizeName | FigureSize {
  if (Object.hasOwn(FIGURE_SIZES, text)) return text as FigureSizeName;
  const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(text);
  if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) {
    throw new InputError(
      '--size',
      `"${text}" is not ${Object.keys(FIGURE_SIZES).join(', ')} or WIDTHxHEIGHT in inches (e.g. 5x3)`,
    );
  }
  return { widthIn: Number(m[1]), heightIn: Number(m[2]) };
}

/**
 * The figures of a results directory's stored `plots` list (spec.resolved.json), through src/sweep's spec plots
 * (validated entries with the results tables' defaults): name and Vega-Lite spec of each. Errors name the entry,
 * e.g. `plots[1] (y)`.
 */
export async function specPlots(results: LoadedResults): Promise<{ name: string; spec: PlotSpec }[]> {
  if (results.plots.length === 0) {
    throw new InputError(
      '--x',
      'required: the spec stores no `plots` list, so give --x and --y (gradcode plot DIR --x COLUMN --y COLUMN)',
    );
  }
  const plots = resolveSpecPlots(results.plots, sweepAxes(results.spec.cells));
  const out: { name: string; spec: PlotSpec }[] = [];
  for (const [k, plot] of plots.entries()) {
    try {
      out.push({
        name: plot.name,
        spec: await specPlotFigure(plot, plot.table === 'cells' ? results.cells : results.curve),
      });
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`plots[${k}] (${error.field})`, error.message);
      throw error;
    }
  }
  return out;
}

/** The columns a set of flags names (undefined ones left out). */
function namedColumns(flags: PlotFlags & { x: string; y: string }): string[] {
  return [flags.x, flags.y, flags.color, flags.facet, flags.yLo, flags.yHi].filter((c): c is string => !!c);
}

/** `_mean` → its `_ci_lo`/`_ci_hi` columns when the table has both and no interval was asked for. */
function defaultInterval(rows: readonly PlotRow[], flags: PlotFlags & { y: string }): { yLo?: string; yHi?: string } {
  if (flags.yLo !== undefined || flags.yHi !== undefined) return { yLo: flags.yLo, yHi: flags.yHi };
  if (!flags.y.endsWith('_mean')) return {};
  const stem = flags.y.slice(0, -'_mean'.length);
  const columns = availableColumns(rows);
  return columns.includes(`${stem}_ci_lo`) && columns.includes(`${stem}_ci_hi`)
    ? { yLo: `${stem}_ci_lo`, yHi: `${stem}_ci_hi` }
    : {};
}

/**
 * Picks the table of a loaded results directory to plot from `--table`: `cells` or `curve` as asked, or with `auto`
 * the cells table when it has every named column, else the curve table when it does, else cells (whose unknown
 * column is then reported against cells and curve).
 */
export function pickTable(results: LoadedResults, table: string, columns: readonly string[]): 'cells' | 'curve' {
  if (table === 'cells' || table === 'curve') return table;
  if (table !== 'auto')
    throw new InputError('--table', `unknown table "${table}"; use one of ${PLOT_TABLES.join(', ')}`);
  const has = (rows: readonly PlotRow[]) => {
    const available = availableColumns(rows);
    return columns.every((c) => available.includes(c));
  };
  if (has(results.cells as PlotRow[])) return 'cells';
  if (has(results.curve as PlotRow[])) return 'curve';
  return 'cells';
}

/**
 * An unknown column in auto mode: the flag that named it, and the columns of both tables (the error of
 * {@link plotTable} would list one table only).
 */
function checkAutoColumns(results: LoadedResults, flags: PlotFlags): void {
  const cells = availableColumns(results.cells as PlotRow[]);
  const curve = availableColumns(results.curve as PlotRow[]);
  const byFlag: [string, string | undefined][] = [
    ['--x', flags.x],
    ['--y', flags.y],
    ['--color', flags.color],
    ['--facet', flags.facet],
    ['--y-lo', flags.yLo],
    ['--y-hi', flags.yHi],
  ];
  for (const [flag, column] of byFlag) {
    if (column === undefined || cells.includes(column) || curve.includes(column)) continue;
    throw new InputError(
      flag,
      `unknown column "${column}"; available columns: cells table: ${cells.join(', ')}; curve table: ${curve.join(', ')}`,
    );
  }
}

/** A file-name-safe stem from a column name. */
function stem(column: string): string {
  return column.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Registers `gradcode plot DIR --x … --y … [--color …] [--facet …] [--format svg,png,pdf] [--out …]`. */
export function register(program: Command): void {
  program
    .command('plot')
    .description('plot any columns of a stored results directory (SVG, PNG, PDF in the publication style)')
    .argument('<dir>', 'results directory (gradcode run / sweep / merge)')
    .option('--x <column>', 'column on the x axis (omit --x and --y to draw the spec’s stored `plots` list)')
    .option('--y <column>', 'numeric column on the y axis')
    .option('--color <column>', 'one series (colour) per value of this column')
    .option('--facet <column>', 'one panel per value of this column')
    .option('--y-lo <column>', 'lower end of an interval (with --y-hi)')
    .option('--y-hi <column>', 'upper end of an interval (with --y-lo)')
    .option('--table <name>', 'auto | cells | curve', 'auto')
    .option('--mark <mark>', 'line | point | bar (default: line over a numeric x, else bar)')
    .option('--interval <style>', 'band | bars')
    .option('--log-x', 'logarithmic x axis')
    .option('--log-y', 'logarithmic y axis')
    .option('--x-title <text>', 'x axis title (default: the column name)')
    .option('--y-title <text>', 'y axis title (default: the column name)')
    .option('--color-title <text>', 'legend title (default: the column name)')
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
      if (!(PLOT_TABLES as readonly string[]).includes(flags.table)) {
        throw new InputError('--table', `unknown table "${flags.table}"; use one of ${PLOT_TABLES.join(', ')}`);
      }
      if ((flags.x === undefined) !== (flags.y === undefined)) {
        throw new InputError(
          flags.x === undefined ? '--x' : '--y',
          'required with ' + (flags.x === undefined ? '--y' : '--x'),
        );
      }
      const results = await loadResults(dir);
      const figures: { outBase: string; spec: PlotSpec; table: string; rows: number }[] = [];
      if (flags.x === undefined || flags.y === undefined) {
        for (const f of await specPlots(results)) {
          figures.push({
            outBase: join(flags.out ?? join(dir, 'plots'), f.name),
            spec: { ...f.spec },
            table: 'spec',
            rows: 0,
          });
        }
      } else {
        const xy = { ...flags, x: flags.x, y: flags.y };
        if (flags.table === 'auto') checkAutoColumns(results, flags);
        const table = pickTable(results, flags.table, namedColumns(xy));
        const rows = (table === 'cells' ? results.cells : results.curve) as PlotRow[];
        if (rows.length === 0) throw new InputError(dir, `the ${table} table has no rows yet (no finished cell)`);
        const spec = plotTable({
          rows,
          x: xy.x,
          y: xy.y,
          color: flags.color,
          facet: flags.facet,
          ...defaultInterval(rows, xy),
          mark: flags.mark,
          interval: flags.interval,
          logX: flags.logX,
          logY: flags.logY,
          xTitle: flags.xTitle,
          yTitle: flags.yTitle,
          colorTitle: flags.colorTitle,
          title: flags.title,
          size,
        });
        figures.push({
          outBase: flags.out ?? join(dir, 'plots', `${stem(xy.y)}-vs-${stem(xy.x)}`),
          spec,
          table,
          rows: rows.length,
        });
      }
      const warnings: string[] = [];
      const files: string[] = [];
      for (const figure of figures) {
        const paths = await renderPlot(figure.spec, {
          formats,
          outBase: figure.outBase,
          dpi,
          onWarning: (w) => warnings.push(w),
        });
        files.push(...formats.map((f) => paths[f]).filter((p): p is string => p !== undefined));
      }
      const single = figures.length === 1 && figures[0].table !== 'spec' ? figures[0] : undefined;
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify(
            { dir, table: single?.table ?? 'spec', rows: single?.rows, complete: results.complete, files, warnings },
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const w of warnings) process.stderr.write(`gradcode plot: warning: ${w}\n`);
      const what = single
        ? `${flags.y} vs ${flags.x} from ${single.table} (${single.rows} rows${results.complete ? '' : ', sweep incomplete'})`
        : `${figures.length} figure(s) of the spec's plots list${results.complete ? '' : ' (sweep incomplete)'}`;
      process.stdout.write(`plotted ${what}\n${files.map((f) => `  ${relative(process.cwd(), f) || f}\n`).join('')}`);
    });
}

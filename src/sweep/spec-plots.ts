import { z } from 'zod';
import { InputError } from '../errors.js';
import type { PlotFormat } from '../plots/render/formats.js';
import type { PlotRow, PlotSpec } from '../plots/types.js';
import { parseWith } from '../spec/zod-error.js';
import type { TidyRow } from '../store/columns.js';
import { plotBasePath } from '../store/layout.js';
import { cellColumns, curveColumns, type SweepAxes } from '../store/tidy-rows.js';

/** Templates a spec's `plots` entries can name. */
export const SPEC_PLOT_TEMPLATES = ['error-vs-time', 'completion-time', 'table'] as const;

/**
 * One entry of a spec's `plots` list: a figure drawn from the results tables when a run completes (and by `gradcode
 * merge` / `resume`). Column names are those of docs/results-schema.md; `axis.<path>` columns included.
 */
export const SpecPlotSchema = z.strictObject({
  /** `error-vs-time` (curve table: error vs T, log axes), `completion-time` (cells table: bars with CIs), `table`. */
  template: z.enum(SPEC_PLOT_TEMPLATES),
  /** File name (without extension) under DIR/plots/; default `<template>` (`-2`, `-3`, … when repeated). */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a file name of letters, digits, ".", "_" and "-"')
    .optional(),
  /** Table the rows come from; default `curve` for error-vs-time, else `cells`. */
  table: z.enum(['cells', 'curve']).optional(),
  x: z.string().min(1).optional(),
  y: z.string().min(1).optional(),
  yLo: z.string().min(1).optional(),
  yHi: z.string().min(1).optional(),
  color: z.string().min(1).optional(),
  facet: z.string().min(1).optional(),
  /** `table` only: line, point or bar. */
  mark: z.enum(['line', 'point', 'bar']).optional(),
  logX: z.boolean().optional(),
  logY: z.boolean().optional(),
  title: z.string().optional(),
  /** `column` (3.5 in wide, default) or `page` (7 in). */
  size: z.enum(['column', 'page']).optional(),
  /** Files to write (default svg and png). */
  formats: z
    .array(z.enum(['svg', 'png', 'pdf']))
    .min(1)
    .optional(),
});

/** A validated `plots` entry. */
export type SpecPlot = z.infer<typeof SpecPlotSchema>;

/** A plot entry with its defaults filled and its file name chosen. */
export interface ResolvedSpecPlot extends SpecPlot {
  readonly name: string;
  readonly table: 'cells' | 'curve';
  readonly x: string;
  readonly y: string;
  readonly formats: PlotFormat[];
}

const DEFAULTS: Record<SpecPlot['template'], Partial<SpecPlot>> = {
  'error-vs-time': {
    table: 'curve',
    x: 'T',
    y: 'error_mean',
    yLo: 'error_ci_lo',
    yHi: 'error_ci_hi',
    color: 'scheme',
  },
  'completion-time': {
    table: 'cells',
    x: 'scheme',
    y: 'completion_mean',
    yLo: 'completion_ci_lo',
    yHi: 'completion_ci_hi',
  },
  table: { table: 'cells' },
};

/**
 * Validates a spec's `plots` list (strict: unknown keys named, e.g. `plots[1].colour`), fills each entry's defaults
 * and checks every named column exists in its table for this sweep's axes — so a typo fails with exit code 2 before
 * any trial runs, not after.
 */
export function resolveSpecPlots(plots: readonly unknown[] | undefined, axes: SweepAxes): ResolvedSpecPlot[] {
  const names = new Map<string, number>();
  const columns = {
    cells: new Set(cellColumns(axes).map((c) => c.name)),
    curve: new Set(curveColumns(axes).map((c) => c.name)),
  };
  return (plots ?? []).map((raw, k) => {
    const field = `plots[${k}]`;
    const entry = parseWith(SpecPlotSchema, raw, field);
    const merged = { ...DEFAULTS[entry.template], ...entry };
    if (merged.x === undefined) throw new InputError(`${field}.x`, `required for the ${entry.template} template`);
    if (merged.y === undefined) throw new InputError(`${field}.y`, `required for the ${entry.template} template`);
    if ((entry.yLo === undefined) !== (entry.yHi === undefined))
      throw new InputError(`${field}.${entry.yLo === undefined ? 'yLo' : 'yHi'}`, 'yLo and yHi go together');
    const table = merged.table ?? 'cells';
    for (const key of ['x', 'y', 'yLo', 'yHi', 'color', 'facet'] as const) {
      const column = merged[key];
      if (column !== undefined && !columns[table].has(column)) {
        throw new InputError(
          `${field}.${key}`,
          `the ${table} table has no column "${column}" (columns: docs/results-schema.md; ` +
            `axis columns here: ${[...columns[table]].filter((c) => c.startsWith('axis.')).join(', ') || 'none'})`,
        );
      }
    }
    const base = entry.name ?? entry.template;
    const seen = names.get(base) ?? 0;
    names.set(base, seen + 1);
    return {
      ...merged,
      table,
      x: merged.x,
      y: merged.y,
      name: seen ? `${base}-${seen + 1}` : base,
      formats: entry.formats ? [...new Set(entry.formats)] : ['svg', 'png'],
    };
  });
}

/** The Vega-Lite spec of a resolved plot entry drawn from `rows`. */
export async function specPlotFigure(plot: ResolvedSpecPlot, rows: readonly TidyRow[]): Promise<PlotSpec> {
  const data = rows as readonly PlotRow[];
  const common = { title: plot.title, size: plot.size, facet: plot.facet };
  if (plot.template === 'error-vs-time') {
    const { errorVsTimePlot } = await import('../plots/templates/error-vs-time.js');
    return errorVsTimePlot({
      ...common,
      rows: data,
      x: plot.x,
      y: plot.y,
      yLo: plot.yLo ?? null,
      yHi: plot.yHi ?? null,
      color: plot.color ?? null,
    });
  }
  if (plot.template === 'completion-time') {
    const { completionTimePlot } = await import('../plots/templates/completion-time.js');
    return completionTimePlot({
      ...common,
      rows: data,
      x: plot.x,
      y: plot.y,
      yLo: plot.yLo ?? null,
      yHi: plot.yHi ?? null,
      color: plot.color ?? null,
      xTitle: plot.x,
      logY: plot.logY,
    });
  }
  const { plotTable } = await import('../plots/templates/plot-table.js');
  return plotTable({
    title: plot.title,
    size: plot.size,
    rows: data,
    x: plot.x,
    y: plot.y,
    yLo: plot.yLo,
    yHi: plot.yHi,
    color: plot.color,
    facet: plot.facet,
    mark: plot.mark,
    logX: plot.logX,
    logY: plot.logY,
  });
}

/**
 * Draws every plot of a spec into `DIR/plots/<name>.<format>` from the results tables. Returns the written files
 * (relative order: plot by plot, format by format). Rendering errors name the plot entry (`plots[k]`).
 */
export async function writeSpecPlots(
  dir: string,
  plots: readonly ResolvedSpecPlot[],
  tables: { readonly cells: readonly TidyRow[]; readonly curve: readonly TidyRow[] },
): Promise<string[]> {
  if (plots.length === 0) return [];
  const { renderPlot } = await import('../plots/render/render-plot.js');
  const written: string[] = [];
  for (const [k, plot] of plots.entries()) {
    try {
      const figure = await specPlotFigure(plot, tables[plot.table]);
      const paths = await renderPlot(figure, {
        outBase: plotBasePath(dir, plot.name),
        formats: plot.formats,
        onWarning: () => {},
      });
      written.push(...plot.formats.map((f) => paths[f]).filter((p): p is string => p !== undefined));
    } catch (error) {
      if (error instanceof InputError) throw new InputError(`plots[${k}] (${error.field})`, error.message);
      throw error;
    }
  }
  return written;
}

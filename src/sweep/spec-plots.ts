import { z } from 'zod';
import { InputError } from '../errors.js';
import type { PlotFormat } from '../plots/render/formats.js';
import type { PlotRow, PlotSpec } from '../plots/types.js';
import { parseWith } from '../spec/zod-error.js';
import type { TidyRow } from '../store/columns.js';
import { plotBasePath } from '../store/layout.js';
import { cellColumns, curveColumns, type SweepAxes } from '../store/tidy-rows.js';

/** Templates a spec's `plots` entries can name (the templates of src/plots; `table` is the generic plot). */
export const SPEC_PLOT_TEMPLATES = [
  'error-vs-time',
  'completion-time',
  'table',
  'completion-cdf',
  'ordering-comparison',
  'code-comparison',
  'convergence-bound',
] as const;

/** A spec plot's template name. */
export type SpecPlotTemplate = (typeof SPEC_PLOT_TEMPLATES)[number];

const column = z.string().min(1);

/**
 * One entry of a spec's `plots` list: a figure drawn from the results tables when a run completes (and by `gradcode
 * merge` / `resume`, and `gradcode plot DIR`). Column names are those of docs/results-schema.md, `axis.<path>` columns
 * included. Besides `template`, `table`, `name` and `formats`, every key is an option of the template (keys a template
 * does not know are ignored by it; keys no template knows are rejected).
 */
export const SpecPlotSchema = z.strictObject({
  /** Which figure: error-vs-time, completion-time, table (any columns), completion-cdf, ordering-comparison, … */
  template: z.enum(SPEC_PLOT_TEMPLATES),
  /** File name (without extension) under DIR/plots/; default `<template>` (`-2`, `-3`, … when repeated). */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a file name of letters, digits, ".", "_" and "-"')
    .optional(),
  /** Table the rows come from; default `curve` for error-vs-time and completion-cdf, else `cells`. */
  table: z.enum(['cells', 'curve']).optional(),
  /** Files to write (default svg and png). */
  formats: z
    .array(z.enum(['svg', 'png', 'pdf']))
    .min(1)
    .optional(),
  // Columns.
  x: column.optional(),
  y: column.optional(),
  yLo: column.nullable().optional(),
  yHi: column.nullable().optional(),
  color: column.nullable().optional(),
  facet: column.optional(),
  /** ordering-comparison: the ordering column. */
  ordering: column.optional(),
  /** convergence-bound: the bound column. */
  bound: column.optional(),
  // Presentation.
  mark: z.enum(['line', 'point', 'bar', 'box']).optional(),
  interval: z.enum(['band', 'bars']).optional(),
  logX: z.boolean().optional(),
  logY: z.boolean().optional(),
  step: z.boolean().optional(),
  points: z.boolean().optional(),
  independentY: z.boolean().optional(),
  title: z.string().optional(),
  xTitle: z.string().optional(),
  yTitle: z.string().optional(),
  colorTitle: z.string().optional(),
  orderingTitle: z.string().optional(),
  empiricalLabel: z.string().optional(),
  boundLabel: z.string().optional(),
  facetTitle: z.string().nullable().optional(),
  facetColumns: z.number().int().positive().optional(),
  /** `column` (3.5 in wide, default) or `page` (7 in). */
  size: z.enum(['column', 'page']).optional(),
});

/** A validated `plots` entry. */
export type SpecPlot = z.infer<typeof SpecPlotSchema>;

/** A plot entry with its defaults filled and its file name chosen. */
export interface ResolvedSpecPlot extends SpecPlot {
  readonly name: string;
  readonly table: 'cells' | 'curve';
  readonly formats: PlotFormat[];
}

/** Defaults of the templates whose own defaults (`mean`, `ci_lo`, …) are not columns of the results tables. */
const DEFAULTS: Partial<Record<SpecPlotTemplate, Partial<SpecPlot>>> = {
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
  // The curve's `decodable` (fraction exactly decodable by T) is the completion-time CDF on the T grid.
  'completion-cdf': {
    table: 'curve',
    x: 'T',
    y: 'decodable',
    yLo: 'decodable_ci_lo',
    yHi: 'decodable_ci_hi',
    color: 'scheme',
  },
  'ordering-comparison': {
    table: 'cells',
    x: 'N',
    ordering: 'order',
    y: 'completion_mean',
    yLo: 'completion_ci_lo',
    yHi: 'completion_ci_hi',
  },
  'code-comparison': {
    table: 'cells',
    y: 'completion_mean',
    yLo: 'completion_ci_lo',
    yHi: 'completion_ci_hi',
  },
};

/** Keys of an entry that name columns. */
const COLUMN_KEYS = ['x', 'y', 'yLo', 'yHi', 'color', 'facet', 'ordering', 'bound'] as const;

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
    const merged: SpecPlot = { ...DEFAULTS[entry.template], ...entry };
    if (entry.template === 'table' || entry.template === 'code-comparison') {
      if (merged.x === undefined) throw new InputError(`${field}.x`, `required for the ${entry.template} template`);
    }
    if (entry.template === 'table' && merged.y === undefined)
      throw new InputError(`${field}.y`, 'required for the table template');
    if ((entry.yLo === undefined) !== (entry.yHi === undefined))
      throw new InputError(`${field}.${entry.yLo === undefined ? 'yLo' : 'yHi'}`, 'yLo and yHi go together');
    const table = merged.table ?? 'cells';
    for (const key of COLUMN_KEYS) {
      const name = merged[key];
      if (typeof name === 'string' && !columns[table].has(name)) {
        throw new InputError(
          `${field}.${key}`,
          `the ${table} table has no column "${name}" (columns: docs/results-schema.md; ` +
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
      name: seen ? `${base}-${seen + 1}` : base,
      formats: entry.formats ? [...new Set(entry.formats)] : ['svg', 'png'],
    };
  });
}

/** Loads the template function of a spec plot (lazily: Vega is only imported when a figure is drawn). */
async function templateOf(template: SpecPlotTemplate): Promise<(options: never) => PlotSpec> {
  switch (template) {
    case 'error-vs-time':
      return (await import('../plots/templates/error-vs-time.js')).errorVsTimePlot;
    case 'completion-time':
      return (await import('../plots/templates/completion-time.js')).completionTimePlot;
    case 'table':
      return (await import('../plots/templates/plot-table.js')).plotTable;
    case 'completion-cdf':
      return (await import('../plots/templates/completion-cdf.js')).completionCdfPlot;
    case 'ordering-comparison':
      return (await import('../plots/templates/ordering-comparison.js')).orderingComparisonPlot;
    case 'code-comparison':
      return (await import('../plots/templates/code-comparison.js')).codeComparisonPlot;
    case 'convergence-bound':
      return (await import('../plots/templates/convergence-bound.js')).convergenceBoundPlot;
  }
}

/** The Vega-Lite spec of a resolved plot entry drawn from `rows`: the entry's options passed to its template. */
export async function specPlotFigure(plot: ResolvedSpecPlot, rows: readonly TidyRow[]): Promise<PlotSpec> {
  const { template, name: _name, table: _table, formats: _formats, ...options } = plot;
  const draw = await templateOf(template);
  const extra = template === 'completion-time' && options.xTitle === undefined ? { xTitle: options.x } : {};
  return draw({ ...options, ...extra, rows: rows as readonly PlotRow[] } as never);
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

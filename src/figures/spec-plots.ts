import { InputError } from '../errors.js';
import type { PlotFormat } from '../plots/render/formats.js';
import { type SpecPlot, SpecPlotSchema, type SpecPlotTemplate } from '../spec/plot-schema.js';
import { parseWith } from '../spec/zod-error.js';
import { type AxisColumn, resolveAxisReference } from '../store/axis-columns.js';
import type { FigureSettings } from './figure-request.js';

/** The columns a results directory's tables will have, for checking spec plots before anything runs. */
export interface PlotTables {
  /** Table name → its columns. */
  readonly tables: Readonly<Record<string, readonly string[]>>;
  readonly axes: readonly AxisColumn[];
}

/** A validated `plots` entry with its template's preset applied and its file name chosen. */
export interface ResolvedSpecPlot {
  readonly name: string;
  readonly formats: PlotFormat[];
  readonly template: SpecPlotTemplate;
  /** The entry as validated. */
  readonly entry: SpecPlot;
  /** The figure the entry asks for: the template's preset, then every key of the entry. */
  readonly settings: FigureSettings;
}

/** The preset of each template: the settings an entry starts from (docs/sweeps.md, "Plots"). */
function preset(template: SpecPlotTemplate, entry: SpecPlot): Partial<FigureSettings> & { table: string } {
  switch (template) {
    case 'error-vs-time':
      return { table: 'curve', x: 'T', y: 'error_mean', logY: true };
    case 'completion-time':
      return { table: 'cells', x: 'scheme', y: 'completion_mean', mark: 'bar' };
    case 'completion-cdf':
      return {
        table: 'curve',
        x: 'T',
        y: 'decodable',
        yLo: 'decodable_ci_lo',
        yHi: 'decodable_ci_hi',
        interpolate: entry.step === false ? 'linear' : 'step-after',
        yDomain: [0, 1],
        logY: false,
      };
    case 'ordering-comparison':
      return { table: 'cells', x: 'N', color: entry.ordering ?? 'order', y: 'completion_mean', mark: 'bar' };
    case 'code-comparison':
      return { table: 'cells', color: 'code', y: 'completion_mean', mark: 'line', interval: 'bars' };
    case 'table':
      return { table: 'auto' };
    case 'convergence':
    case 'convergence-bound':
      return { table: 'train', x: 'k', y: 'gap_mean', logY: true, mark: 'line' };
    case 'gradient-error':
      return { table: 'train', x: 'k', y: 'gradient_error_mean', logY: 'auto', mark: 'line' };
    case 'loss-vs-time':
      return { table: 'train', x: 'time_mean', y: 'gap_mean', logY: true, mark: 'line' };
  }
}

/** Templates whose entries must name x (and y): nothing sensible to default to. */
const NEEDS_X: readonly SpecPlotTemplate[] = ['table', 'code-comparison'];

/** The `where:` map of an entry as `column=value` filters. */
function whereOf(entry: SpecPlot): string[] {
  return Object.entries(entry.where ?? {}).flatMap(([column, v]) =>
    (Array.isArray(v) ? v : [v]).map((value) => `${column}=${String(value)}`),
  );
}

/** Keys of an entry (after its preset) that name columns, with the spec key that names each. */
const COLUMN_KEYS = ['x', 'y', 'yLo', 'yHi', 'color', 'shape', 'dash', 'row', 'column', 'facet'] as const;

/**
 * Validates a spec's `plots` list (strict: unknown keys named, e.g. `plots[1].colour`), applies each template's
 * preset and checks every named column — including `where` keys and `bound` — exists in its table for these results,
 * so a typo fails with exit code 2 before any trial runs. A sweep axis may be named by its column, its spec path or
 * its schema-1 name. Templates for other kinds of results (a training template in a trial spec) are refused.
 */
export function resolveSpecPlots(plots: readonly unknown[] | undefined, tables: PlotTables): ResolvedSpecPlot[] {
  const names = new Map<string, number>();
  return (plots ?? []).map((raw, k) => {
    const field = `plots[${k}]`;
    const entry = parseWith(SpecPlotSchema, raw, field);
    const base = preset(entry.template, entry);
    const table = entry.table ?? base.table;
    if (table !== 'auto' && !(table in tables.tables)) {
      throw new InputError(
        entry.table ? `${field}.table` : `${field}.template`,
        `${entry.table ? `table ${table}` : `template ${entry.template} (table ${table})`} does not exist in these ` +
          `results (tables: ${Object.keys(tables.tables).join(', ')})`,
      );
    }
    if (NEEDS_X.includes(entry.template) && entry.x === undefined)
      throw new InputError(`${field}.x`, `required for the ${entry.template} template`);
    if (entry.template === 'table' && entry.y === undefined)
      throw new InputError(`${field}.y`, 'required for the table template');
    if ((entry.yLo === undefined) !== (entry.yHi === undefined))
      throw new InputError(`${field}.${entry.yLo === undefined ? 'yLo' : 'yHi'}`, 'yLo and yHi go together');
    const bounds = entry.bound ? [{ column: entry.bound, label: entry.labels?.[entry.bound] ?? entry.bound }] : [];
    const settings: FigureSettings = {
      ...base,
      table,
      x: entry.x ?? base.x ?? '',
      y: entry.y ?? base.y ?? '',
      ...(entry.yLo !== undefined ? { yLo: entry.yLo, yHi: entry.yHi } : {}),
      ...(entry.color !== undefined ? { color: entry.color } : {}),
      ...(entry.shape !== undefined ? { shape: entry.shape } : {}),
      ...(entry.dash !== undefined ? { dash: entry.dash } : {}),
      ...(entry.row !== undefined ? { row: entry.row } : {}),
      ...(entry.column !== undefined ? { column: entry.column } : {}),
      ...(entry.facet !== undefined ? { facet: entry.facet } : {}),
      ...(entry.mark !== undefined ? { mark: entry.mark } : {}),
      ...(entry.interval !== undefined ? { interval: entry.interval } : {}),
      ...(entry.logX !== undefined ? { logX: entry.logX } : {}),
      ...(entry.logY !== undefined ? { logY: entry.logY } : {}),
      ...(entry.points !== undefined ? { points: entry.points } : {}),
      ...(entry.aggregate !== undefined ? { aggregate: entry.aggregate } : {}),
      ...(bounds.length ? { references: bounds } : {}),
      where: whereOf(entry),
      labels: entry.labels,
      title: entry.title,
      xTitle: entry.xTitle,
      yTitle: entry.yTitle,
      colorTitle: entry.colorTitle,
      size: entry.size,
      facetColumns: entry.facetColumns,
    };
    checkColumns(settings, entry, tables, field);
    const stem = entry.name ?? entry.template;
    const seen = names.get(stem) ?? 0;
    names.set(stem, seen + 1);
    return {
      name: seen ? `${stem}-${seen + 1}` : stem,
      formats: entry.formats ? [...new Set(entry.formats)] : ['svg', 'png'],
      template: entry.template,
      entry,
      settings,
    };
  });
}

/**
 * Throws an InputError naming `plots[k].KEY` for a column its table does not have (with `table: auto`, for the first
 * column that no table holds together with the ones before it).
 */
function checkColumns(settings: FigureSettings, entry: SpecPlot, tables: PlotTables, field: string): void {
  let candidates =
    settings.table === 'auto' ? Object.keys(tables.tables) : [settings.table ?? Object.keys(tables.tables)[0]];
  const has = (table: string, name: string) =>
    tables.tables[table].includes(name) ||
    (resolveAxisReference(tables.axes, name) !== undefined &&
      tables.tables[table].includes(resolveAxisReference(tables.axes, name)!.column));
  const named: [string, string][] = [];
  for (const key of COLUMN_KEYS) {
    const v = settings[key];
    if (typeof v === 'string') named.push([key, v]);
  }
  for (const column of Object.keys(entry.where ?? {})) named.push([`where.${column}`, column]);
  if (entry.bound) named.push(['bound', entry.bound]);
  for (const [key, name] of named) {
    const left = candidates.filter((t) => has(t, name));
    if (left.length > 0) {
      candidates = left;
      continue;
    }
    const axes = tables.axes.map((a) => a.column);
    const elsewhere = Object.keys(tables.tables).filter((t) => has(t, name));
    throw new InputError(
      `${field}.${key}`,
      elsewhere.length
        ? `"${name}" is a column of the ${elsewhere.join('/')} table, which lacks the entry's other columns; ` +
            `the ${candidates.join('/')} table has ${named
              .slice(
                0,
                named.findIndex(([k]) => k === key),
              )
              .map(([, n]) => n)
              .join(', ')}`
        : `the ${candidates.join('/')} table has no column "${name}" (columns: docs/results-schema.md; ` +
            `axis columns here: ${axes.join(', ') || 'none'})`,
    );
  }
}

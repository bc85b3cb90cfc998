import { InputError } from '../errors.js';
import { parseWhere } from '../plots/grammar/filter.js';
import type { MergeAdvice } from '../plots/grammar/marks.js';
import type { ColumnChannel, FigureStyle, GrammarRequest } from '../plots/grammar/request.js';
import type { FigureOptions } from '../plots/layout/compose.js';
import { resolveAxisReference } from '../store/axis-columns.js';
import { type ResultsView, separatingCandidates, type TableView } from './results-view.js';

/** A figure as a user asks for it (CLI flags, a spec's `plots` entry, or a default layout): columns as written. */
export interface FigureSettings extends FigureStyle {
  /** Table to draw from (`cells`, `curve`, `train`, …) or `auto` (the first table with every named column). */
  readonly table?: string;
  readonly x: string;
  readonly y: string;
  /** Interval ends; undefined: `<stem>_ci_lo`/`_ci_hi` of a `<stem>_mean` y when present; null: none. */
  readonly yLo?: string | null;
  readonly yHi?: string | null;
  readonly color?: string | null;
  readonly shape?: string;
  readonly dash?: string;
  readonly row?: string;
  readonly column?: string;
  readonly facet?: string;
  /** `COLUMN=VALUE` filters. */
  readonly where?: readonly string[];
  readonly aggregate?: 'none' | 'mean';
  /** Figure title. */
  readonly title?: string;
  readonly size?: FigureOptions['size'];
  readonly facetColumns?: number;
}

/** How the settings' fields are named in errors, and what a merge error suggests. */
export interface SettingsNaming {
  /** The field of a setting, e.g. `--y-lo` or `plots[0].yLo`. */
  readonly field: (key: ColumnChannel | 'where' | 'table' | 'encodings' | 'mark' | 'references') => string;
  readonly advice: MergeAdvice;
}

/** The `gradcode plot` flags. */
export const CLI_NAMING: SettingsNaming = {
  field: (key) => (key === 'encodings' ? 'encodings' : `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`),
  advice: {
    encodings: ['--color', '--shape', '--dash', '--row', '--column', '--facet'],
    filter: '--where',
    aggregate: '--aggregate mean',
  },
};

/** The keys of a spec's `plots[k]` entry. */
export function specNaming(k: number): SettingsNaming {
  return {
    field: (key) =>
      key === 'encodings' ? `plots[${k}]` : key === 'references' ? `plots[${k}].bound` : `plots[${k}].${key}`,
    advice: {
      encodings: ['color', 'shape', 'dash', 'row', 'column', 'facet'],
      filter: 'where:',
      aggregate: 'aggregate: mean',
    },
  };
}

/** Channels of the settings that name a column. */
const COLUMN_KEYS = ['x', 'y', 'yLo', 'yHi', 'color', 'shape', 'dash', 'row', 'column', 'facet'] as const;

/** Whether some row of the table has the column. */
function tableHas(table: TableView, column: string): boolean {
  return table.roles.has(column) || table.rows.some((r) => column in r);
}

/** Every column name of a table. */
function columnsOf(table: TableView): string[] {
  return [...new Set([...table.roles.keys(), ...table.rows.flatMap((r) => Object.keys(r))])];
}

/**
 * A column reference as stored: names of any table's columns stand; otherwise a sweep axis given by its spec path
 * (`stragglers.slow.factor`) or its schema-1 name (`axis.stragglers.slow.factor`) becomes its column.
 */
function resolveColumn(view: ResultsView, name: string): string {
  if (view.tables.some((t) => tableHas(t, name))) return name;
  return resolveAxisReference(view.axes, name)?.column ?? name;
}

/** The table a figure draws from: as named, or the first (in `view.tables` order) that has every named column. */
function pickTable(view: ResultsView, requested: string, columns: readonly [string, string][], naming: SettingsNaming) {
  if (requested !== 'auto') {
    const table = view.tables.find((t) => t.name === requested);
    if (!table)
      throw new InputError(
        naming.field('table'),
        `unknown table "${requested}"; this results directory has ${view.tables.map((t) => t.name).join(', ')} (or auto)`,
      );
    return table;
  }
  const table = view.tables.find((t) => columns.every(([, c]) => tableHas(t, c)));
  if (table) return table;
  for (const [key, column] of columns) {
    if (view.tables.some((t) => tableHas(t, column))) continue;
    throw new InputError(
      key,
      `unknown column "${column}"; available columns: ${view.tables.map((t) => `${t.name} table: ${columnsOf(t).join(', ')}`).join('; ')}`,
    );
  }
  throw new InputError(
    naming.field('table'),
    `no table has all of ${columns.map(([, c]) => c).join(', ')} (${view.tables
      .map(
        (t) =>
          `${t.name}: ${columns
            .filter(([, c]) => !tableHas(t, c))
            .map(([, c]) => c)
            .join(', ')} missing`,
      )
      .join('; ')})`,
  );
}

/**
 * Turns figure settings into a plot-grammar request on one table of the results: column references resolved (axis
 * paths and schema-1 names accepted), the table chosen, a `_mean` y given its `_ci_lo`/`_ci_hi` interval and `_se`,
 * an error column given the backend's precision floor, the separating candidates and labels of the results. Errors
 * name the setting's field (`--x`, `plots[1].color`).
 */
export function resolveFigure(view: ResultsView, settings: FigureSettings, naming: SettingsNaming): GrammarRequest {
  const resolved: Record<string, string | null | undefined> = {};
  for (const key of COLUMN_KEYS) {
    const v = settings[key];
    resolved[key] = typeof v === 'string' ? resolveColumn(view, v) : v;
  }
  const named = COLUMN_KEYS.flatMap((key) => {
    const v = resolved[key];
    return typeof v === 'string' ? [[naming.field(key), v] as [string, string]] : [];
  });
  const table = pickTable(view, settings.table ?? 'auto', named, naming);
  const y = resolved.y as string;
  let yLo = resolved.yLo;
  let yHi = resolved.yHi;
  let se: string | undefined;
  if (y.endsWith('_mean')) {
    const stem = y.slice(0, -'_mean'.length);
    if (
      yLo === undefined &&
      yHi === undefined &&
      tableHas(table, `${stem}_ci_lo`) &&
      tableHas(table, `${stem}_ci_hi`)
    ) {
      yLo = `${stem}_ci_lo`;
      yHi = `${stem}_ci_hi`;
    }
    if (tableHas(table, `${stem}_se`)) se = `${stem}_se`;
  }
  const where = parseWhere(settings.where ?? [], naming.field('where')).map((f) => ({
    ...f,
    column: resolveColumn(view, f.column),
  }));
  const fields: GrammarRequest['fields'] = {};
  for (const key of [...COLUMN_KEYS, 'se', 'where', 'encodings', 'mark', 'references'] as const)
    fields[key] = naming.field(key);
  return {
    rows: table.rows,
    x: resolved.x as string,
    y,
    yLo: yLo ?? undefined,
    yHi: yHi ?? undefined,
    se,
    color: resolved.color ?? undefined,
    shape: resolved.shape ?? undefined,
    dash: resolved.dash ?? undefined,
    row: resolved.row ?? undefined,
    column: resolved.column ?? undefined,
    facet: resolved.facet ?? undefined,
    where,
    aggregate: settings.aggregate,
    candidates: separatingCandidates(table),
    mark: settings.mark,
    interval: settings.interval,
    points: settings.points,
    interpolate: settings.interpolate,
    logX: settings.logX,
    logY: settings.logY,
    yDomain: settings.yDomain,
    labels: { ...view.labels, ...settings.labels },
    title: settings.title,
    xTitle: settings.xTitle,
    yTitle: settings.yTitle,
    colorTitle: settings.colorTitle,
    size: settings.size,
    facetColumns: settings.facetColumns,
    floorColumn: floorColumnOf(table, y),
    references: settings.references?.map((r) => {
      const column = resolveColumn(view, r.column);
      return {
        column,
        label: r.label === r.column ? (settings.labels?.[column] ?? view.labels[column] ?? column) : r.label,
      };
    }),
    measuredLabel: settings.measuredLabel,
    tooltip: settings.tooltip,
    fields,
    advice: naming.advice,
  };
}

/** The precision-floor column that goes with a y column: `error_floor` for decoding errors, else none. */
function floorColumnOf(table: TableView, y: string): string | undefined {
  if (y.startsWith('error_') && tableHas(table, 'error_floor')) return 'error_floor';
  if (y.startsWith('gradient_error_') && tableHas(table, 'gradient_error_floor')) return 'gradient_error_floor';
  return undefined;
}

/** The name of the table a resolved request draws from (for messages). */
export function tableOfRequest(view: ResultsView, request: GrammarRequest): string {
  return view.tables.find((t) => t.rows === request.rows)?.name ?? 'rows';
}

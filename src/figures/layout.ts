import { distinctValues, isNumericColumn } from '../plots/data/field-type.js';
import { applyFilters, parseWhere, valueText } from '../plots/grammar/filter.js';
import { separatingColumns } from '../plots/grammar/marks.js';
import type { PlotRow } from '../plots/types.js';
import type { FigureSettings } from './figure-request.js';
import { type ResultsView, separatingCandidates, type TableView } from './results-view.js';

/** A figure to draw: its file name (without extension) and settings. */
export interface NamedFigure {
  readonly name: string;
  readonly settings: FigureSettings;
  /** What the layout decided for the user (printed beside the file names). */
  readonly note?: string;
}

/** Columns preferred for colour when several columns separate the cells: what a reader compares within a panel. */
const COLOR_PREFERENCE = [
  'protocol',
  'axis_protocol',
  'decoder',
  'axis_decoder',
  'label',
  'scheme',
  'order',
  'axis_order',
];

/** Most panels in a row or column of a grid before further values are split into separate figures. */
export const MAX_PANELS_PER_SIDE = 6;

/** The encodings the layout may fill, in the order it fills them. */
type FreeChannel = 'color' | 'column' | 'row';

/**
 * Assigns columns that still separate rows to the free channels of `settings` — colour first (a column a reader
 * compares within a panel: protocol, decoder, scheme, else the first), then facet column, then facet row — and
 * splits the figure into one figure per value of whatever is left (a `where` filter each, the value in the name).
 * Returns the completed figures and a note naming what was added.
 */
export function completeLayout(base: NamedFigure, varying: readonly string[], rows: readonly PlotRow[]): NamedFigure[] {
  if (varying.length === 0) return [base];
  const s = base.settings;
  const free: FreeChannel[] = [];
  if (s.color === undefined) free.push('color');
  if (s.facet === undefined && s.column === undefined) free.push('column');
  if (s.facet === undefined && s.row === undefined) free.push('row');
  const remaining = [...varying];
  const assigned: Partial<Record<FreeChannel, string>> = {};
  for (const channel of free) {
    if (remaining.length === 0) break;
    let pick = 0;
    if (channel === 'color') {
      const preferred = remaining.findIndex((c) => COLOR_PREFERENCE.includes(c));
      if (preferred >= 0) pick = preferred;
    } else {
      // A facet needs few values: take the varying column with the fewest, keeping spec order on ties.
      const counts = remaining.map((c) => distinctValues(rows, c).length);
      pick = counts.indexOf(Math.min(...counts));
      if (counts[pick] > MAX_PANELS_PER_SIDE) continue;
    }
    assigned[channel] = remaining.splice(pick, 1)[0];
  }
  const settings: FigureSettings = { ...s, ...assigned };
  const added = Object.entries(assigned).map(([ch, c]) => `${ch} = ${c}`);
  const splits = splitByValues(rows, remaining);
  const note = [
    added.length ? `added ${added.join(', ')}` : '',
    splits.length > 1 ? `one figure per ${remaining.join(' × ')}` : '',
  ]
    .filter((t) => t !== '')
    .join('; ');
  return splits.map((filters) => ({
    name: filters.length
      ? `${base.name}-${filters.map(([c, v]) => slug(`${c}-${valueText(v)}`)).join('-')}`
      : base.name,
    settings: filters.length
      ? { ...settings, where: [...(settings.where ?? []), ...filters.map(([c, v]) => `${c}=${valueText(v)}`)] }
      : settings,
    note: note || undefined,
  }));
}

/** Every combination of the values of `columns` that occurs in `rows`, as (column, value) pairs. */
function splitByValues(rows: readonly PlotRow[], columns: readonly string[]): [string, PlotRow[string]][][] {
  if (columns.length === 0) return [[]];
  const seen = new Map<string, [string, PlotRow[string]][]>();
  for (const row of rows) {
    const combo = columns.map((c) => [c, row[c] ?? null] as [string, PlotRow[string]]);
    const key = JSON.stringify(combo);
    if (!seen.has(key)) seen.set(key, combo);
  }
  return [...seen.values()];
}

/** A file-name-safe piece. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');
}

/** The columns that separate the rows of `table` beyond `keys`, after the settings' filters. */
export function unmappedColumns(table: TableView, keys: readonly string[], where: readonly string[] = []): string[] {
  const rows = applyFilters(table.rows, parseWhere(where));
  return separatingColumns(rows, keys, separatingCandidates(table));
}

/** A page-wide figure tall enough for `rows` rows of panels. */
function pageSize(rows: number): FigureSettings['size'] {
  return { widthIn: 7, heightIn: Math.min(9, 1.3 + 1.9 * Math.max(1, rows)) };
}

/**
 * The default figures of trial results when the spec lists no `plots`: completion time per cell (when some trial
 * completed), and the decoding error against T (when the spec has a T grid), laid out from the sweep's axes so that every cell is its own mark. The completion figure puts a
 * numeric axis with the most values on x (lines), else the first separating column (bars); the other separating
 * columns go to colour (protocol or decoder first), facet columns and rows, and beyond that to separate figures.
 */
export function defaultTrialFigures(view: ResultsView): NamedFigure[] {
  const cells = view.tables.find((t) => t.name === 'cells');
  const curve = view.tables.find((t) => t.name === 'curve');
  if (!cells || !curve || cells.rows.length === 0) return [];
  const varying = separatingColumns(cells.rows, [], separatingCandidates(cells));
  const numeric = varying.filter((c) => isNumericColumn(cells.rows, c) && distinctValues(cells.rows, c).length > 2);
  const x =
    numeric.length > 0
      ? numeric.reduce((a, b) => (distinctValues(cells.rows, b).length > distinctValues(cells.rows, a).length ? b : a))
      : (varying.find((c) => !COLOR_PREFERENCE.includes(c)) ?? varying[0] ?? 'scheme');
  // A figure only where there is something to draw: finite completion times (not every trial censored), and an
  // error curve (the spec has a tGrid).
  const hasCompletion = cells.rows.some((r) => typeof r.completion_mean === 'number');
  const hasCurve = curve.rows.some((r) => typeof r.error_mean === 'number');
  const completion = hasCompletion
    ? completeLayout(
        { name: 'completion-time', settings: { table: 'cells', x, y: 'completion_mean', size: 'page' } },
        varying.filter((c) => c !== x),
        cells.rows,
      )
    : [];
  const errors = hasCurve
    ? completeLayout(
        { name: 'error-vs-time', settings: { table: 'curve', x: 'T', y: 'error_mean', logY: true, size: 'page' } },
        varying,
        cells.rows,
      )
    : [];
  return [...completion, ...errors].map((f) => ({
    ...f,
    settings: { ...f.settings, size: pageSize(f.settings.row ? distinctValues(cells.rows, f.settings.row).length : 1) },
  }));
}

/** The statistic column (`…_mean`) a bound metric is drawn against. */
const METRIC_COLUMNS: Readonly<Record<string, string>> = {
  distance: 'distance_mean',
  gap: 'gap_mean',
  averageGradientNorm: 'avg_gradient_norm_mean',
};

/**
 * The default figures of training results when the spec lists no `plots`: convergence on a log axis — per bounded
 * statistic (‖x − x*‖², f − f*, or the average ‖∇f‖²), with every requested bound of it drawn dashed and named in the
 * legend; f − f* without bounds — the relative gradient error against k, and f − f* against the simulated time.
 * Schemes are coloured; sweep axes go to facets (or separate figures) so every run is its own curve.
 */
export function defaultTrainFigures(view: ResultsView): NamedFigure[] {
  const schemes = view.tables.find((t) => t.name === 'schemes');
  const train = view.tables.find((t) => t.name === 'train');
  if (!schemes || !train || schemes.rows.length === 0) return [];
  const varying = separatingColumns(schemes.rows, [], separatingCandidates(schemes));
  const byMetric = new Map<string, { column: string; label: string }[]>();
  for (const column of [...schemes.roles.keys()].filter((c) => /^bound_.*_metric$/.test(c))) {
    const bound = column.slice(0, -'_metric'.length);
    const metrics = new Set(schemes.rows.map((r) => r[column]).filter((m): m is string => typeof m === 'string'));
    const applies = schemes.rows.some((r) => r[`${bound}_applies`] === true);
    if (!applies) continue;
    for (const metric of metrics) {
      const list = byMetric.get(metric) ?? [];
      list.push({ column: bound, label: view.labels[bound] ?? bound });
      byMetric.set(metric, list);
    }
  }
  const convergence: NamedFigure[] =
    byMetric.size === 0
      ? [{ name: 'convergence', settings: { table: 'train', x: 'k', y: 'gap_mean', logY: true, mark: 'line' } }]
      : [...byMetric].map(([metric, references]) => ({
          name: byMetric.size === 1 ? 'convergence' : `convergence-${metric}`,
          settings: {
            table: 'train',
            x: 'k',
            y: METRIC_COLUMNS[metric] ?? 'gap_mean',
            logY: true,
            mark: 'line' as const,
            references,
          },
        }));
  const figures: NamedFigure[] = [
    ...convergence,
    {
      name: 'gradient-error',
      settings: { table: 'train', x: 'k', y: 'gradient_error_mean', logY: 'auto', mark: 'line' },
    },
    { name: 'gap-vs-time', settings: { table: 'train', x: 'time_mean', y: 'gap_mean', logY: true, mark: 'line' } },
  ];
  return figures.flatMap((f) =>
    completeLayout({ ...f, settings: { ...f.settings, size: 'page' } }, varying, schemes.rows).map((g) => ({
      ...g,
      settings: {
        ...g.settings,
        size: pageSize(g.settings.row ? distinctValues(schemes.rows, g.settings.row).length : 1),
      },
    })),
  );
}

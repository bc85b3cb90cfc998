import type { PlotRow } from '../plots/types.js';
import type { AxisColumn } from '../store/axis-columns.js';
import { labelTable } from '../store/column-labels.js';
import type { ColumnRole } from '../store/columns.js';
import type { LoadedResults } from '../store/load-results.js';
import type { LoadedTrainResults } from '../store/load-train-results.js';
import type { ResultsProvenance } from '../store/provenance.js';
import { axisLayout, cellColumns, curveColumns, type SweepAxes, sweepAxes } from '../store/tidy-rows.js';
import { boundColumn, trainColumns } from '../store/train-columns.js';

/** One table of a results directory as figures see it: rows, and the role of each column. */
export interface TableView {
  readonly name: string;
  readonly rows: readonly PlotRow[];
  /** Column name → role (`axis`, `describe`, `position`, `statistic`, …), from the table's column definitions. */
  readonly roles: ReadonlyMap<string, ColumnRole>;
  /** The position column that orders a cell's rows (`T`, `k`), if any: the natural x of a curve. */
  readonly position?: string;
}

/** What figures need of a results directory: its tables, its sweep axes, labels, and the spec's plot settings. */
export interface ResultsView {
  readonly dir: string;
  readonly kind: 'trials' | 'train';
  /** The spec's name and description. */
  readonly name: string;
  readonly description: string | undefined;
  /** `provenance.json` (complete results), or null while a sharded sweep is unmerged. */
  readonly provenance: ResultsProvenance | null;
  /** Tables in the order `--table auto` tries them. */
  readonly tables: readonly TableView[];
  readonly axes: readonly AxisColumn[];
  /** Column → human label (store/column-labels.ts, the spec's `labels:` map applied). */
  readonly labels: Readonly<Record<string, string>>;
  /** The spec's `plots` list as stored (validated when drawn). */
  readonly plots: readonly unknown[];
  /** Whether every cell is present. */
  readonly complete: boolean;
}

/** Roles of a table's columns from its definitions. */
function roleMap(columns: readonly { readonly name: string; readonly role: ColumnRole }[]): Map<string, ColumnRole> {
  return new Map(columns.map((c) => [c.name, c.role]));
}

/** The spec's `labels:` map stored in a results directory, if any. */
function specLabels(spec: unknown): Record<string, string> | undefined {
  const labels = (spec as { labels?: unknown } | null)?.labels;
  return labels && typeof labels === 'object' ? (labels as Record<string, string>) : undefined;
}

/** The figures' view of trial results (`cells` then `curve`); `overrides` are `--label` flags. */
export function trialResultsView(results: LoadedResults, overrides?: Readonly<Record<string, string>>): ResultsView {
  const sweep = sweepAxes(results.spec.cells);
  const normalized = results.cells.length > 0 && results.cells.every((r) => r.normalize === true);
  return {
    dir: results.dir,
    kind: 'trials',
    name: results.spec.name,
    description: results.spec.spec.description,
    provenance: results.provenance,
    tables: [
      { name: 'cells', rows: results.cells, roles: roleMap(cellColumns(sweep)) },
      { name: 'curve', rows: results.curve, roles: roleMap(curveColumns(sweep)), position: 'T' },
    ],
    axes: results.axes,
    labels: labelTable(results.axes, { normalized }, specLabels(results.spec.spec), overrides),
    plots: results.plots,
    complete: results.complete,
  };
}

/** The figures' view of training results (`train` then `schemes`); `overrides` are `--label` flags. */
export function trainResultsView(
  results: LoadedTrainResults,
  overrides?: Readonly<Record<string, string>>,
): ResultsView {
  const columns = trainColumns(results.axes, results.bounds);
  const boundLabels: Record<string, string> = {};
  for (const name of results.bounds) {
    const row = results.schemes.find((r) => typeof r[`${boundColumn(name)}_title`] === 'string');
    const title = row ? (row[`${boundColumn(name)}_title`] as string) : name;
    const derivation = row?.[`${boundColumn(name)}_derivation`] === 'ours' ? 'our derivation' : 'paper statement';
    boundLabels[boundColumn(name)] = `${title} — ${derivation}`;
  }
  return {
    dir: results.dir,
    kind: 'train',
    name: results.spec.name,
    description: (results.spec.value as { description?: string }).description,
    provenance: results.provenance,
    tables: [
      { name: 'train', rows: results.train, roles: roleMap(columns.train), position: 'k' },
      { name: 'schemes', rows: results.schemes, roles: roleMap(columns.schemes) },
    ],
    axes: results.axes,
    labels: labelTable(results.axes, {}, boundLabels, results.spec.labels ?? undefined, overrides),
    plots: results.spec.plots,
    complete: results.complete,
  };
}

/** Order in which descriptive columns are offered as separating columns, after the axes and positions. */
const ROLE_ORDER: readonly ColumnRole[] = ['axis', 'position', 'describe'];

/**
 * The columns that can tell a table's rows apart, best first: sweep axes (spec order), position columns (T, k), then
 * descriptive columns in table order. Identity (`cell`), JSON and statistic columns are left out.
 */
export function separatingCandidates(table: TableView): string[] {
  const names = [...table.roles.keys()];
  return ROLE_ORDER.flatMap((role) => names.filter((n) => table.roles.get(n) === role));
}

/** The columns of the trial tables for a sweep with these axes (for checking spec plots before a run). */
export function trialPlotTables(axes: SweepAxes): { tables: Record<string, string[]>; axes: AxisColumn[] } {
  return {
    tables: { cells: cellColumns(axes).map((c) => c.name), curve: curveColumns(axes).map((c) => c.name) },
    axes: axisLayout(axes),
  };
}

/** The columns of a loaded view's tables (for checking spec plots against stored results). */
export function viewPlotTables(view: ResultsView): { tables: Record<string, string[]>; axes: readonly AxisColumn[] } {
  return {
    tables: Object.fromEntries(view.tables.map((t) => [t.name, [...t.roles.keys()]])),
    axes: view.axes,
  };
}

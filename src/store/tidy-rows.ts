import { type AxisColumn, axisColumnDefs, axisColumnsOf } from './axis-columns.js';
import type { CellRecord } from './cell-record.js';
import {
  CELL_COLUMNS,
  type ColumnDef,
  CURVE_COLUMNS,
  type CurveSource,
  type TidyRow,
  type TidyValue,
} from './columns.js';

/** The sweep axes of a spec: their dotted paths (grid axes, then zip axes) and every cell's value of each. */
export interface SweepAxes {
  readonly paths: readonly string[];
  /** `values[k]`: the value of axis k in each cell of the sweep. */
  readonly values: readonly unknown[][];
}

/** Collects the axes of an expanded sweep (every cell has the same axis keys). */
export function sweepAxes(cells: readonly { readonly axes: Readonly<Record<string, unknown>> }[]): SweepAxes {
  const paths = cells.length ? Object.keys(cells[0].axes) : [];
  return { paths, values: paths.map((p) => cells.map((c) => c.axes[p])) };
}

/** A table's columns and its rows. */
export interface Table<S> {
  readonly columns: readonly ColumnDef<S>[];
  readonly rows: TidyRow[];
}

/** Names of the fixed columns of both trial tables: axis columns may not take them (see {@link axisColumnsOf}). */
export const FIXED_TRIAL_COLUMNS: readonly string[] = [
  ...new Set([...CELL_COLUMNS, ...CURVE_COLUMNS].map((c) => c.name)),
];

/** The axis columns of a sweep: names and types, the same in both tables (docs/results-schema.md, "Axis columns"). */
export function axisLayout(axes: SweepAxes): AxisColumn[] {
  return axisColumnsOf(axes.paths, axes.values, FIXED_TRIAL_COLUMNS);
}

/** The columns of the `cells` table for a sweep with these axes (axis columns inserted after `order`). */
export function cellColumns(axes: SweepAxes): ColumnDef<CellRecord>[] {
  return withAxes(
    CELL_COLUMNS,
    axisColumnDefs<CellRecord>(axisLayout(axes), (r) => r),
  );
}

/** The columns of the `curve` table for a sweep with these axes. */
export function curveColumns(axes: SweepAxes): ColumnDef<CurveSource>[] {
  return withAxes(
    CURVE_COLUMNS,
    axisColumnDefs<CurveSource>(axisLayout(axes), (s) => s.record),
  );
}

function withAxes<S>(base: readonly ColumnDef<S>[], axes: ColumnDef<S>[]): ColumnDef<S>[] {
  const at = base.findIndex((c) => c.name === 'order') + 1;
  return [...base.slice(0, at), ...axes, ...base.slice(at)];
}

function rowOf<S>(columns: readonly ColumnDef<S>[], source: S): TidyRow {
  const row: TidyRow = {};
  for (const c of columns) row[c.name] = c.get(source) as TidyValue;
  return row;
}

/**
 * The two tidy tables of a set of cell records, rows in cell-index order: `cells` (one row per cell) and `curve`
 * (one row per cell and grid time, in grid order). Wall-clock timings are not columns, so equal results give equal
 * tables however the run was split, interrupted or sharded.
 */
export function resultsTables(
  records: readonly CellRecord[],
  axes: SweepAxes,
): { cells: Table<CellRecord>; curve: Table<CurveSource> } {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  const cellCols = cellColumns(axes);
  const curveCols = curveColumns(axes);
  const curveRows: TidyRow[] = [];
  for (const record of sorted) {
    record.stats.errors.forEach((point, g) => curveRows.push(rowOf(curveCols, { record, point, g })));
  }
  return {
    cells: { columns: cellCols, rows: sorted.map((r) => rowOf(cellCols, r)) },
    curve: { columns: curveCols, rows: curveRows },
  };
}

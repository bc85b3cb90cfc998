import { InputError } from '../errors.js';
import { axisCellValue } from './axis-columns.js';
import type { TidyRow, TidyValue } from './columns.js';
import { precisionFloor } from './columns.js';
import type { SweepAxes } from './tidy-rows.js';
import { axisLayout, cellColumns, curveColumns } from './tidy-rows.js';
import { RESULTS_SCHEMA_VERSION } from './write-tables.js';

/** Schema versions of the results tables this gradcode reads (the current one, and 1 through an upgrade). */
export const READABLE_SCHEMAS = ['1', RESULTS_SCHEMA_VERSION] as const;

/** Throws an InputError naming `path` when its `gradcode.schema` is not one this version reads. */
export function checkSchemaVersion(path: string, schema: string | undefined): void {
  if (schema !== undefined && (READABLE_SCHEMAS as readonly string[]).includes(schema)) return;
  throw new InputError(
    path,
    schema === undefined
      ? 'has no gradcode.schema footer key: not a gradcode results table'
      : `was written with results schema ${schema}, which this gradcode (reading schemas ${READABLE_SCHEMAS.join(
          ' and ',
        )}) does not know; use the gradcode version that wrote it (its provenance.json names it)`,
  );
}

/** A JSON column's value as stored by schema 1: JSON text encoded again as a JSON string. */
function unwrapTwiceEncoded(v: TidyValue | undefined): TidyValue {
  if (typeof v !== 'string') return v ?? null;
  try {
    const once = JSON.parse(v) as unknown;
    return typeof once === 'string' ? once : v;
  } catch {
    return v;
  }
}

/**
 * Rows of a schema-1 table in the current layout: the `axis.<path>` columns replaced by their schema-2 columns (see
 * docs/results-schema.md, "Axis columns"), whose values are taken from the stored spec's cells (`axes.values`, by
 * the row's `cell`); JSON columns decoded once more; `backend` and `error_floor` filled (the curve table of schema 1
 * had no `backend`: `backendOfCell` supplies it from the cells table). Columns come out in the current order.
 */
export function upgradeSchema1Rows(
  rows: readonly TidyRow[],
  table: 'cells' | 'curve',
  axes: SweepAxes,
  backendOfCell: (cell: number) => TidyValue,
): TidyRow[] {
  const layout = axisLayout(axes);
  const columns = (table === 'cells' ? cellColumns(axes) : curveColumns(axes)).map((c) => c.name);
  return rows.map((old) => {
    const row: TidyRow = { ...old };
    layout.forEach((axis, k) => {
      delete row[`axis.${axis.path}`];
      row[axis.column] = axisCellValue(axis, axes.values[k][old.cell as number]);
    });
    for (const name of ['axes', 'code_params', 'stragglers'])
      if (name in row) row[name] = unwrapTwiceEncoded(row[name]);
    const backend = row.backend ?? backendOfCell(row.cell as number);
    row.backend = backend;
    row.error_floor = backend === 'webgpu' || backend === 'cpu' ? precisionFloor(backend) : null;
    const ordered: TidyRow = {};
    for (const c of columns) ordered[c] = row[c] ?? null;
    return ordered;
  });
}

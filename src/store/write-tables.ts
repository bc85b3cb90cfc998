import { packageVersion } from '../package-root.js';
import type { CellRecord } from './cell-record.js';
import { resultsFile } from './layout.js';
import { writeParquetTable } from './parquet.js';
import { axisLayout, resultsTables, type SweepAxes } from './tidy-rows.js';

/**
 * Version of the Parquet column layout (footer key `gradcode.schema`). 2: sweep axes as typed columns with plain
 * names (`stragglers_slow_factor`), JSON columns encoded once, `backend` and `error_floor` in both tables. 1: axis
 * columns named `axis.<path>` and JSON columns encoded twice (read by {@link upgradeSchema1Rows}).
 */
export const RESULTS_SCHEMA_VERSION = '2';

/** Footer key holding the axis mapping `[{path, column, type}]` of a table (schema 2). */
export const AXES_METADATA_KEY = 'gradcode.axes';

/**
 * Writes `cells.parquet` and `curve.parquet` of complete results into `dir` (atomically, rows in cell-index order).
 * Footer metadata: `gradcode.table`, `gradcode.spec_hash`, `gradcode.schema`, `gradcode.axes`; created-by
 * `gradcode <version>`. Returns the two paths.
 */
export function writeResultsTables(
  dir: string,
  records: readonly CellRecord[],
  axes: SweepAxes,
  specHash: string,
): { cells: string; curve: string } {
  const tables = resultsTables(records, axes);
  const createdBy = `gradcode ${packageVersion()}`;
  const meta = (table: string) => ({
    'gradcode.table': table,
    'gradcode.spec_hash': specHash,
    'gradcode.schema': RESULTS_SCHEMA_VERSION,
    [AXES_METADATA_KEY]: JSON.stringify(axisLayout(axes)),
  });
  const cells = resultsFile(dir, 'cells');
  const curve = resultsFile(dir, 'curve');
  writeParquetTable(cells, tables.cells.columns, tables.cells.rows, meta('cells'), createdBy);
  writeParquetTable(curve, tables.curve.columns, tables.curve.rows, meta('curve'), createdBy);
  return { cells, curve };
}

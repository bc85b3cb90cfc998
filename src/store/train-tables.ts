import { packageVersion } from '../package-root.js';
import type { AxisColumn } from './axis-columns.js';
import type { TidyRow, TidyValue } from './columns.js';
import { resultsFile } from './layout.js';
import { writeParquetTable } from './parquet.js';
import type { SweepAxes } from './tidy-rows.js';
import { boundNames, type TrainSource, trainAxisLayout, trainColumns } from './train-columns.js';
import type { TrainRecord } from './train-record.js';
import { AXES_METADATA_KEY, RESULTS_SCHEMA_VERSION } from './write-tables.js';

/** The two tidy tables of training records, their columns, axis layout and bound names. */
export interface TrainTables {
  readonly axes: AxisColumn[];
  readonly bounds: string[];
  readonly train: { readonly columns: ReturnType<typeof trainColumns>['train']; readonly rows: TidyRow[] };
  readonly schemes: { readonly columns: ReturnType<typeof trainColumns>['schemes']; readonly rows: TidyRow[] };
}

/**
 * The tables of a set of training records, rows ordered by run, scheme entry and path (then k in `train`):
 * `train` (one row per iteration) and `schemes` (one row per scheme path). Wall-clock times are not columns, so
 * equal results give equal tables however the run was split, interrupted or sharded.
 */
export function trainTables(records: readonly TrainRecord[], axes: SweepAxes): TrainTables {
  const sorted = [...records].sort((a, b) => a.index - b.index || a.schemeIndex - b.schemeIndex);
  const bounds = boundNames(sorted);
  const layout = trainAxisLayout(axes, bounds);
  const columns = trainColumns(layout, bounds);
  const row = (defs: typeof columns.train, source: TrainSource): TidyRow => {
    const out: TidyRow = {};
    for (const c of defs) out[c.name] = c.get(source) as TidyValue;
    return out;
  };
  const trainRows: TidyRow[] = [];
  const schemeRows: TidyRow[] = [];
  for (const record of sorted) {
    for (const path of record.paths) {
      schemeRows.push(row(columns.schemes, { record, path, k: record.problem.iterations }));
      for (let k = 0; k <= record.problem.iterations; k++) trainRows.push(row(columns.train, { record, path, k }));
    }
  }
  return {
    axes: layout,
    bounds,
    train: { columns: columns.train, rows: trainRows },
    schemes: { columns: columns.schemes, rows: schemeRows },
  };
}

/**
 * Writes `train.parquet` and `schemes.parquet` of complete training results into `dir` (atomically). Footer
 * metadata as for the trial tables (`gradcode.table`, `gradcode.spec_hash`, `gradcode.schema`, `gradcode.axes`).
 */
export function writeTrainTables(
  dir: string,
  records: readonly TrainRecord[],
  axes: SweepAxes,
  specHash: string,
): { train: string; schemes: string } {
  const tables = trainTables(records, axes);
  const createdBy = `gradcode ${packageVersion()}`;
  const meta = (table: string) => ({
    'gradcode.table': table,
    'gradcode.spec_hash': specHash,
    'gradcode.schema': RESULTS_SCHEMA_VERSION,
    [AXES_METADATA_KEY]: JSON.stringify(tables.axes),
  });
  const train = resultsFile(dir, 'train');
  const schemes = resultsFile(dir, 'schemes');
  writeParquetTable(train, tables.train.columns, tables.train.rows, meta('train'), createdBy);
  writeParquetTable(schemes, tables.schemes.columns, tables.schemes.rows, meta('schemes'), createdBy);
  return { train, schemes };
}

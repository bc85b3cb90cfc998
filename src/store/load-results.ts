import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { escapeControl } from '../input/terminal-text.js';
import type { AxisColumn } from './axis-columns.js';
import type { CellRecord } from './cell-record.js';
import { collectShardRecords } from './collect-records.js';
import type { TidyRow } from './columns.js';
import { resultsFile } from './layout.js';
import { readParquetMetadata } from './parquet.js';
import { type ResultsProvenance, readProvenance } from './provenance.js';
import { type ResolvedSpecFile, readResolvedSpec } from './resolved-spec.js';
import { checkSchemaVersion, upgradeSchema1Rows } from './schema-upgrade.js';
import { readTablesOrWarn } from './table-check.js';
import { axisLayout, resultsTables, sweepAxes } from './tidy-rows.js';
import { RESULTS_SCHEMA_VERSION } from './write-tables.js';

/**
 * The schema of both tables (checked: an unknown one is an InputError), or null — after a warning naming the file —
 * when a footer cannot be read (a damaged file: the caller falls back to the logs).
 */
function tableSchema(paths: readonly string[], warn: (message: string) => void): string | null {
  const schemas: string[] = [];
  for (const path of paths) {
    let schema: string | undefined;
    try {
      schema = readParquetMetadata(path)['gradcode.schema'];
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      warn(`${e.message}; using the rows of the shard logs instead`);
      return null;
    }
    checkSchemaVersion(path, schema);
    schemas.push(schema as string);
  }
  return schemas[0];
}

/** A results directory loaded for plotting and analysis. */
export interface LoadedResults {
  readonly dir: string;
  /** The stored `spec.resolved.json` (spec, cells, spec hash). */
  readonly spec: ResolvedSpecFile;
  /** The spec's `plots` list: what `gradcode plot` / `reproduce` should draw. */
  readonly plots: readonly unknown[];
  /** `provenance.json` (complete results), or null while a sharded sweep is not merged. */
  readonly provenance: ResultsProvenance | null;
  /** True when every cell of the sweep is present. */
  readonly complete: boolean;
  /** Where the rows came from: the Parquet tables, or the shard logs (an unfinished or unmerged sweep). */
  readonly from: 'parquet' | 'jsonl';
  /** Tidy `cells` rows (one per cell) and `curve` rows (one per cell and T), in cell-index order. */
  readonly cells: TidyRow[];
  readonly curve: TidyRow[];
  /** The sweep's axes: spec path, column name and type of each, in spec order. */
  readonly axes: readonly AxisColumn[];
  /** The results schema the tables were stored with (`1` tables are upgraded in memory on loading). */
  readonly schema: string;
}

/**
 * Loads a results directory's tidy tables (columns: docs/results-schema.md). Complete results are read from
 * `cells.parquet` and `curve.parquet` (schema 1 upgraded in memory; an unknown schema is an InputError); otherwise —
 * or when a table is damaged, after a warning naming the file — the rows are built from the shard logs (the same
 * columns), so a running, interrupted or unmerged sweep can be inspected too (`complete` says whether every cell is
 * there).
 */
export async function loadResults(
  dir: string,
  options: { readonly onWarning?: (message: string) => void } = {},
): Promise<LoadedResults> {
  const spec = readResolvedSpec(dir);
  const provenance = readProvenance<ResultsProvenance>(resultsFile(dir, 'provenance'));
  const sweep = sweepAxes(spec.cells);
  const base = { dir, spec, plots: spec.plots ?? [], provenance, axes: axisLayout(sweep) };
  const cellsPath = resultsFile(dir, 'cells');
  const curvePath = resultsFile(dir, 'curve');
  if (existsSync(cellsPath) && existsSync(curvePath)) {
    const warn = options.onWarning ?? ((m: string) => process.stderr.write(`gradcode: warning: ${escapeControl(m)}\n`));
    const schema = tableSchema([cellsPath, curvePath], warn);
    const tables = schema === null ? null : await readTablesOrWarn(dir, warn);
    if (schema !== null && tables !== null) {
      let { cells, curve } = tables;
      if (schema === '1') {
        const backendOf = new Map(cells.map((r) => [r.cell as number, r.backend]));
        cells = upgradeSchema1Rows(cells, 'cells', sweep, (c) => backendOf.get(c) ?? null);
        curve = upgradeSchema1Rows(curve, 'curve', sweep, (c) => backendOf.get(c) ?? null);
      }
      const complete = cells.length === spec.cells.length;
      return { ...base, complete, from: 'parquet', cells, curve, schema };
    }
  }
  const byIndex = new Map<number, CellRecord>();
  for (const log of collectShardRecords(dir, spec))
    for (const r of log.records) if (!byIndex.has(r.index)) byIndex.set(r.index, r);
  const tables = resultsTables([...byIndex.values()], sweep);
  return {
    ...base,
    complete: byIndex.size === spec.cells.length,
    from: 'jsonl',
    cells: tables.cells.rows,
    curve: tables.curve.rows,
    schema: RESULTS_SCHEMA_VERSION,
  };
}

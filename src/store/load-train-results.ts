import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { escapeControl } from '../input/terminal-text.js';
import { BOUND_NAMES } from '../train/bounds/types.js';
import type { AxisColumn } from './axis-columns.js';
import type { TidyRow } from './columns.js';
import { resultsFile } from './layout.js';
import { readParquetMetadata, readParquetRows } from './parquet.js';
import { type ResultsProvenance, readProvenance } from './provenance.js';
import { type ResolvedTrainFile, readResolvedTrainSpec } from './resolved-train.js';
import { checkSchemaVersion } from './schema-upgrade.js';
import { sweepAxes } from './tidy-rows.js';
import { trainAxisLayout } from './train-columns.js';
import { collectTrainRecords, trainUnitKey } from './train-log.js';
import type { TrainRecord } from './train-record.js';
import { trainTables } from './train-tables.js';
import { RESULTS_SCHEMA_VERSION } from './write-tables.js';

/** A training results directory loaded for plotting, reports and analysis. */
export interface LoadedTrainResults {
  readonly dir: string;
  readonly kind: 'train';
  readonly spec: ResolvedTrainFile;
  readonly provenance: ResultsProvenance | null;
  /** True when every (run, scheme) unit is present. */
  readonly complete: boolean;
  readonly from: 'parquet' | 'jsonl';
  /** One row per (run, scheme, path, k) and one per (run, scheme, path): docs/results-schema.md. */
  readonly train: TidyRow[];
  readonly schemes: TidyRow[];
  readonly axes: readonly AxisColumn[];
  /** The bounds checked, in column order. */
  readonly bounds: readonly string[];
  readonly schema: string;
}

/** The bound names the runs of a stored spec request, in the order their columns appear. */
export function specBoundNames(spec: ResolvedTrainFile): string[] {
  const names: string[] = [];
  for (const cell of spec.cells) {
    const requested = (cell.spec as { bounds?: unknown }).bounds;
    const list = requested === 'all' ? [...BOUND_NAMES] : Array.isArray(requested) ? (requested as string[]) : [];
    for (const n of list) if (!names.includes(n)) names.push(n);
  }
  return names;
}

/** Number of (run, scheme) units of a stored training spec. */
function unitCount(spec: ResolvedTrainFile): number {
  return spec.cells.reduce((n, c) => {
    const schemes = (c.spec as { schemes?: unknown[] }).schemes;
    return n + (Array.isArray(schemes) ? schemes.length : 1);
  }, 0);
}

/**
 * Loads a training results directory's tables: `train.parquet` and `schemes.parquet` when complete, otherwise the
 * same rows built from the shard logs (a running, interrupted or unmerged sweep can be plotted too).
 */
export async function loadTrainResults(
  dir: string,
  options: { readonly onWarning?: (message: string) => void } = {},
): Promise<LoadedTrainResults> {
  const spec = readResolvedTrainSpec(dir);
  const provenance = readProvenance<ResultsProvenance>(resultsFile(dir, 'provenance'));
  const sweep = sweepAxes(spec.cells);
  const bounds = specBoundNames(spec);
  const base = { dir, kind: 'train' as const, spec, provenance, axes: trainAxisLayout(sweep, bounds), bounds };
  const trainPath = resultsFile(dir, 'train');
  const schemesPath = resultsFile(dir, 'schemes');
  if (existsSync(trainPath) && existsSync(schemesPath)) {
    const warn = options.onWarning ?? ((m: string) => process.stderr.write(`gradcode: warning: ${escapeControl(m)}\n`));
    try {
      const schemas = [trainPath, schemesPath].map((path) => readParquetMetadata(path)['gradcode.schema']);
      schemas.forEach((schema, k) => checkSchemaVersion([trainPath, schemesPath][k], schema));
      const [train, schemes] = await Promise.all([readParquetRows(trainPath), readParquetRows(schemesPath)]);
      return { ...base, complete: true, from: 'parquet', train, schemes, schema: RESULTS_SCHEMA_VERSION };
    } catch (e) {
      // A damaged table (not an unknown schema, which is refused) falls back to the logs, with a warning.
      if (!(e instanceof InputError) || /results schema/.test(e.message)) throw e;
      warn(`${e.message}; using the rows of the shard logs instead`);
    }
  }
  const units = new Map<string, TrainRecord>();
  for (const log of collectTrainRecords(dir, spec.specHash))
    for (const r of log.records) units.set(trainUnitKey(r.index, r.schemeIndex), r);
  const tables = trainTables([...units.values()], sweep);
  return {
    ...base,
    complete: units.size === unitCount(spec),
    from: 'jsonl',
    train: tables.train.rows,
    schemes: tables.schemes.rows,
    schema: RESULTS_SCHEMA_VERSION,
  };
}

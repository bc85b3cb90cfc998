import type { ErrorPoint, StatSummary } from '../trials/summary.js';
import type { CellRecord } from './cell-record.js';

/** A value of a tidy table cell: numbers (NaN stored as null), strings, flags, or null. */
export type TidyValue = number | string | boolean | null;

/** A tidy row: one per cell (`cells` table) or per (cell, T) (`curve` table). */
export type TidyRow = Record<string, TidyValue>;

/** Parquet storage types used by the results tables (hyparquet-writer basic types). */
export type ColumnType = 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'STRING' | 'JSON';

/** One column of a results table: name, Parquet type, nullability, documentation, and how to read it. */
export interface ColumnDef<S> {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly doc: string;
  readonly get: (source: S) => TidyValue;
}

/** What a `curve` row is made from: the cell's record and one grid point. */
export interface CurveSource {
  readonly record: CellRecord;
  readonly point: ErrorPoint;
  readonly g: number;
}

const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
const json = (x: unknown): string => JSON.stringify(x);

function col<S>(name: string, type: ColumnType, doc: string, get: (s: S) => TidyValue, nullable = false): ColumnDef<S> {
  return { name, type, doc, get, nullable };
}

/** The summary columns `<prefix>_mean … <prefix>_max` of a {@link StatSummary}. */
function summaryColumns<S>(prefix: string, what: string, pick: (s: S) => StatSummary): ColumnDef<S>[] {
  return [
    col(`${prefix}_mean`, 'DOUBLE', `mean ${what}`, (s) => num(pick(s).mean), true),
    col(`${prefix}_std`, 'DOUBLE', `sample standard deviation of ${what}`, (s) => num(pick(s).std), true),
    col(`${prefix}_se`, 'DOUBLE', `standard error of the mean ${what}`, (s) => num(pick(s).se), true),
    col(
      `${prefix}_ci_lo`,
      'DOUBLE',
      `lower end of the t-based 95% CI of the mean ${what}`,
      (s) => num(pick(s).ciLo),
      true,
    ),
    col(
      `${prefix}_ci_hi`,
      'DOUBLE',
      `upper end of the t-based 95% CI of the mean ${what}`,
      (s) => num(pick(s).ciHi),
      true,
    ),
    col(`${prefix}_min`, 'DOUBLE', `smallest ${what}`, (s) => num(pick(s).min), true),
    col(`${prefix}_max`, 'DOUBLE', `largest ${what}`, (s) => num(pick(s).max), true),
  ];
}

/** Columns that identify a cell, shared by both tables (axis columns follow them). */
function identityColumns<S>(rec: (s: S) => CellRecord): ColumnDef<S>[] {
  return [
    col('cell', 'INT32', 'position of the cell in the sweep (0-based); rows are sorted by it', (s) => rec(s).index),
    col('cell_id', 'STRING', 'first 16 hex digits of the SHA-256 of the cell’s validated spec', (s) => rec(s).id),
    col('label', 'STRING', 'the cell’s `label`, or null', (s) => rec(s).label, true),
    col(
      'scheme',
      'STRING',
      '`label`, or "code · protocol (decoder) · order": the default plot series',
      (s) => rec(s).scheme,
    ),
    col(
      'code',
      'STRING',
      'canonical compact code string, every parameter filled, e.g. crc:N=20,s=3,seed=0',
      (s) => rec(s).code,
    ),
    col('code_family', 'STRING', 'code family id, e.g. crc, random:regular', (s) => rec(s).codeFamily),
    col('N', 'INT32', 'workers', (s) => rec(s).N),
    col('m', 'INT32', 'chunks', (s) => rec(s).m),
    col('parts', 'INT32', 'ℓ: parts per chunk the protocol works with', (s) => rec(s).parts),
    col('protocol', 'STRING', 'original | partial | tandon-partial | erasure', (s) => rec(s).protocol),
    col('decoder', 'STRING', 'decoder of the original protocol; null for the others', (s) => rec(s).decoder, true),
    col(
      'order',
      'STRING',
      'processing order as specified: natural | optimal | random:SEED | file path',
      (s) => rec(s).order,
    ),
  ];
}

/** Columns of the `cells` table (one row per cell), before the axis columns are inserted after `order`. */
export const CELL_COLUMNS: readonly ColumnDef<CellRecord>[] = [
  ...identityColumns<CellRecord>((r) => r),
  col('origin', 'STRING', 'the explicit cell the row derives from: cells[i] or defaults', (r) => r.origin),
  col('axes', 'JSON', 'the sweep-axis values that produced the cell, as a JSON object', (r) => json(r.axes)),
  col('code_params', 'JSON', 'the code’s parameters (defaults filled) as a JSON object', (r) => json(r.codeParams)),
  col('collect', 'INT32', '`erasure`: arrivals collected; null otherwise', (r) => r.collect, true),
  col('stragglers', 'JSON', 'the straggler model as specified (defaults filled), JSON', (r) => json(r.stragglers)),
  col('seed', 'STRING', 'decimal seed of the cell’s Philox key', (r) => r.seed),
  col(
    'stream',
    'INT64',
    'the cell’s Philox counter word c2 (equal for cells sharing straggler draws)',
    (r) => r.stream,
  ),
  col('normalize', 'BOOLEAN', 'whether errors are divided by m', (r) => r.normalize),
  col('error_scale', 'DOUBLE', 'the divisor applied to errors (m, or 1)', (r) => r.stats.errorScale),
  col('backend', 'STRING', 'backend kind that ran the cell: webgpu (f32) or cpu (f64)', (r) => r.backend.kind),
  col('trials_planned', 'INT64', 'trials asked for (the maximum, with adaptive stopping)', (r) => r.trialsPlanned),
  col('trials', 'INT64', 'trials run', (r) => r.stats.trials),
  col(
    'stopped_early',
    'BOOLEAN',
    'whether the adaptive rule stopped the cell before trials_planned',
    (r) => r.stoppedEarly,
  ),
  col(
    'censored',
    'INT64',
    'trials never exactly decodable (completion time +∞); excluded from completion_*',
    (r) => r.stats.censored,
  ),
  col('completion_n', 'INT64', 'trials with a finite completion time', (r) => r.stats.completion.n),
  ...summaryColumns<CellRecord>('completion', 'exact completion time (finite ones)', (r) => r.stats.completion),
  col(
    'completion_p50',
    'DOUBLE',
    'median completion time (censored trials count as +∞)',
    (r) => num(r.stats.completion.p50),
    true,
  ),
  col('completion_p90', 'DOUBLE', '90th percentile of the completion time', (r) => num(r.stats.completion.p90), true),
  col('completion_p99', 'DOUBLE', '99th percentile of the completion time', (r) => num(r.stats.completion.p99), true),
  col(
    'completion_quantiles_exact',
    'BOOLEAN',
    'true: quantiles are type-7 over every trial; false: from a 4096-bin histogram (one bin width accuracy)',
    (r) => r.stats.completion.quantilesExact,
  ),
  ...summaryColumns<CellRecord>('done', 'chunk computations done by completion', (r) => r.stats.done),
  ...summaryColumns<CellRecord>('wasted', 'chunk computations wasted at completion', (r) => r.stats.wasted),
  col(
    'grid_points',
    'INT32',
    'points of the T grid (rows of this cell in the curve table)',
    (r) => r.stats.errors.length,
  ),
];

/** Columns of the `curve` table (one row per cell and grid time), before the axis columns are inserted. */
export const CURVE_COLUMNS: readonly ColumnDef<CurveSource>[] = [
  ...identityColumns<CurveSource>((s) => s.record),
  col('t_index', 'INT32', 'position of T in the cell’s grid (0-based)', (s) => s.g),
  col('T', 'DOUBLE', 'time of the grid point (Infinity for "inf")', (s) => s.point.T),
  col('error_n', 'INT64', 'trials averaged (all trials of the cell)', (s) => s.point.error.n),
  ...summaryColumns<CurveSource>('error', 'decoding error at T (÷ error_scale)', (s) => s.point.error),
  col('error_scale', 'DOUBLE', 'the divisor applied to errors (m, or 1)', (s) => s.record.stats.errorScale),
  col('decodable', 'DOUBLE', 'fraction of trials exactly decodable at T', (s) => num(s.point.decodable), true),
  col(
    'decodable_ci_lo',
    'DOUBLE',
    'lower end of the 95% Wilson interval of decodable',
    (s) => num(s.point.decodableLo),
    true,
  ),
  col(
    'decodable_ci_hi',
    'DOUBLE',
    'upper end of the 95% Wilson interval of decodable',
    (s) => num(s.point.decodableHi),
    true,
  ),
];

/** Name of the column holding sweep axis `path` (e.g. `axis.code.N`). */
export function axisColumnName(path: string): string {
  return `axis.${path}`;
}

/**
 * One column per sweep axis, typed from its values: all numbers → DOUBLE, all booleans → BOOLEAN, otherwise STRING
 * (strings as they are, anything else as JSON). Inserted after `order` in both tables.
 */
export function axisColumns<S>(
  paths: readonly string[],
  values: readonly unknown[][],
  rec: (s: S) => CellRecord,
): ColumnDef<S>[] {
  return paths.map((path, k) => {
    const seen = values[k];
    const type: ColumnType = seen.every((v) => typeof v === 'number')
      ? 'DOUBLE'
      : seen.every((v) => typeof v === 'boolean')
        ? 'BOOLEAN'
        : 'STRING';
    const get = (s: S): TidyValue => {
      const v = rec(s).axes[path];
      if (v === undefined) return null;
      if (type === 'STRING') return typeof v === 'string' ? v : JSON.stringify(v);
      return v as number | boolean;
    };
    return col(axisColumnName(path), type, `value of sweep axis ${path}`, get, true);
  });
}

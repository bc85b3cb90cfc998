import type { ErrorPoint, StatSummary } from '../trials/summary.js';
import type { CellRecord } from './cell-record.js';

/** A value of a tidy table cell: numbers (NaN stored as null), strings, flags, or null. */
export type TidyValue = number | string | boolean | null;

/** A tidy row: one per cell (`cells` table) or per (cell, T) (`curve` table). */
export type TidyRow = Record<string, TidyValue>;

/** Parquet storage types used by the results tables (hyparquet-writer basic types). */
export type ColumnType = 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'STRING' | 'JSON';

/**
 * What a column is for: `id` numbers the rows' cells; `describe` says what a cell is (code, protocol, N, …); `axis`
 * holds one sweep axis; `json` holds structured parameters as JSON; `position` places a row inside its cell (T, k);
 * `statistic` is a measured value. Plots use the roles to tell which columns can still separate marks.
 */
export type ColumnRole = 'id' | 'describe' | 'axis' | 'json' | 'position' | 'statistic';

/** One column of a results table: name, Parquet type, nullability, documentation, role, and how to read it. */
export interface ColumnDef<S> {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly doc: string;
  readonly role: ColumnRole;
  readonly get: (source: S) => TidyValue;
}

/** What a `curve` row is made from: the cell's record and one grid point. */
export interface CurveSource {
  readonly record: CellRecord;
  readonly point: ErrorPoint;
  readonly g: number;
}

/** A number as stored: NaN (undefined) becomes null. */
export const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
const json = (x: unknown): string => JSON.stringify(x);

/** A statistic column (role `statistic`); see {@link ColumnDef}. */
export function col<S>(
  name: string,
  type: ColumnType,
  doc: string,
  get: (s: S) => TidyValue,
  nullable = false,
  role: ColumnRole = 'statistic',
): ColumnDef<S> {
  return { name, type, doc, get, nullable, role };
}

/** A column that describes the cell rather than measuring it. */
function desc<S>(
  name: string,
  type: ColumnType,
  doc: string,
  get: (s: S) => TidyValue,
  nullable = false,
): ColumnDef<S> {
  return col(name, type, doc, get, nullable, type === 'JSON' ? 'json' : 'describe');
}

/** The summary columns `<prefix>_mean … <prefix>_max` of a {@link StatSummary}. */
export function summaryColumns<S>(prefix: string, what: string, pick: (s: S) => StatSummary): ColumnDef<S>[] {
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
    col(
      'cell',
      'INT32',
      'position of the cell in the sweep (0-based); rows are sorted by it',
      (s) => rec(s).index,
      false,
      'id',
    ),
    col(
      'cell_id',
      'STRING',
      'first 16 hex digits of the SHA-256 of the cell’s validated spec',
      (s) => rec(s).id,
      false,
      'id',
    ),
    desc('label', 'STRING', 'the cell’s `label`, or null', (s) => rec(s).label, true),
    desc(
      'scheme',
      'STRING',
      '`label`, or "code · protocol (decoder) · order": the default plot series',
      (s) => rec(s).scheme,
    ),
    desc(
      'code',
      'STRING',
      'canonical compact code string, every parameter filled, e.g. crc:N=20,s=3,seed=0',
      (s) => rec(s).code,
    ),
    desc('code_family', 'STRING', 'code family id, e.g. crc, random:regular', (s) => rec(s).codeFamily),
    desc('N', 'INT32', 'workers', (s) => rec(s).N),
    desc('m', 'INT32', 'chunks', (s) => rec(s).m),
    desc('parts', 'INT32', 'ℓ: parts per chunk the protocol works with', (s) => rec(s).parts),
    desc('protocol', 'STRING', 'original | partial | tandon-partial | erasure', (s) => rec(s).protocol),
    desc('decoder', 'STRING', 'decoder of the original protocol; null for the others', (s) => rec(s).decoder, true),
    desc(
      'order',
      'STRING',
      'processing order as specified: natural | optimal | random:SEED | file path',
      (s) => rec(s).order,
    ),
  ];
}

/** Columns shared by both tables after the axis columns: the backend and its precision floor. */
function backendColumns<S>(rec: (s: S) => CellRecord): ColumnDef<S>[] {
  return [
    desc('backend', 'STRING', 'backend kind that ran the cell: webgpu (f32) or cpu (f64)', (s) => rec(s).backend.kind),
    desc(
      'error_floor',
      'DOUBLE',
      'round-off level of the backend’s arithmetic: decoding errors at or below it are indistinguishable from 0 ' +
        '(100 × the unit roundoff: 2⁻²⁴ for webgpu f32, 2⁻⁵³ for cpu f64)',
      (s) => precisionFloor(rec(s).backend.kind),
    ),
  ];
}

/**
 * The precision floor of a backend's decoding errors: 100 × the unit roundoff of its arithmetic (f32 on WebGPU, f64
 * on the CPU). A decoding error ‖Bᵀw − 1‖² of an exactly decodable survivor set comes out at this level or below
 * (measured: f32 means ≈ 2·10⁻⁸, maxima 2.4·10⁻⁷ on random regular codes with N = 12; f64 ≈ 4·10⁻¹⁷), so values
 * under it are round-off, not results.
 */
export function precisionFloor(backend: 'webgpu' | 'cpu'): number {
  return 100 * (backend === 'webgpu' ? 2 ** -24 : 2 ** -53);
}

/** Columns of the `cells` table (one row per cell), before the axis columns are inserted after `order`. */
export const CELL_COLUMNS: readonly ColumnDef<CellRecord>[] = [
  ...identityColumns<CellRecord>((r) => r),
  ...backendColumns<CellRecord>((r) => r),
  desc('origin', 'STRING', 'the explicit cell the row derives from: cells[i] or defaults', (r) => r.origin),
  desc('axes', 'JSON', 'the sweep-axis values that produced the cell, as a JSON object keyed by axis path', (r) =>
    json(r.axes),
  ),
  desc('code_params', 'JSON', 'the code’s parameters (defaults filled) as a JSON object', (r) => json(r.codeParams)),
  desc('collect', 'INT32', '`erasure`: arrivals collected; null otherwise', (r) => r.collect, true),
  desc('stragglers', 'JSON', 'the straggler model as specified (defaults filled), JSON', (r) => json(r.stragglers)),
  desc('seed', 'STRING', 'decimal seed of the cell’s Philox key', (r) => r.seed),
  desc(
    'stream',
    'INT64',
    'the cell’s Philox counter word c2 (equal for cells sharing straggler draws)',
    (r) => r.stream,
  ),
  desc('normalize', 'BOOLEAN', 'whether errors are divided by m', (r) => r.normalize),
  desc('error_scale', 'DOUBLE', 'the divisor applied to errors (m, or 1)', (r) => r.stats.errorScale),
  desc('trials_planned', 'INT64', 'trials asked for (the maximum, with adaptive stopping)', (r) => r.trialsPlanned),
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
  ...backendColumns<CurveSource>((s) => s.record),
  col('t_index', 'INT32', 'position of T in the cell’s grid (0-based)', (s) => s.g, false, 'position'),
  col('T', 'DOUBLE', 'time of the grid point (Infinity for "inf")', (s) => s.point.T, false, 'position'),
  col('error_n', 'INT64', 'trials averaged (all trials of the cell)', (s) => s.point.error.n),
  ...summaryColumns<CurveSource>('error', 'decoding error at T (÷ error_scale)', (s) => s.point.error),
  desc('error_scale', 'DOUBLE', 'the divisor applied to errors (m, or 1)', (s) => s.record.stats.errorScale),
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

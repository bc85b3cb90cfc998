import { type AxisColumn, axisColumnDefs, axisColumnsOf } from './axis-columns.js';
import { type ColumnDef, type ColumnType, col, num, precisionFloor, type TidyValue } from './columns.js';
import type { StoredBound, StoredCurve, StoredPath, TrainRecord } from './train-record.js';

/** What a row of the training tables is made from: a record and one of its paths (and, in `train`, an iteration). */
export interface TrainSource {
  readonly record: TrainRecord;
  readonly path: StoredPath;
  readonly k: number;
}

const describe = <S>(name: string, type: ColumnType, doc: string, get: (s: S) => TidyValue, nullable = false) =>
  col<S>(name, type, doc, get, nullable, 'describe');

/** Columns that identify a row's run and scheme, shared by both training tables (axis columns follow them). */
function identity(): ColumnDef<TrainSource>[] {
  return [
    col<TrainSource>(
      'cell',
      'INT32',
      'the run of the sweep (0-based; 0 without a sweep)',
      (s) => s.record.index,
      false,
      'id',
    ),
    col<TrainSource>(
      'cell_id',
      'STRING',
      'first 16 hex digits of the SHA-256 of the run’s validated spec',
      (s) => s.record.id,
      false,
      'id',
    ),
    describe(
      'scheme',
      'STRING',
      'the scheme’s label (its `label`, else its code): the default plot series',
      (s) => s.path.label,
    ),
    describe(
      'scheme_index',
      'INT32',
      'entry of the spec’s `schemes` (0 without `schemes`)',
      (s) => s.record.schemeIndex,
    ),
    describe('path', 'STRING', 'gradient path: coefficient | message', (s) => s.path.path),
    describe('code', 'STRING', 'the code’s name', (s) => s.path.code.name),
    describe('N', 'INT32', 'workers', (s) => s.path.code.N),
    describe('m', 'INT32', 'chunks', (s) => s.path.code.m),
    describe('parts', 'INT32', 'ℓ: parts per chunk', (s) => s.path.code.parts),
    describe('decoder', 'STRING', 'decoder of the received messages', (s) => s.path.decoder),
    describe(
      'wait',
      'STRING',
      'when the PS stops waiting: all | exact | deadline T | count k | collect k',
      (s) => s.path.wait,
    ),
    describe('optimizer', 'STRING', 'gd | agd', (s) => s.path.optimizer),
    describe('step_rule', 'STRING', 'the step size as specified: a number, or rule×factor', (s) => s.path.stepRule),
  ];
}

/** Columns after the axis columns, shared by both tables: the problem and the backend. */
function problem(): ColumnDef<TrainSource>[] {
  return [
    describe('dataset', 'STRING', 'dataset name', (s) => s.record.problem.dataset),
    describe('loss', 'STRING', 'least-squares | logistic', (s) => s.record.problem.loss),
    describe('runs', 'INT32', 'independent runs averaged (R)', (s) => s.record.problem.runs),
    describe('iterations', 'INT32', 'iterations per run (K)', (s) => s.record.problem.iterations),
    describe(
      'backend',
      'STRING',
      'backend kind that ran the scheme: webgpu (f32) or cpu (f64)',
      (s) => s.record.backend.kind,
    ),
    describe(
      'gradient_error_floor',
      'DOUBLE',
      'round-off level of the relative gradient error: (100 × the unit roundoff)², 2⁻²⁴ for webgpu f32, 2⁻⁵³ for cpu f64',
      (s) => precisionFloor(s.record.backend.kind) ** 2,
    ),
  ];
}

/** `<prefix>_mean`, `_ci_lo`, `_ci_hi` at iteration k of a stored curve. */
function curveColumns(prefix: string, what: string, pick: (p: StoredPath) => StoredCurve): ColumnDef<TrainSource>[] {
  const at = (values: number[], k: number) => num(values[k] ?? Number.NaN);
  return [
    col<TrainSource>(
      `${prefix}_mean`,
      'DOUBLE',
      `mean over runs of ${what} at k`,
      (s) => at(pick(s.path).mean, s.k),
      true,
    ),
    col<TrainSource>(
      `${prefix}_ci_lo`,
      'DOUBLE',
      `lower end of the t-based CI (the spec’s confidence, default 95%) of ${prefix}_mean`,
      (s) => at(pick(s.path).lo, s.k),
      true,
    ),
    col<TrainSource>(
      `${prefix}_ci_hi`,
      'DOUBLE',
      `upper end of the t-based CI of ${prefix}_mean`,
      (s) => at(pick(s.path).hi, s.k),
      true,
    ),
  ];
}

/** Column stem of a bound name: `glasgow-wootters-vi1` → `bound_glasgow_wootters_vi1`. */
export function boundColumn(name: string): string {
  return `bound_${name.replace(/[^A-Za-z0-9]+/g, '_')}`;
}

/** The statistic column a bound of this metric is compared with (its `_mean` and CI columns). */
export function boundMetricColumn(metric: string): string {
  return metric === 'gap' ? 'gap_mean' : metric === 'distance' ? 'distance_mean' : 'avg_gradient_norm_mean';
}

function boundOf(path: StoredPath, name: string): StoredBound | undefined {
  return path.bounds.find((b) => b.name === name);
}

/** Columns of the `train` table (one row per run, scheme, path and iteration k), axis columns excluded. */
export function trainTableColumns(bounds: readonly string[]): {
  before: ColumnDef<TrainSource>[];
  after: ColumnDef<TrainSource>[];
} {
  return {
    before: identity(),
    after: [
      ...problem(),
      col<TrainSource>('k', 'INT32', 'iteration (0 … K; x_k before step k)', (s) => s.k, false, 'position'),
      col<TrainSource>(
        'step',
        'DOUBLE',
        'step size γ_k (null at k = K)',
        (s) => num(s.path.steps[s.k] ?? Number.NaN),
        true,
      ),
      ...curveColumns('loss', 'f(x_k)', (p) => p.curves.loss),
      ...curveColumns('gap', 'f(x_k) − f*', (p) => p.curves.gap),
      ...curveColumns('distance', '‖x_k − x*‖²', (p) => p.curves.distance),
      ...curveColumns('gradient_error', '‖ĝ_k − g_k‖²/‖g_k‖² (null at k = K)', (p) => p.curves.gradientError),
      ...curveColumns(
        'avg_gradient_norm',
        '(1/k) Σ_{t<k} ‖∇f(x_t)‖² (null at k = 0)',
        (p) => p.curves.averageGradientNorm,
      ),
      ...curveColumns('time', 'the simulated wall clock after k rounds', (p) => p.curves.time),
      ...bounds.flatMap((name) => [
        col<TrainSource>(
          boundColumn(name),
          'DOUBLE',
          `the ${name} bound at k on its statistic (schemes.parquet: ${boundColumn(name)}_metric); null where undefined or not applicable`,
          (s) => {
            const b = boundOf(s.path, name);
            return b?.values ? num(b.values[s.k]) : null;
          },
          true,
          'statistic' as const,
        ),
        col<TrainSource>(
          `${boundColumn(name)}_holds`,
          'BOOLEAN',
          `whether the CI of the bounded statistic stays at or under ${boundColumn(name)} at k (null where undefined)`,
          (s) => boundOf(s.path, name)?.holds?.[s.k] ?? null,
          true,
        ),
      ]),
    ],
  };
}

/** Columns of the `schemes` table (one row per run, scheme and path), axis columns excluded. */
export function schemesTableColumns(bounds: readonly string[]): {
  before: ColumnDef<TrainSource>[];
  after: ColumnDef<TrainSource>[];
} {
  const last = (values: number[]) => num(values[values.length - 1] ?? Number.NaN);
  const mean = (values: number[]) => {
    const finite = values.filter((v) => Number.isFinite(v));
    return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null;
  };
  return {
    before: identity(),
    after: [
      ...problem(),
      describe('n', 'INT32', 'data rows', (s) => s.record.problem.n),
      describe('d', 'INT32', 'features', (s) => s.record.problem.d),
      describe('lambda', 'DOUBLE', 'ridge weight λ', (s) => s.record.problem.lambda),
      describe('confidence', 'DOUBLE', 'confidence level of every CI', (s) => s.record.problem.confidence),
      col<TrainSource>('mu', 'DOUBLE', 'μ: strong convexity of f', (s) => num(s.record.constants.mu)),
      col<TrainSource>('L', 'DOUBLE', 'L: smoothness of f', (s) => num(s.record.constants.L)),
      col<TrainSource>('L_prime', 'DOUBLE', 'L′: largest smoothness of a chunk loss', (s) =>
        num(s.record.constants.Lprime),
      ),
      col<TrainSource>('sigma2', 'DOUBLE', 'σ² = Σ_i ‖∇f_i(x*)‖²', (s) => num(s.record.constants.sigma2)),
      col<TrainSource>('f_star', 'DOUBLE', 'f* = f(x*)', (s) => num(s.record.constants.fStar)),
      col<TrainSource>('gamma0', 'DOUBLE', 'first step size γ_0', (s) => num(s.path.steps[0] ?? Number.NaN), true),
      col<TrainSource>('final_gap_mean', 'DOUBLE', 'mean f(x_K) − f*', (s) => last(s.path.curves.gap.mean), true),
      col<TrainSource>(
        'final_gap_ci_lo',
        'DOUBLE',
        'lower CI end of final_gap_mean',
        (s) => last(s.path.curves.gap.lo),
        true,
      ),
      col<TrainSource>(
        'final_gap_ci_hi',
        'DOUBLE',
        'upper CI end of final_gap_mean',
        (s) => last(s.path.curves.gap.hi),
        true,
      ),
      col<TrainSource>(
        'final_distance_mean',
        'DOUBLE',
        'mean ‖x_K − x*‖²',
        (s) => last(s.path.curves.distance.mean),
        true,
      ),
      col<TrainSource>(
        'final_distance_ci_lo',
        'DOUBLE',
        'lower CI end of final_distance_mean',
        (s) => last(s.path.curves.distance.lo),
        true,
      ),
      col<TrainSource>(
        'final_distance_ci_hi',
        'DOUBLE',
        'upper CI end of final_distance_mean',
        (s) => last(s.path.curves.distance.hi),
        true,
      ),
      col<TrainSource>(
        'final_time_mean',
        'DOUBLE',
        'mean simulated time after K rounds',
        (s) => last(s.path.curves.time.mean),
        true,
      ),
      col<TrainSource>(
        'gradient_error_mean',
        'DOUBLE',
        'mean over k < K of the mean ‖ĝ − g‖²/‖g‖²',
        (s) => mean(s.path.curves.gradientError.mean),
        true,
      ),
      col<TrainSource>('exact_fraction', 'DOUBLE', 'fraction of rounds decoded exactly', (s) =>
        num(s.path.plan.exactFraction),
      ),
      col<TrainSource>('mean_received', 'DOUBLE', 'mean messages received per round', (s) =>
        num(s.path.plan.meanReceived),
      ),
      col<TrainSource>('max_alpha_error', 'DOUBLE', 'largest ‖α − 1‖² of any round', (s) =>
        num(s.path.plan.maxAlphaError),
      ),
      col<TrainSource>('mean_alpha_error', 'DOUBLE', 'mean ‖α − 1‖²', (s) => num(s.path.plan.meanAlphaError)),
      col<TrainSource>(
        'censored_rounds',
        'INT64',
        'rounds where wait: exact fell back to waiting for all',
        (s) => s.path.plan.censored,
      ),
      ...bounds.flatMap((name) => {
        const c = boundColumn(name);
        const b = (s: TrainSource) => boundOf(s.path, name);
        return [
          col<TrainSource>(
            `${c}_applies`,
            'BOOLEAN',
            `whether ${name}'s assumptions hold for the scheme`,
            (s) => b(s)?.applies ?? null,
            true,
          ),
          col<TrainSource>(
            `${c}_holds`,
            'BOOLEAN',
            `the verdict: the CI stays under the bound at every k (null: not applicable)`,
            (s) => b(s)?.holdsEverywhere ?? null,
            true,
          ),
          col<TrainSource>(
            `${c}_verdict`,
            'STRING',
            'the verdict, or why the bound does not apply',
            (s) => (b(s) ? (b(s)!.verdict ?? `not applicable: ${b(s)!.reason}`) : null),
            true,
          ),
          col<TrainSource>(
            `${c}_title`,
            'STRING',
            'the bound’s name as printed (paper, statement)',
            (s) => b(s)?.title ?? null,
            true,
          ),
          col<TrainSource>(
            `${c}_derivation`,
            'STRING',
            'paper (the printed statement) | ours (our derivation)',
            (s) => b(s)?.derivation ?? null,
            true,
          ),
          col<TrainSource>(
            `${c}_metric`,
            'STRING',
            'the bounded statistic: distance | gap | averageGradientNorm',
            (s) => b(s)?.metric ?? null,
            true,
          ),
        ];
      }),
      col<TrainSource>(
        'path_max_final_difference',
        'DOUBLE',
        '`path: both`: largest ‖x_K^message − x_K^coefficient‖² over runs',
        (s) => (s.record.comparison ? num(s.record.comparison.maxFinalDifference) : null),
        true,
      ),
      col<TrainSource>(
        'path_max_relative_final_difference',
        'DOUBLE',
        '`path: both`: the same relative to ‖x_K^coefficient − x*‖²',
        (s) => (s.record.comparison ? num(s.record.comparison.maxRelativeFinalDifference) : null),
        true,
      ),
    ],
  };
}

/** The bound names of a set of records, in the order they first appear. */
export function boundNames(records: readonly TrainRecord[]): string[] {
  const names: string[] = [];
  for (const r of records)
    for (const p of r.paths) for (const b of p.bounds) if (!names.includes(b.name)) names.push(b.name);
  return names;
}

/** Axis columns of a training sweep, named apart from the fixed columns of both training tables. */
export function trainAxisLayout(
  axes: { readonly paths: readonly string[]; readonly values: readonly (readonly unknown[])[] },
  bounds: readonly string[],
): AxisColumn[] {
  const t = trainTableColumns(bounds);
  const s = schemesTableColumns(bounds);
  const fixed = [...new Set([...t.before, ...t.after, ...s.before, ...s.after].map((c) => c.name))];
  return axisColumnsOf(axes.paths, axes.values, fixed);
}

/** The full column lists of both training tables for these axes and bounds. */
export function trainColumns(
  axes: readonly AxisColumn[],
  bounds: readonly string[],
): { train: ColumnDef<TrainSource>[]; schemes: ColumnDef<TrainSource>[] } {
  const axisDefs = axisColumnDefs<TrainSource>(axes, (s) => s.record);
  const t = trainTableColumns(bounds);
  const s = schemesTableColumns(bounds);
  return { train: [...t.before, ...axisDefs, ...t.after], schemes: [...s.before, ...axisDefs, ...s.after] };
}

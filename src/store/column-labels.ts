import type { AxisColumn } from './axis-columns.js';

/**
 * Human labels, with units, of the results tables' columns: what every figure's axis titles, legend titles and panel
 * headers say (docs/plots/README.md, "Labels"). Times are in the straggler model's time unit (one mean chunk time
 * for `exponential` with rate 1), so they read "chunk-time units". A label can be overridden per figure with
 * `--label COLUMN="text"` or a spec's `labels:` map.
 */
export const COLUMN_LABELS: Readonly<Record<string, string>> = {
  // Trial tables: identity.
  cell: 'Cell',
  label: 'Scheme',
  scheme: 'Scheme',
  code: 'Code',
  code_family: 'Code family',
  N: 'Workers N',
  m: 'Chunks m',
  parts: 'Parts per chunk ℓ',
  protocol: 'Protocol',
  decoder: 'Decoder',
  order: 'Chunk order',
  backend: 'Backend',
  collect: 'Arrivals collected',
  normalize: 'Errors ÷ m',
  trials: 'Trials',
  censored: 'Censored trials',
  // Trial tables: statistics.
  completion_mean: 'Completion time (chunk-time units)',
  completion_p50: 'Median completion time (chunk-time units)',
  completion_p90: '90th-percentile completion time (chunk-time units)',
  completion_p99: '99th-percentile completion time (chunk-time units)',
  completion_min: 'Shortest completion time (chunk-time units)',
  completion_max: 'Longest completion time (chunk-time units)',
  completion_std: 'SD of completion time (chunk-time units)',
  done_mean: 'Chunk computations done by completion',
  wasted_mean: 'Chunk computations wasted at completion',
  T: 'Time T (chunk-time units)',
  t_index: 'Grid point',
  error_mean: 'Decoding error ‖Bᵀw − 1‖²',
  error_max: 'Largest decoding error ‖Bᵀw − 1‖²',
  error_min: 'Smallest decoding error ‖Bᵀw − 1‖²',
  decodable: 'Fraction exactly decodable',
  // Training tables.
  k: 'Iteration k',
  gap_mean: 'Optimality gap f(xₖ) − f*',
  loss_mean: 'Loss f(xₖ)',
  distance_mean: 'Distance ‖xₖ − x*‖²',
  gradient_error_mean: 'Relative gradient error ‖ĝ − g‖²/‖g‖²',
  time_mean: 'Simulated time (chunk-time units)',
  step: 'Step size γ',
  optimizer: 'Optimizer',
  wait: 'Wait rule',
  path: 'Gradient path',
  runs: 'Runs',
};

/** Labels of spec paths that sweeps commonly use as axes (`sweep.grid` keys). */
export const AXIS_PATH_LABELS: Readonly<Record<string, string>> = {
  code: 'Code',
  'code.N': 'Workers N',
  'code.n': 'Workers N',
  'code.m': 'Chunks m',
  'code.s': 'Stragglers tolerated s',
  'code.d': 'Degree d',
  'code.parts': 'Parts per chunk ℓ',
  'code.seed': 'Code seed',
  protocol: 'Protocol',
  decoder: 'Decoder',
  order: 'Chunk order',
  parts: 'Parts per chunk ℓ',
  collect: 'Arrivals collected',
  trials: 'Trials',
  seed: 'Seed',
  normalize: 'Errors ÷ m',
  'stragglers.slow.fraction': 'Fraction of slow workers',
  'stragglers.slow.factor': 'Slowdown factor of slow workers',
  'stragglers.failures.p': 'Failure probability p',
  'stragglers.chunkTime.rate': 'Chunk-time rate',
  'stragglers.chunkTime.shift': 'Chunk-time shift (chunk-time units)',
  'stragglers.chunkTime.mean': 'Mean chunk time',
  'stragglers.fixed.s': 'Stragglers per round s',
  'stragglers.bursty.lambda': 'Bursty stragglers λ',
  // Training specs.
  step: 'Step size γ',
  'step.factor': 'Step factor',
  'step.rule': 'Step rule',
  optimizer: 'Optimizer',
  wait: 'Wait rule',
  'wait.deadline': 'Deadline (chunk-time units)',
  'wait.count': 'Workers waited for',
  'wait.collect': 'Arrivals collected',
  path: 'Gradient path',
  runs: 'Runs',
  iterations: 'Iterations',
  regularization: 'Ridge weight λ',
  'dataset.rows': 'Data rows n',
  'dataset.features': 'Features d',
  'dataset.condition': 'Condition number κ',
  'dataset.noise': 'Label noise',
};

/** A readable label of a dotted spec path without an entry above: `stragglers.speed.rate` → `Stragglers speed rate`. */
function humanizePath(path: string): string {
  const words = path
    .split('.')
    .flatMap((part) => part.replace(/([a-z])([A-Z])/g, '$1 $2').split(/[_\s]+/))
    .filter((w) => w !== '');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The label table of a results directory: {@link COLUMN_LABELS}, then one label per axis column (from
 * {@link AXIS_PATH_LABELS}, else its humanised path), then `overrides` (a spec's `labels:` map, then `--label`). With
 * `normalized` (every cell divides its errors by m) the error labels read `‖Bᵀw − 1‖²/m`. Statistic columns without
 * an entry (`error_ci_lo`, …) show their name.
 */
export function labelTable(
  axes: readonly AxisColumn[],
  options: { readonly normalized?: boolean } = {},
  ...overrides: (Readonly<Record<string, string>> | undefined)[]
): Record<string, string> {
  const table: Record<string, string> = { ...COLUMN_LABELS };
  if (options.normalized) for (const c of ['error_mean', 'error_max', 'error_min']) table[c] = `${COLUMN_LABELS[c]}/m`;
  for (const axis of axes) table[axis.column] = AXIS_PATH_LABELS[axis.path] ?? humanizePath(axis.path);
  for (const o of overrides) if (o) Object.assign(table, o);
  return table;
}

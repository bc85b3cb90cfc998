import { InputError } from '../errors.js';

/**
 * The one table of resource limits (DESIGN §9 "Limits before work"; issue 15). Every size that user input controls
 * is checked against this table **before** anything of that size is allocated or computed, and a refusal is an
 * {@link InputError} (exit code 2) that names the field, the number that was too large and the limit. The same
 * table, with the reason for each value, is docs/limits.md; `test/limits/limits-table.test.ts` keeps the two equal.
 */
export interface Limit {
  /** The largest accepted value (or, for `*Min` limits, the smallest). */
  readonly value: number;
  /** What is counted, in words (used in messages: "<what> is X, above the limit of Y"). */
  readonly what: string;
  /** Why the limit has this value. */
  readonly why: string;
  /** Where it is checked (module or command). */
  readonly checkedIn: string;
}

const MiB = 2 ** 20;

/** Every limit, by key. Messages cite the key as `limits.<key>`. */
export const LIMITS = {
  specFileBytes: {
    value: 4 * MiB,
    what: 'the spec file size in bytes',
    why:
      'a 3.8 MiB YAML spec (75 000 explicit cells) loads at 644 MiB peak RSS, a 8.9 MiB one parses at 971 MiB; ' +
      'sweep axes describe large sweeps in a few lines',
    checkedIn: 'spec/load-spec (run, sweep, slurm, resume copies)',
  },
  dataFileBytes: {
    value: 64 * MiB,
    what: 'the file size in bytes',
    why: 'files are parsed whole: a 64 MiB trace parses at 340 MiB peak RSS',
    checkedIn: 'input/read-input-file (code, order and trace files, --matrix, pinned files)',
  },
  nestingDepth: {
    value: 64,
    what: 'the nesting depth',
    why: 'specs nest about 6 levels (nested code objects a few more); deeper values only exhaust the stack',
    checkedIn: 'input/checked-value (every parsed spec, code file and order file)',
  },
  cells: {
    value: 100_000,
    what: 'the number of cells of the sweep',
    why: 'every cell is validated, hashed and written to the results; a typo in an axis should not allocate millions',
    checkedIn: 'spec/expand, from the axis lengths before any cell is built',
  },
  trialsPerCell: {
    value: 2 ** 32,
    what: 'the trials of a cell',
    why: 'the trial index is one 32-bit Philox counter word; more trials would repeat the same draws',
    checkedIn: 'spec/cell-limits',
  },
  gridPoints: {
    value: 10_000,
    what: 'the points of the T grid',
    why: 'every trial evaluates the error at every point, and each point is a row of the curve table',
    checkedIn: 'spec/cell-limits, before the grid is built',
  },
  trialGridPoints: {
    value: 1e12,
    what: 'trials × T-grid points of a cell',
    why: 'at W1’s rate (4·10⁶ trials × 8 points in 33 s) 10¹² trial-points take about 12 days; more is a typo',
    checkedIn: 'spec/cell-limits',
  },
  curveRows: {
    value: 1_000_000,
    what: 'the rows of the curve table (cells × T-grid points)',
    why: 'the tables are built in memory when the results are written',
    checkedIn: 'spec/expand, from the cells’ grid sizes before any cell is resolved',
  },
  codeWorkers: {
    value: 65_536,
    what: 'the workers N of the code',
    why: 'per-trial state and the GPU tables grow with N; papers use N ≤ a few thousand',
    checkedIn: 'codes/code-size, from the parameters before the code is built; custom files while parsed',
  },
  codeChunks: {
    value: 65_536,
    what: 'the chunks m of the code',
    why: 'decoders hold vectors of length m·ℓ per survivor',
    checkedIn: 'codes/code-size; custom files (largest chunk index + 1, or "m")',
  },
  codeEntries: {
    value: 2 ** 24,
    what: 'the stored entries of the code (support size × ℓ)',
    why: '2²⁴ f64 coefficients are 128 MiB, and the GPU tables copy them',
    checkedIn: 'codes/code-size; custom files while parsed',
  },
  codeConstructionOps: {
    value: 1e9,
    what: 'the estimated operations to build the code',
    why: 'about 10 s of construction (CRC: N·(s+1)³ for its N window solves, measured 7–18 ns each)',
    checkedIn: 'codes/code-size, per family, nested factors included',
  },
  leastSquaresWorkers: {
    value: 4096,
    what: 'the workers N decoded by least squares',
    why: 'least-squares decoding factorises N × N Gram matrices (4096² f64 = 128 MiB each)',
    checkedIn: 'spec/resolve-cell (original protocol with a least-squares decoder)',
  },
  shards: {
    value: 1_000_000,
    what: 'the shard count N of --shard i/N',
    why: 'a shard without cells is a typo (it creates files and does nothing); also capped by the cell count',
    checkedIn: 'sweep/shard (parseShard) and sweep/plan (against the cells)',
  },
  inspectSets: {
    value: 10_000_000,
    what: 'the straggler sets to evaluate',
    why: 'a larger enumeration is a typo (inspectWork bounds the time)',
    checkedIn: 'adversarial/straggler-statistics (exhaustive C(N,S), random TRIALS), before enumerating',
  },
  inspectWork: {
    value: 2e9,
    what: 'straggler sets × N × m',
    why:
      'a set costs 19–66 ns per N·m (cyclic N = m = 40: 3.8·10⁶ exhaustive sets 115 s, 10⁶ random sets 105 s): ' +
      'under about 2 minutes',
    checkedIn: 'inspect/straggler-choice, before enumerating',
  },
  timeMax: {
    value: 1e30,
    what: 'the largest possible finishing time',
    why: 'f32 kernels mark "never" as 3·10³⁸; larger finite times would be counted as censored',
    checkedIn: 'stragglers/time-range (chunk-time distribution × worker factors × chunks per worker); traces',
  },
  timeScaleMin: {
    value: 1e-30,
    what: 'the time scale',
    why: 'below this, f32 chunk times underflow towards 0 and the two backends disagree',
    checkedIn: 'stragglers/time-range',
  },
  coefficientMax: {
    value: 1e12,
    what: 'the magnitude of a code coefficient',
    why: 'squares of sums of coefficients must stay finite in f32 (3.4·10³⁸) on the GPU',
    checkedIn: 'codes/custom-file',
  },
  coefficientMin: {
    value: 1e-12,
    what: 'the magnitude of a non-zero code coefficient',
    why: 'smaller non-zeros vanish against the rank tolerance of least squares (relative 10⁻¹²)',
    checkedIn: 'codes/custom-file',
  },
  trainHostBytes: {
    value: 8 * 2 ** 30,
    what: 'the host bytes of a training run',
    why: 'the default of `limits.hostBytes` (min(8 GiB, half the RAM)); a spec may lower or raise it',
    checkedIn: 'train/spec/resolve-train (dataset, runs × features state, runs × iterations curves)',
  },
  plotPixels: {
    value: 50_000_000,
    what: 'the pixels of the figure (width × height × dpi²)',
    why:
      'a PNG is one RGBA bitmap (50 million pixels are 191 MiB); a page-wide figure (7 × 3.2 in) at the largest ' +
      '--dpi, 1200, has 32 million',
    checkedIn: 'limits/checkPlotPixels (for `gradcode plot` to call before rendering)',
  },
  plotInches: {
    value: 100,
    what: 'a side of the figure in inches',
    why: 'layout and vector output of larger figures is pointless for publication plots',
    checkedIn: 'limits/checkPlotPixels',
  },
  nameLength: {
    value: 200,
    what: 'the length of `name`',
    why: 'results/<name>-<time> must fit a 255-byte file name',
    checkedIn: 'spec/cell-schema',
  },
} as const satisfies Record<string, Limit>;

/** A key of {@link LIMITS}. */
export type LimitKey = keyof typeof LIMITS;

/** A number as messages print it: integers with thin groups (`100 000`), others in short exponent form. */
export function formatLimitNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return x.toLocaleString('en-US').replace(/,/g, ' ');
  return x.toPrecision(3).replace(/\.?0+e/, 'e');
}

/** A byte count in binary units: `512 B`, `3.1 KiB`, `12.0 MiB`, `8.0 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Throws an {@link InputError} on `field` when `value` exceeds the limit `key` (for the `…Min` limits: falls below
 * it). The message names the number, the limit and its key, e.g. `expands to 125 000 000 cells, above the limit of
 * 100 000 (limits.cells)`. `what` replaces the table's description when the caller can say it better.
 */
export function checkLimit(key: LimitKey, value: number, field: string, what?: string): void {
  const limit = LIMITS[key];
  const below = key.endsWith('Min');
  const ok = below ? value >= limit.value : value <= limit.value;
  if (ok && !Number.isNaN(value)) return;
  throw new InputError(
    field,
    `${what ?? limit.what} is ${formatLimitNumber(value)}, ${below ? 'below' : 'above'} the limit of ` +
      `${formatLimitNumber(limit.value)} (limits.${key})`,
  );
}

/**
 * Checks a figure's size before it is laid out or rendered: each side at most {@link LIMITS.plotInches} inches, and
 * (width · dpi) × (height · dpi) at most {@link LIMITS.plotPixels} pixels (a PNG is one RGBA bitmap of that size).
 * `field` names the flag or spec entry (default `--size`). Call it for every figure before rendering.
 */
export function checkPlotPixels(widthIn: number, heightIn: number, dpi: number, field = '--size'): void {
  for (const side of [widthIn, heightIn]) {
    if (!(side > 0) || !Number.isFinite(side)) throw new InputError(field, `a side of ${side} inches is not positive`);
    checkLimit('plotInches', side, field);
  }
  const [w, h] = [Math.round(widthIn * dpi), Math.round(heightIn * dpi)];
  checkLimit(
    'plotPixels',
    w * h,
    field,
    `the pixel count of a ${formatLimitNumber(w)} × ${formatLimitNumber(h)} figure (${widthIn} × ${heightIn} in ` +
      `at ${dpi} dpi)`,
  );
}

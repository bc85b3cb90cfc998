/**
 * The one result format every benchmark runner prints as its last stdout line — gradcode's child
 * (bench/harness/gradcode-child.ts) and the Python peers (bench/peers/peer_common.py) alike — and its parser.
 * JSON has no infinity: +∞ travels as the string "inf", NaN (and "not measured") as null.
 */

/** A mean with its standard error (and the runner's own 95% interval). */
export interface MeanStatistic {
  readonly kind: 'mean';
  readonly mean: number;
  readonly se: number;
  readonly n: number;
  readonly ciLo: number;
  readonly ciHi: number;
}

/**
 * A quantile: its value, and either a distribution-free 95% interval from order statistics (`lo`, `hi`; peers keep
 * every sample) or the width of the histogram bin it was interpolated in (`resolution`; gradcode streams histograms).
 */
export interface QuantileStatistic {
  readonly kind: 'quantile';
  readonly q: number;
  readonly value: number;
  readonly lo?: number;
  readonly hi?: number;
  readonly resolution?: number;
}

/** A count of events among `of` trials (e.g. censored trials). */
export interface CountStatistic {
  readonly kind: 'count';
  readonly count: number;
  readonly of: number;
}

export type Statistic = MeanStatistic | QuantileStatistic | CountStatistic;

/** One configuration of a workload as run by one runner. */
export interface ConfigResult {
  readonly label: string;
  /** Wall seconds of this configuration's computation (after setup). */
  readonly seconds: number;
  /** Work units done: trials (W1, W2) or run-iterations (W3). */
  readonly units: number;
  /** Statistics by name (the same names on every runner, so they can be compared). */
  readonly stats: Readonly<Record<string, Statistic>>;
}

/** Everything one runner process reports. */
export interface RunnerResult {
  /** `gradcode`, `numpy` or `torch`. */
  readonly runner: string;
  readonly workload: string;
  /** Where it ran: the backend's description, "cpu", or the CUDA device name. */
  readonly device: string;
  readonly versions: Readonly<Record<string, string>>;
  /** Seconds before the first configuration: backend or device creation (imports and input loading excluded). */
  readonly setupSeconds: number;
  readonly configs: readonly ConfigResult[];
  /** Peak resident set size of the process (getrusage ru_maxrss), KiB. */
  readonly maxRssKiB: number;
  /** Peak device memory in bytes where the runner can tell (GPU buffer pool, torch.cuda.max_memory_allocated). */
  readonly gpuPeakBytes: number | null;
  /** Free-form details (batch sizes, dtype, method, CPU fallbacks). */
  readonly notes?: Readonly<Record<string, unknown>>;
}

/** A runner that could not run here, and why (exit code 3 with {"skipped": reason}). */
export interface SkippedResult {
  readonly skipped: string;
}

/** Exit code of a runner that skips itself (no adapter, `import torch` failed). */
export const SKIP_EXIT_CODE = 3;

/** Converts "inf"/"-inf" back to numbers, recursively (null stays null: read it as "unknown"). */
export function reviveNumbers(value: unknown): unknown {
  if (value === 'inf') return Number.POSITIVE_INFINITY;
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  if (Array.isArray(value)) return value.map(reviveNumbers);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveNumbers(v)]));
  }
  return value;
}

/** JSON.stringify with ±∞ as "inf"/"-inf" and NaN as null (the peers' convention). */
export function stringifyResult(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    if (Number.isNaN(v)) return null;
    return v > 0 ? 'inf' : '-inf';
  });
}

/**
 * Parses a runner's stdout: the last non-empty line must be the result object (or a skip). Throws with the tail of
 * the output when it is not.
 */
export function parseRunnerOutput(stdout: string): RunnerResult | SkippedResult {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const last = lines.at(-1);
  if (!last) throw new Error('the runner printed nothing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    throw new Error(`the runner's last line is not JSON: ${last.slice(0, 300)}`);
  }
  const revived = reviveNumbers(parsed) as Record<string, unknown>;
  if (typeof revived.skipped === 'string') return { skipped: revived.skipped };
  if (!Array.isArray(revived.configs) || typeof revived.runner !== 'string') {
    throw new Error(`the runner's result has no "runner"/"configs": ${last.slice(0, 300)}`);
  }
  return revived as unknown as RunnerResult;
}

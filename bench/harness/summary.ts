import type { RunRecord, WorkloadReport } from './run-bench.js';

/** Median, minimum and maximum of repeated timings. */
export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly reps: number;
}

/** One row of a workload's timing table: a configuration (or the total) on one runner. */
export interface TimingRow {
  readonly runner: string;
  /** Configuration label, or "total" (setup + every configuration). */
  readonly config: string;
  readonly seconds: Timing;
  readonly units: number;
  /** Work units per second at the median time. */
  readonly throughput: number;
  /** NumPy's median time over this runner's (> 1: faster than NumPy); null without a NumPy result. */
  readonly vsNumpy: number | null;
}

/** Per-runner facts of a workload beyond timings. */
export interface RunnerSummary {
  readonly runner: string;
  /** ok, or why not (skipped / failed with the message). */
  readonly status: 'ok' | 'skipped' | 'failed';
  readonly message: string;
  readonly device: string;
  readonly setup: Timing | null;
  /** Wall time of the whole child process (interpreter start-up, imports and input loading included). */
  readonly process: Timing | null;
  readonly maxRssKiB: number | null;
  readonly gpuPeakBytes: number | null;
  readonly versions: Readonly<Record<string, string>>;
  readonly notes: Readonly<Record<string, unknown>>;
}

/** Median (mean of the middle two for an even count), min and max. */
export function timing(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { median, min: sorted[0], max: sorted[n - 1], reps: n };
}

function okResults(w: WorkloadReport, runner: string) {
  return w.records.flatMap((r: RunRecord) =>
    r.runner === runner && r.outcome.status === 'ok'
      ? [{ result: r.outcome.result, process: r.outcome.processSeconds }]
      : [],
  );
}

/** Seconds of each configuration (and "total") of a runner over its repetitions. */
function secondsByConfig(w: WorkloadReport, runner: string): Map<string, { seconds: number[]; units: number }> {
  const out = new Map<string, { seconds: number[]; units: number }>();
  for (const { result } of okResults(w, runner)) {
    let total = result.setupSeconds;
    let units = 0;
    for (const c of result.configs) {
      const entry = out.get(c.label) ?? { seconds: [], units: c.units };
      entry.seconds.push(c.seconds);
      out.set(c.label, entry);
      total += c.seconds;
      units += c.units;
    }
    const entry = out.get('total') ?? { seconds: [], units };
    entry.seconds.push(total);
    out.set('total', entry);
  }
  return out;
}

/** The timing table of a workload: every configuration and the total, per runner, with the ratio to NumPy. */
export function timingRows(w: WorkloadReport): TimingRow[] {
  const numpy = secondsByConfig(w, 'numpy');
  const rows: TimingRow[] = [];
  for (const runner of w.runners) {
    for (const [config, { seconds, units }] of secondsByConfig(w, runner)) {
      const t = timing(seconds);
      const reference = numpy.get(config);
      rows.push({
        runner,
        config,
        seconds: t,
        units,
        throughput: units / t.median,
        vsNumpy: reference ? timing(reference.seconds).median / t.median : null,
      });
    }
  }
  return rows;
}

/** Status, device, memory and versions of every runner of a workload. */
export function runnerSummaries(w: WorkloadReport): RunnerSummary[] {
  return w.runners.flatMap((runner): RunnerSummary[] => {
    const records = w.records.filter((r) => r.runner === runner);
    if (records.length === 0) return [];
    const ok = okResults(w, runner);
    const bad = records.find((r) => r.outcome.status !== 'ok')?.outcome;
    const first = ok[0]?.result;
    const message = !bad ? '' : bad.status === 'skipped' ? bad.reason : bad.status === 'failed' ? bad.error : '';
    return [
      {
        runner,
        status: ok.length > 0 ? 'ok' : (bad?.status ?? 'failed'),
        message,
        device: first?.device ?? '',
        setup: ok.length ? timing(ok.map((o) => o.result.setupSeconds)) : null,
        process: ok.length ? timing(ok.map((o) => o.process)) : null,
        maxRssKiB: ok.length ? Math.max(...ok.map((o) => o.result.maxRssKiB)) : null,
        gpuPeakBytes: ok.some((o) => o.result.gpuPeakBytes !== null)
          ? Math.max(...ok.map((o) => o.result.gpuPeakBytes ?? 0))
          : null,
        versions: first?.versions ?? {},
        notes: first?.notes ?? {},
      },
    ];
  });
}

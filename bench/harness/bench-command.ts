import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import { type GradcodeBackend, type PeerKind, type SizeMode, WORKLOADS, type WorkloadId } from '../workloads/index.js';
import { type PeerSpec, pythonPeer } from './peers.js';
import { formatReport } from './report.js';
import { stringifyResult } from './result.js';
import { type BenchReport, runBench } from './run-bench.js';

/** The flags of `npm run bench` / `gradcode bench`, as strings before validation. */
export interface BenchFlags {
  readonly quick?: boolean;
  /** Test-sized problems (seconds); for the harness's own tests. */
  readonly tiny?: boolean;
  readonly workload?: string;
  readonly backends?: string;
  readonly peers?: string;
  readonly reps?: string;
  /** Multiplies the work of every workload (trials; W3: runs), e.g. 0.2 for a stated reduced run. */
  readonly scale?: string;
  readonly python?: string;
  readonly timeout?: string;
  readonly out?: string;
}

const ALL_WORKLOADS: readonly WorkloadId[] = ['W1', 'W2', 'W3'];
const BACKENDS: readonly GradcodeBackend[] = ['webgpu', 'cpu'];
const PEERS: readonly PeerKind[] = ['numpy', 'numpy-alg', 'torch'];

function listFlag<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  upper = false,
): T[] {
  if (value === undefined) return [...allowed];
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (upper ? s.toUpperCase() : s.toLowerCase()));
  if (items.length === 0) throw new InputError(flag, 'needs at least one value');
  for (const item of items) {
    if (!allowed.includes(item as T))
      throw new InputError(flag, `unknown value "${item}"; choose from ${allowed.join(', ')}`);
  }
  return [...new Set(items)] as T[];
}

function positiveInteger(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InputError(flag, `must be a positive integer, got "${value}"`);
  return n;
}

/** `results/bench-<UTC yyyymmddThhmmssZ>` under the current directory. */
function defaultOutDir(now = new Date()): string {
  return join(
    'results',
    `bench-${now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}`,
  );
}

/** Validated options of a run (InputError naming the flag for bad values). */
export function benchPlan(flags: BenchFlags): {
  mode: SizeMode;
  scale: number;
  workloads: WorkloadId[];
  backends: GradcodeBackend[];
  peers: PeerSpec[];
  reps: number;
  timeoutSeconds: number;
  outDir: string;
} {
  if (flags.quick && flags.tiny) throw new InputError('--quick', 'cannot be combined with --tiny');
  const mode: SizeMode = flags.tiny ? 'tiny' : flags.quick ? 'quick' : 'full';
  const python = flags.python ?? process.env.PYTHON ?? 'python3';
  const scale = flags.scale === undefined ? 1 : Number(flags.scale);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 1)) {
    throw new InputError('--scale', `must be a number in (0, 1], got "${flags.scale}"`);
  }
  return {
    mode,
    scale,
    workloads: listFlag(flags.workload, ALL_WORKLOADS, '--workload', true),
    backends: listFlag(flags.backends, BACKENDS, '--backends'),
    peers: listFlag(flags.peers, PEERS, '--peers').map((kind) => pythonPeer(kind, python)),
    reps: positiveInteger(flags.reps, mode === 'full' ? 3 : mode === 'quick' ? 2 : 1, '--reps'),
    timeoutSeconds: positiveInteger(flags.timeout, mode === 'full' ? 3600 : 600, '--timeout'),
    outDir: resolve(flags.out ?? defaultOutDir()),
  };
}

/**
 * Creates a benchmark's report folder: a new one, or an existing empty one. A benchmark writes (and the auto suite
 * deletes) files inside it, so a folder holding anything else — someone's results — is refused, naming `--out`.
 */
export function newReportDir(dir: string): void {
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0))
    throw new InputError('--out', `${dir} exists and is not an empty folder; name a new one`);
  mkdirSync(dir, { recursive: true });
}

/**
 * `npm run bench` / `gradcode bench`: runs the plan, prints the text report on stdout (progress on stderr), and
 * writes report.json, report.md and the peers' input files into the output directory. Returns the exit code: 0 when
 * every runner that could run here ran and every peer agrees with gradcode, 1 otherwise.
 */
export async function benchCommand(flags: BenchFlags): Promise<{ code: number; report: BenchReport; outDir: string }> {
  const plan = benchPlan(flags);
  newReportDir(plan.outDir);
  const report = await runBench({
    mode: plan.mode,
    scale: plan.scale,
    workloads: plan.workloads,
    backends: plan.backends,
    peers: plan.peers,
    reps: plan.reps,
    timeoutSeconds: plan.timeoutSeconds,
    workDir: plan.outDir,
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  const text = formatReport(report, 'text');
  process.stdout.write(`${text}\n`);
  writeFileSync(join(plan.outDir, 'report.json'), `${stringifyResult(report)}\n`);
  writeFileSync(join(plan.outDir, 'report.md'), `${formatReport(report, 'markdown')}\n`);
  process.stdout.write(`\nreport: ${join(plan.outDir, 'report.md')} (and report.json)\n`);
  const failed = report.workloads.some((w) => w.records.some((r) => r.outcome.status === 'failed'));
  const disagree = report.checks.some((c) => !c.agree);
  return { code: failed || disagree ? 1 : 0, report, outDir: plan.outDir };
}

/** Workload ids the harness knows how to run right now (for help texts). */
export function runnableWorkloads(): string {
  return WORKLOADS.map((w) => w.id).join(', ');
}

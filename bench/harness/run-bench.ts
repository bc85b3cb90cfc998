import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import {
  type GradcodeBackend,
  type SizeMode,
  UNAVAILABLE,
  type Workload,
  type WorkloadId,
  workloadById,
} from '../workloads/index.js';
import { type Check, evaluatePairs, type StatisticPair, statisticPairs } from './agreement.js';
import { type MachineInfo, machineInfo } from './machine.js';
import type { PeerSpec } from './peers.js';
import { type RunnerResult, stringifyResult } from './result.js';
import { gradcodeChildCommand, type RunnerCommand, type RunOutcome, runRunner } from './spawn-runner.js';

/** What to run. */
export interface BenchOptions {
  readonly mode: SizeMode;
  /** Multiplies every workload's work (trials; W3: runs); 1 = the preset's sizes. */
  readonly scale?: number;
  readonly workloads: readonly WorkloadId[];
  readonly backends: readonly GradcodeBackend[];
  readonly peers: readonly PeerSpec[];
  /** Repetitions of every runner (interleaved: each repetition runs every runner once, in a rotated order). */
  readonly reps: number;
  /** Kill a runner process after this many seconds. */
  readonly timeoutSeconds: number;
  /** Where the peers' input files are written. */
  readonly workDir: string;
  /** Progress lines (stderr in the CLI). */
  readonly log: (line: string) => void;
}

/** One runner process of one repetition. */
export interface RunRecord {
  readonly rep: number;
  readonly runner: string;
  readonly outcome: RunOutcome;
}

/** A workload's runs. */
export interface WorkloadReport {
  readonly id: WorkloadId;
  readonly title: string;
  readonly unit: Workload['unit'];
  readonly sizeText: string;
  readonly size: unknown;
  /** Runner names in table order: gradcode backends first, then the peers. */
  readonly runners: readonly string[];
  readonly records: readonly RunRecord[];
}

/** The whole run: machine, runs, and the agreement checks between gradcode and every peer. */
export interface BenchReport {
  readonly started: string;
  readonly machine: MachineInfo;
  readonly mode: SizeMode;
  /** The --scale factor (1: the preset's sizes). */
  readonly scale: number;
  readonly reps: number;
  readonly workloads: readonly WorkloadReport[];
  /** Workloads asked for that cannot run yet, with the reason. */
  readonly unavailable: readonly { id: string; reason: string }[];
  readonly zCritical: number;
  readonly checks: readonly Check[];
}

/** A runner of a workload: a gradcode backend or a peer. */
interface Runner {
  readonly name: string;
  command(workload: Workload, size: unknown, inputPath: string): RunnerCommand | null;
  unavailable(): string | null;
}

function gradcodeRunner(backend: GradcodeBackend): Runner {
  return {
    name: `gradcode ${backend}`,
    command: (workload, size) => gradcodeChildCommand(workload.id, backend, size),
    unavailable: () => null,
  };
}

function peerRunner(peer: PeerSpec): Runner {
  return {
    name: peer.name,
    command: (workload, _size, inputPath) => peer.command(workload, inputPath),
    unavailable: () => peer.unavailable(),
  };
}

/** `list` rotated left by `k` (repetition k starts with a different runner, so no runner always goes first). */
function rotate<T>(list: readonly T[], k: number): T[] {
  const n = list.length;
  return n === 0 ? [] : list.map((_, i) => list[(i + k) % n]);
}

/**
 * Runs the benchmark: exports each workload's peer input from gradcode, then for every repetition runs every runner
 * of every workload once (gradcode on each backend and each peer, each in its own child process, order rotated per
 * repetition), and finally checks every peer's statistics against gradcode's. A runner that skips itself (no
 * WebGPU adapter, PyTorch not importable) or fails is not run again in later repetitions.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = new Date().toISOString();
  const machine = machineInfo();
  mkdirSync(options.workDir, { recursive: true });
  const unavailable: { id: string; reason: string }[] = [];
  const planned: { workload: Workload; size: unknown; inputPath: string; records: RunRecord[] }[] = [];
  for (const id of options.workloads) {
    const workload = workloadById(id);
    if (!workload) {
      unavailable.push({ id, reason: UNAVAILABLE[id] ?? 'unknown workload' });
      options.log(`${id}: not run — ${UNAVAILABLE[id] ?? 'unknown workload'}`);
      continue;
    }
    const size = workload.size(options.mode, options.scale ?? 1);
    const inputPath = join(options.workDir, `${workload.id.toLowerCase()}-input.json`);
    writeFileSync(inputPath, stringifyResult(workload.peerInput(size, options.workDir)));
    planned.push({ workload, size, inputPath, records: [] });
  }
  const runners = [...options.backends.map(gradcodeRunner), ...options.peers.map(peerRunner)];
  // Skips hold for the whole run (no adapter, no PyTorch); failures only for the workload they happened in.
  const skipped = new Map<string, RunOutcome>();
  const failed = new Set<string>();
  for (const runner of runners) {
    const reason = runner.unavailable();
    if (reason) skipped.set(runner.name, { status: 'skipped', reason });
  }
  for (let rep = 0; rep < options.reps; rep++) {
    for (const plan of planned) {
      for (const runner of rotate(runners, rep)) {
        const known = skipped.get(runner.name);
        if (known) {
          if (!plan.records.some((r) => r.runner === runner.name))
            plan.records.push({ rep, runner: runner.name, outcome: known });
          continue;
        }
        if (failed.has(`${plan.workload.id} ${runner.name}`)) continue;
        const cmd = runner.command(plan.workload, plan.size, plan.inputPath);
        if (!cmd) continue;
        options.log(`${plan.workload.id} rep ${rep + 1}/${options.reps}: ${runner.name} …`);
        const outcome = await runRunner(cmd, options.timeoutSeconds, packageRoot());
        plan.records.push({ rep, runner: runner.name, outcome });
        options.log(`${plan.workload.id} rep ${rep + 1}/${options.reps}: ${runner.name} ${describeOutcome(outcome)}`);
        if (outcome.status === 'skipped') skipped.set(runner.name, outcome);
        if (outcome.status === 'failed') failed.add(`${plan.workload.id} ${runner.name}`);
      }
    }
  }
  const workloads: WorkloadReport[] = planned.map((p) => ({
    id: p.workload.id,
    title: p.workload.title,
    unit: p.workload.unit,
    sizeText: p.workload.describeSize(p.size),
    size: p.size,
    runners: runners.map((r) => r.name),
    records: p.records,
  }));
  const pairs = workloads.flatMap(agreementPairs);
  const { zCritical, checks } = evaluatePairs(pairs);
  return {
    started,
    machine,
    mode: options.mode,
    scale: options.scale ?? 1,
    reps: options.reps,
    workloads,
    unavailable,
    zCritical,
    checks,
  };
}

function describeOutcome(o: RunOutcome): string {
  if (o.status === 'ok') {
    const total = o.result.setupSeconds + o.result.configs.reduce((s, c) => s + c.seconds, 0);
    return `${total.toFixed(2)} s`;
  }
  if (o.status === 'skipped') return `skipped: ${o.reason}`;
  return `FAILED: ${o.error.split('\n')[0]}`;
}

/** The first successful result of a runner in a workload (every repetition uses the same seed and inputs). */
export function firstResult(w: WorkloadReport, runner: string): RunnerResult | null {
  for (const r of w.records) if (r.runner === runner && r.outcome.status === 'ok') return r.outcome.result;
  return null;
}

/** Pairs of (gradcode backend, peer) statistics of a workload. */
function agreementPairs(w: WorkloadReport): StatisticPair[] {
  const gradcode = w.runners.filter((r) => r.startsWith('gradcode '));
  const peers = w.runners.filter((r) => !r.startsWith('gradcode '));
  const pairs: StatisticPair[] = [];
  for (const g of gradcode) {
    const a = firstResult(w, g);
    if (!a) continue;
    for (const p of peers) {
      const b = firstResult(w, p);
      if (b) pairs.push(...statisticPairs(g, a, p, b));
    }
  }
  return pairs;
}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, hostname, platform } from 'node:os';
import { webgpuPackageVersion } from '../engine/webgpu/dawn.js';
import { parseJsonText } from '../input/parse-json.js';
import { packageRoot, packageVersion } from '../package-root.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Shard } from './shard.js';

/** The software a run used. */
export interface SoftwareVersions {
  readonly gradcode: string;
  /** Commit of the gradcode checkout when it is a git repository (`dirty`: uncommitted changes), else null. */
  readonly git: { readonly commit: string; readonly dirty: boolean } | null;
  readonly node: string;
  /** Version of the `webgpu` package (Dawn for Node). */
  readonly webgpu: string;
}

/** The machine a session ran on. */
export interface HostInfo {
  readonly hostname: string;
  readonly platform: string;
  readonly cpu: string;
  readonly threads: number;
  /** SLURM job variables when run under SLURM, else null. */
  readonly slurm: Readonly<Record<string, string>> | null;
}

/** One process that worked on a shard (the first run, then every resume). */
export interface RunSession {
  readonly startedAt: string;
  endedAt: string | null;
  /** `killed`: the process ended without recording an outcome (kill -9, power loss); found by the next session. */
  status: 'running' | 'interrupted' | 'failed' | 'complete' | 'killed';
  /** Cells this session completed. */
  cellsRun: number;
  readonly backend: { readonly kind: string; readonly description: string };
  readonly software: SoftwareVersions;
  readonly host: HostInfo;
  readonly pid: number;
  /** The command line (argv after node). */
  readonly command: readonly string[];
  /** Error message of a failed session. */
  error?: string;
}

/** Provenance of one shard: what it is, how it was asked to run, and each session that ran it. */
export interface ShardProvenance {
  readonly name: string;
  readonly seed: string;
  readonly specHash: string;
  readonly shard: Shard;
  /** Cells in the shard. */
  readonly cells: number;
  /** `--backend` and `--adapter` as given (resume reuses them). */
  readonly options: { readonly backend: string; readonly adapter: string | null };
  status: RunSession['status'];
  readonly startedAt: string;
  endedAt: string | null;
  readonly sessions: RunSession[];
}

/** Provenance of complete results (`provenance.json`): shared facts plus every shard's provenance. */
export interface ResultsProvenance {
  readonly kind: 'run' | 'merge';
  readonly name: string;
  readonly seed: string;
  readonly specHash: string;
  readonly software: SoftwareVersions;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: RunSession['status'];
  /** Distinct backend descriptions used by any session. */
  readonly backends: string[];
  readonly shards: ShardProvenance[];
  /** merge only: the input directories. */
  readonly inputs?: string[];
}

let git: SoftwareVersions['git'] | undefined;

/** The git commit of the gradcode checkout, or null when it is not a git repository or git is missing. */
export function gitCommit(): SoftwareVersions['git'] {
  if (git !== undefined) return git;
  const root = packageRoot();
  git = null;
  if (!existsSync(`${root}/.git`)) return git;
  const run = (args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', timeout: 5000 });
  const head = run(['rev-parse', 'HEAD']);
  if (head.status !== 0 || !/^[0-9a-f]{40}$/.test(head.stdout.trim())) return git;
  const status = run(['status', '--porcelain', '--untracked-files=no']);
  git = { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim() !== '' : true };
  return git;
}

/** Versions of gradcode, Node and Dawn, and the git commit. */
export function softwareVersions(): SoftwareVersions {
  return { gradcode: packageVersion(), git: gitCommit(), node: process.version, webgpu: webgpuPackageVersion() };
}

/** This machine, with the SLURM job variables when present. */
export function hostInfo(): HostInfo {
  const keys = [
    'SLURM_JOB_ID',
    'SLURM_ARRAY_JOB_ID',
    'SLURM_ARRAY_TASK_ID',
    'SLURM_ARRAY_TASK_COUNT',
    'SLURM_NODELIST',
  ];
  const slurm = Object.fromEntries(keys.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]));
  return {
    hostname: hostname(),
    platform: `${platform()}-${arch()}`,
    cpu: cpus()[0]?.model?.trim() || 'unknown',
    threads: cpus().length,
    slurm: Object.keys(slurm).length ? slurm : null,
  };
}

/** Reads a provenance file, or null when it is missing or unreadable. */
export function readProvenance<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return parseJsonText(readFileSync(path, 'utf8'), path) as T;
  } catch {
    return null;
  }
}

/** Writes a provenance file atomically (pretty JSON). */
export function writeProvenance(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Combines shard provenances into the provenance of complete results. */
export function resultsProvenance(
  kind: ResultsProvenance['kind'],
  shards: ShardProvenance[],
  base: { name: string; seed: string; specHash: string },
  inputs?: string[],
): ResultsProvenance {
  const sessions = shards.flatMap((s) => s.sessions);
  const starts = shards.map((s) => s.startedAt).sort();
  const ends = shards.map((s) => s.endedAt);
  return {
    kind,
    ...base,
    software: softwareVersions(),
    startedAt: starts[0] ?? new Date().toISOString(),
    endedAt: ends.includes(null) ? null : ((ends as string[]).sort().at(-1) ?? null),
    status: shards.every((s) => s.status === 'complete')
      ? 'complete'
      : (shards.find((s) => s.status !== 'complete')?.status ?? 'complete'),
    backends: [...new Set(sessions.map((s) => s.backend.description))],
    shards,
    ...(inputs ? { inputs } : {}),
  };
}

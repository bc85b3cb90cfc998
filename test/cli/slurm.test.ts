import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsFile } from '../../src/store/layout.js';
import { readProvenance } from '../../src/store/provenance.js';
import { requireBuiltCli, runBin, specs, tempDir } from '../sweep/cli-helpers.js';

/**
 * `gradcode slurm` on a real single-node SLURM cluster: munged, slurmctld and slurmd (Debian's `munge` and
 * `slurm-wlm`, installed by .ci/install-extras.sh) are started in the foreground on loopback, with every file in a
 * temporary directory and ports picked free; the generated submit.sh submits a 4-task job array (`gradcode sweep
 * --shard i/4`) and the merge job (`--dependency=afterok`); the merged Parquet must be byte-identical to a
 * single-process run. The daemons are stopped by PID afterwards, whatever happened. Without the binaries the test
 * is skipped with a message — except under CI (CI=true), where it fails, because CI installs them.
 */

const BINARIES = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'scontrol', 'sinfo', 'scancel'] as const;
/** The whole test (daemons up, array and merge done) must fit in this. */
const DEADLINE_MS = 110_000;

function which(name: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(':')]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

const paths = Object.fromEntries(BINARIES.map((b) => [b, which(b)])) as Record<
  (typeof BINARIES)[number],
  string | null
>;
const missing = BINARIES.filter((b) => paths[b] === null);
const inCi = process.env.CI === 'true' || process.env.CI === '1';

if (missing.length > 0 && !inCi) {
  console.warn(
    `test/cli/slurm.test.ts skipped: ${missing.join(', ')} not found (install with \`bash .ci/install-extras.sh\`; ` +
      'under CI=true this test fails instead of skipping)',
  );
}

/** A TCP port nobody listens on now (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process with this PID is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(missing.length > 0 && !inCi)('gradcode slurm on a real single-node SLURM (loopback)', () => {
  const dir = tempDir('slurm');
  const cluster = join(dir, 'cluster');
  const daemons: { name: string; child: ChildProcess }[] = [];
  let env: NodeJS.ProcessEnv = {};
  const started = Date.now();

  /** Runs a SLURM client command against the test cluster. */
  function client(name: string, args: string[]): { code: number; out: string } {
    const r = spawnSync(name, args, { env, encoding: 'utf8', timeout: 20_000 });
    return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
  }

  /** The daemons' logs, for failure messages. */
  function logs(): string {
    return ['munged.log', 'slurmctld.log', 'slurmd.log']
      .map((f) => join(cluster, f))
      .filter((f) => existsSync(f))
      .map((f) => `--- ${f} (last lines)\n${readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');
  }

  function startDaemon(name: string, args: string[]): void {
    const log = openSync(join(cluster, `${basename(name)}.stdout`), 'a');
    const child = spawn(name, args, { env, stdio: ['ignore', log, log] });
    closeSync(log);
    daemons.push({ name, child });
  }

  async function waitUntil(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
    const end = Math.min(Date.now() + timeoutMs, started + DEADLINE_MS);
    while (!ok()) {
      for (const d of daemons)
        if (d.child.exitCode !== null)
          throw new Error(`${basename(d.name)} exited (${d.child.exitCode}) while waiting for ${what}\n${logs()}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${logs()}`);
      await sleep(250);
    }
  }

  beforeAll(async () => {
    if (missing.length > 0)
      throw new Error(`CI=true but ${missing.join(', ')} are missing: run bash .ci/install-extras.sh`);
    requireBuiltCli();
    mkdirSync(join(cluster, 'state'), { recursive: true });
    mkdirSync(join(cluster, 'spool'), { recursive: true });
    chmodSync(dir, 0o755);
    chmodSync(cluster, 0o755);
    const key = join(cluster, 'munge.key');
    const keyed = spawnSync(paths.mungekey!, ['--create', `--keyfile=${key}`, '--force'], { encoding: 'utf8' });
    expect(keyed.status, keyed.stderr).toBe(0);
    chmodSync(key, 0o400);
    const socket = join(cluster, 'munge.sock');
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    const conf = join(cluster, 'slurm.conf');
    const user = spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim() || 'root';
    writeFileSync(
      conf,
      [
        'ClusterName=gradcode-test',
        'SlurmctldHost=localhost(127.0.0.1)',
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        `SlurmUser=${user}`,
        `SlurmdUser=${user}`,
        `StateSaveLocation=${join(cluster, 'state')}`,
        `SlurmdSpoolDir=${join(cluster, 'spool')}`,
        `SlurmctldPidFile=${join(cluster, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(cluster, 'slurmd.pid')}`,
        `SlurmctldLogFile=${join(cluster, 'slurmctld.log')}`,
        `SlurmdLogFile=${join(cluster, 'slurmd.log')}`,
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        'JobCompType=jobcomp/none',
        'SchedulerType=sched/builtin',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'MpiDefault=none',
        'ReturnToService=2',
        'SlurmctldTimeout=30',
        'SlurmdTimeout=30',
        'MinJobAge=600',
        'KillWait=5',
        // Two CPUs whatever the machine has: two array tasks run at a time, so the array really queues.
        `NodeName=gcnode NodeHostname=${hostname()} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
        'PartitionName=gctest Nodes=gcnode Default=YES MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    env = { ...process.env, SLURM_CONF: conf };
    startDaemon(paths.munged!, [
      '--foreground',
      '--force',
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--pid-file=${join(cluster, 'munged.pid')}`,
      `--log-file=${join(cluster, 'munged.log')}`,
      `--seed-file=${join(cluster, 'munged.seed')}`,
    ]);
    await waitUntil('the munge socket', () => existsSync(socket), 15_000);
    startDaemon(paths.slurmctld!, ['-D', '-i', '-f', conf]);
    startDaemon(paths.slurmd!, ['-D', '-N', 'gcnode', '-f', conf]);
    await waitUntil(
      'the node to be idle',
      () => /^idle/m.test(client(paths.sinfo!, ['-h', '-N', '-o', '%t']).out),
      40_000,
    );
  }, 60_000);

  afterAll(async () => {
    try {
      if (env.SLURM_CONF)
        client(paths.scancel!, ['--full', '--user', spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim()]);
    } catch {
      // cancelling is best effort; the daemons are stopped below regardless
    }
    // Stop by PID: slurmd, then slurmctld, then munged; SIGKILL whatever is still alive after 5 s.
    for (const d of [...daemons].reverse()) if (d.child.pid && d.child.exitCode === null) d.child.kill('SIGTERM');
    const deadline = Date.now() + 5000;
    while (daemons.some((d) => d.child.pid && alive(d.child.pid)) && Date.now() < deadline) await sleep(100);
    for (const d of daemons) if (d.child.pid && alive(d.child.pid)) process.kill(d.child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }, 20_000);

  it(
    'runs the 4-task array and the afterok merge; the merged Parquet equals a single-process run',
    async () => {
      const spec = join(specs, 'tiny.yaml');
      const out = join(dir, 'sharded');
      const single = join(dir, 'single');
      const submitted = runBin(
        [
          'slurm',
          spec,
          '--array',
          '4',
          '--backend',
          'cpu',
          '--cpus-per-task',
          '1',
          '--partition',
          'gctest',
          '--out',
          out,
          '--submit',
        ],
        { env },
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(submitted.stdout).toMatch(/array job: \d+ \(4 tasks\)/);
      const array = readFileSync(join(out, 'slurm', 'array.sbatch'), 'utf8');
      expect(array).toMatch(/^#SBATCH --array=0-3$/m);
      expect(array).toMatch(/--shard "\$\{SLURM_ARRAY_TASK_ID\}\/4"/);
      const jobs = Object.fromEntries(
        readFileSync(join(out, 'slurm', 'jobs.txt'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(' ')),
      ) as { array: string; merge: string };
      expect(client(paths.scontrol!, ['show', 'job', jobs.merge]).out).toMatch(/Dependency=afterok:\d+/);

      // Meanwhile, the same spec in one process.
      const reference = runBin(['run', spec, '--backend', 'cpu', '--out', single, '--progress', 'none']);
      expect(reference.code, reference.stderr).toBe(0);

      const state = (job: string) =>
        /JobState=(\w+)/.exec(client(paths.scontrol!, ['show', 'job', job]).out)?.[1] ?? '?';
      const finalStates = ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'];
      await waitUntil(
        `merge job ${jobs.merge} to finish`,
        () => finalStates.includes(state(jobs.merge)),
        DEADLINE_MS,
      ).catch((e: Error) => {
        const logDir = join(out, 'slurm', 'logs');
        const taskLogs = existsSync(logDir)
          ? readdirSync(logDir)
              .map((f) => `--- ${f}\n${readFileSync(join(logDir, f), 'utf8').slice(-1500)}`)
              .join('\n')
          : '(no task logs)';
        throw new Error(`${e.message}\nmerge job state ${state(jobs.merge)}\n${taskLogs}`);
      });
      const logDir = join(out, 'slurm', 'logs');
      const logNames = readdirSync(logDir);
      const why = logNames.map((f) => `--- ${f}\n${readFileSync(join(logDir, f), 'utf8').slice(-1500)}`).join('\n');
      expect(state(jobs.merge), why).toBe('COMPLETED');
      // Four array task logs and one merge log; every shard log holds its cells.
      expect(logNames.filter((f) => f.startsWith('sweep-')).length, why).toBe(4);
      expect(logNames.filter((f) => f.startsWith('merge-')).length, why).toBe(1);
      for (let i = 0; i < 4; i++) expect(existsSync(join(out, 'shards', `${i}-of-4.jsonl`)), why).toBe(true);

      for (const table of ['cells', 'curve'] as const) {
        expect(
          readFileSync(resultsFile(out, table)).equals(readFileSync(resultsFile(single, table))),
          `${table}.parquet of the SLURM array differs from the single-process run`,
        ).toBe(true);
      }
      // The merge job also drew the spec's plot.
      expect(existsSync(join(out, 'plots', 'error-vs-time.svg')), why).toBe(true);
      type Session = { host: { slurm: Record<string, string> | null } };
      const provenance = readProvenance<{ kind: string; shards: { sessions: Session[] }[] }>(
        resultsFile(out, 'provenance'),
      )!;
      expect(provenance.kind).toBe('merge');
      expect(provenance.shards.length).toBe(4);
      // Every shard ran as one task of the array job.
      const tasks = provenance.shards.map((s) => s.sessions[0].host.slurm);
      expect(tasks.map((t) => t?.SLURM_ARRAY_JOB_ID)).toEqual([jobs.array, jobs.array, jobs.array, jobs.array]);
      expect(tasks.map((t) => t?.SLURM_ARRAY_TASK_ID)).toEqual(['0', '1', '2', '3']);
      console.log(`SLURM array + merge done ${((Date.now() - started) / 1000).toFixed(1)} s after the daemons started`);
    },
    DEADLINE_MS + 10_000,
  );
});

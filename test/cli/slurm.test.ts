import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
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
 * temporary directory and ports picked free. The node has 2 CPUs, 1000 MB, the feature `gcfeat` and one GPU
 * (a GRES whose device file is /dev/null: SLURM hands it out, there is no hardware behind it).
 *
 * 1. A 4-task array (`gradcode resume OUT --shard i/4` on the pinned spec) with every pass-through option — account,
 *    partition, qos, constraint, mem, time, an extra #SBATCH line and --setup lines — and the merge job
 *    (`--dependency=afterok`): the scheduler shows each option on the job, the spec file is overwritten after
 *    submission without effect, `node` is the one the set-up line put first on PATH (a wrapper that logs each
 *    call), the merge job asks for one CPU, and the merged Parquet is byte-identical to a single-process run.
 * 2. A 2-task array with --gpus-per-task 1 on a node whose Vulkan loader is broken (a --setup line puts a fake
 *    libvulkan.so.1 first): the tasks run with --backend webgpu and fail, naming the missing adapter, instead of
 *    running on the CPU; the merge job never starts.
 *
 * The daemons are stopped by PID afterwards, whatever happened. Without the binaries the test is skipped with a
 * message — except under CI (CI=true), where it fails, because CI installs them.
 */

const BINARIES = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'scontrol', 'sinfo', 'scancel'] as const;
/** The whole test (daemons up, both arrays and the merge done) must fit in this. */
const DEADLINE_MS = 150_000;

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
        'GresTypes=gpu',
        // Two CPUs whatever the machine has: two array tasks run at a time, so the array really queues.
        `NodeName=gcnode NodeHostname=${hostname()} NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 Features=gcfeat Gres=gpu:1 State=UNKNOWN`,
        'PartitionName=gctest Nodes=gcnode Default=YES MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    // SLURM drops a GPU without a device file; /dev/null stands in for one.
    writeFileSync(join(cluster, 'gres.conf'), 'NodeName=gcnode Name=gpu File=/dev/null\n');
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

  /** A job's fields from `scontrol show job` (`Key=Value` pairs). */
  function jobFields(job: string): Record<string, string> {
    const out = client(paths.scontrol!, ['show', 'job', '-o', job]).out;
    return Object.fromEntries([...out.matchAll(/(\w+(?::\w+)?)=(\S*)/g)].map((m) => [m[1], m[2]]));
  }

  const finalStates = ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'];
  const state = (job: string) => jobFields(job).JobState ?? '?';

  /** The logs of a results directory's jobs, for failure messages. */
  function jobLogs(out: string): string {
    const logDir = join(out, 'slurm', 'logs');
    return existsSync(logDir)
      ? readdirSync(logDir)
          .map((f) => `--- ${f}\n${readFileSync(join(logDir, f), 'utf8').slice(-1500)}`)
          .join('\n')
      : '(no job logs)';
  }

  function jobIds(out: string): { array: string; merge: string } {
    return Object.fromEntries(
      readFileSync(join(out, 'slurm', 'jobs.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ')),
    ) as { array: string; merge: string };
  }

  it(
    'runs the 4-task array with every scheduler option and the afterok merge; the merged Parquet equals a single-process run',
    async () => {
      const spec = join(dir, 'tiny.yaml');
      copyFileSync(join(specs, 'tiny.yaml'), spec);
      const out = join(dir, 'sharded');
      const single = join(dir, 'single');
      // `node` at job time is whatever the set-up lines put on PATH: here a wrapper that logs each call.
      const shim = join(dir, 'shim');
      const calls = join(dir, 'node-calls.log');
      mkdirSync(shim);
      writeFileSync(
        join(shim, 'node'),
        `#!/bin/sh\necho "$SLURM_JOB_ID $*" >> ${calls}\nexec ${process.execPath} "$@"\n`,
      );
      chmodSync(join(shim, 'node'), 0o755);
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
          '--account',
          'gcacct',
          '--qos',
          'normal',
          '--partition',
          'gctest',
          '--constraint',
          'gcfeat',
          '--mem',
          '200M',
          '--time',
          '00:10:00',
          '--sbatch',
          '--comment=gradcode-test',
          '--setup',
          `export PATH=${shim}:$PATH`,
          '--setup',
          'export GRADCODE_TEST_SETUP=yes',
          '--out',
          out,
          '--submit',
        ],
        { env },
      );
      expect(submitted.code, `${submitted.stdout}\n${submitted.stderr}`).toBe(0);
      expect(submitted.stdout).toMatch(/array job: \d+ \(4 tasks\)/);
      // The tasks read the spec pinned in OUT: overwriting the file now changes nothing.
      writeFileSync(spec, 'this: [is not a spec\n');
      const array = readFileSync(join(out, 'slurm', 'array.sbatch'), 'utf8');
      expect(array).toMatch(/^#SBATCH --array=0-3$/m);
      expect(array).toMatch(/resume \S+\/sharded --shard "\$\{SLURM_ARRAY_TASK_ID\}\/4"/);
      expect(array).not.toContain('tiny.yaml');
      expect(array).not.toContain(process.execPath); // node is found at job time
      // Without accounting storage SLURM accepts any QOS and shows none, so the script line is what is checked.
      expect(array).toMatch(/^#SBATCH --qos=normal$/m);
      const jobs = jobIds(out);
      const task = jobFields(`${jobs.array}_0`);
      expect(task.Account).toBe('gcacct');
      expect(task.Partition).toBe('gctest');
      expect(task.Features).toBe('gcfeat');
      expect(task.MinMemoryNode).toBe('200M');
      expect(task.TimeLimit).toBe('00:10:00');
      expect(task.Comment).toBe('gradcode-test');
      const merge = jobFields(jobs.merge);
      expect(merge.Dependency).toMatch(/afterok:\d+/);
      expect(merge.NumCPUs).toBe('1');
      expect(merge.TimeLimit).toBe('00:30:00');
      expect(merge.Account).toBe('gcacct');
      expect(merge.Features ?? '(null)').toBe('(null)'); // the constraint is the array's only

      // Meanwhile, the same spec in one process.
      const reference = runBin(['run', join(specs, 'tiny.yaml'), '--backend', 'cpu', '--out', single, '--quiet']);
      expect(reference.code, reference.stderr).toBe(0);

      await waitUntil(
        `merge job ${jobs.merge} to finish`,
        () => finalStates.includes(state(jobs.merge)),
        DEADLINE_MS,
      ).catch((e: Error) => {
        throw new Error(`${e.message}\nmerge job state ${state(jobs.merge)}\n${jobLogs(out)}`);
      });
      const why = jobLogs(out);
      expect(state(jobs.merge), why).toBe('COMPLETED');
      const logNames = readdirSync(join(out, 'slurm', 'logs'));
      // Four array task logs and one merge log; every shard log holds its cells.
      expect(logNames.filter((f) => f.startsWith('sweep-')).length, why).toBe(4);
      expect(logNames.filter((f) => f.startsWith('merge-')).length, why).toBe(1);
      for (let i = 0; i < 4; i++) expect(existsSync(join(out, 'shards', `${i}-of-4.jsonl`)), why).toBe(true);
      // Every job ran the node the set-up put on PATH: four tasks and the merge.
      const nodeCalls = readFileSync(calls, 'utf8').trim().split('\n');
      expect(nodeCalls.filter((l) => / resume /.test(l)).length, why).toBe(4);
      expect(nodeCalls.filter((l) => / merge /.test(l)).length, why).toBe(1);

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

  it(
    'a GPU request implies --backend webgpu: on a node without a usable adapter the tasks fail and the merge never runs',
    async () => {
      const out = join(dir, 'no-adapter');
      const fakeLoader = join(dir, 'no-vulkan');
      mkdirSync(fakeLoader);
      writeFileSync(join(fakeLoader, 'libvulkan.so.1'), 'not a shared library\n');
      const submitted = runBin(
        [
          'slurm',
          join(specs, 'tiny.yaml'),
          '--array',
          '2',
          '--gpus-per-task',
          '1',
          '--partition',
          'gctest',
          '--trials',
          '100',
          '--setup',
          `export LD_LIBRARY_PATH=${fakeLoader}`,
          '--out',
          out,
          '--submit',
        ],
        { env },
      );
      expect(submitted.code, submitted.stderr).toBe(0);
      expect(submitted.stdout).toContain('--backend webgpu');
      const array = readFileSync(join(out, 'slurm', 'array.sbatch'), 'utf8');
      expect(array).toMatch(/^#SBATCH --gpus-per-task=1$/m);
      expect(array).toMatch(/--progress lines --backend webgpu$/m);
      const mergeScript = readFileSync(join(out, 'slurm', 'merge.sbatch'), 'utf8');
      expect(mergeScript).not.toMatch(/--gpus|--partition/); // CPU-only, on the cluster's default partition
      const jobs = jobIds(out);
      expect(jobFields(`${jobs.array}_0`).TresPerTask ?? jobFields(`${jobs.array}_0`).TresPerNode).toMatch(/gpu/);
      const tasks = [`${jobs.array}_0`, `${jobs.array}_1`];
      await waitUntil('both GPU tasks to end', () => tasks.every((t) => finalStates.includes(state(t))), DEADLINE_MS);
      const why = jobLogs(out);
      expect(tasks.map(state), why).toEqual(['FAILED', 'FAILED']);
      expect(why).toMatch(/no WebGPU adapter found \(the Vulkan loader could not be loaded/);
      expect(why).not.toMatch(/on cpu/);
      expect(
        existsSync(join(out, 'shards', '0-of-2.jsonl')) && readFileSync(join(out, 'shards', '0-of-2.jsonl'), 'utf8'),
      ).toBeFalsy();
      await waitUntil(
        'the merge job to give up',
        () =>
          /DependencyNeverSatisfied/.test(jobFields(jobs.merge).Reason ?? '') ||
          finalStates.includes(state(jobs.merge)),
        20_000,
      );
      expect(state(jobs.merge)).not.toBe('COMPLETED');
      expect(existsSync(resultsFile(out, 'cells'))).toBe(false);
    },
    DEADLINE_MS + 10_000,
  );
});

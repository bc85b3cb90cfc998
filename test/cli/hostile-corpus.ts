import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * The hostile-input corpus of issue 15: inputs and states that must never corrupt a results directory, exhaust the
 * machine or leak a stack trace. Each case runs `gradcode ARGS` in its own working directory (after writing `files`,
 * running `setup` and the `before` commands) and states the exit code and a fragment of the message (stderr, or
 * stdout for exit code 0). `test/cli/hostile-input.test.ts` runs every case in one child process, in-process, and
 * measures the peak memory after each.
 */
export interface HostileCase {
  readonly name: string;
  /** The item of issue 15 the case reproduces (1–10), or 0 for further cases of the same kind. */
  readonly item: number;
  /** Files to write in the case's directory (relative paths). */
  readonly files?: Readonly<Record<string, string>>;
  /** Anything else to prepare, given the case's directory. */
  readonly setup?: (dir: string) => void;
  /** gradcode commands run first (each must exit 0), e.g. to make a results directory. */
  readonly before?: readonly (readonly string[])[];
  /** Environment variables set while the case runs. */
  readonly env?: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly code: number;
  /** Must match stderr (exit code ≠ 0) or stdout (exit code 0). */
  readonly expect: RegExp;
  /** Must match neither stdout nor stderr. */
  readonly never?: RegExp;
  /** Must match stderr (warnings of a command that exits 0). */
  readonly warns?: RegExp;
  /** A check after the command; returns what is wrong, or null. */
  readonly verify?: (dir: string) => string | null;
}

const CODE = '"cyclic:N=6,s=2"';
/** A valid two-cell spec (100 trials each, a 2-point T grid). */
const VALID = `name: ok\ndefaults: { code: ${CODE}, trials: 100, tGrid: [1, 2] }\nsweep: { grid: { protocol: [partial, original] } }\n`;
/** A spec whose defaults add `body` (YAML lines indented by two spaces). */
const cell = (body: string) => `name: c\ndefaults:\n  code: ${CODE}\n  trials: 100\n${body}`;
const RUN = ['run', 'spec.yaml', '--out', 'res', '--backend', 'cpu', '--progress', 'none'] as const;
const SWEEP = (shard: string) =>
  ['sweep', 'spec.yaml', '--out', 'res', '--backend', 'cpu', '--progress', 'none', '--shard', shard] as const;
const RESUME = ['resume', 'res', '--progress', 'none'] as const;
/** A complete results directory `res` of VALID. */
const MADE = { files: { 'spec.yaml': VALID }, before: [RUN] } as const;
/** A raw (unescaped) control character in output. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the corpus looks for raw control characters in output
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
/** The marker of a sweep results directory. */
const MARKER = '{"format":"gradcode-results/1","kind":"sweep","createdAt":"2026-01-01T00:00:00Z","gradcode":"0.1.0"}';
/** Text of /etc/passwd past the first 16 characters (the most an error message may quote). */
const PASSWD_BEYOND_EXCERPT = /:\/root|\/bin\/(ba)?sh|nologin|daemon/;

/** The user's files in a directory gradcode must not touch. */
const MINE = { 'd/provenance.json': 'mine\n', 'd/cells.parquet': 'mine\n', 'd/notes.txt': 'mine\n' };
const untouched = (dir: string) => {
  for (const f of ['provenance.json', 'cells.parquet', 'notes.txt'])
    if (readFileSync(join(dir, 'd', f), 'utf8') !== 'mine\n') return `d/${f} was changed`;
  return readdirSync(join(dir, 'd')).length === 3 ? null : `d now holds ${readdirSync(join(dir, 'd')).join(', ')}`;
};
const absent = (path: string) => (dir: string) => (existsSync(join(dir, path)) ? `${path} was created` : null);

/** A lock file held (as far as gradcode can tell) by `pid` on `host`. */
function lockFile(dir: string, name: string, owner: { pid: number; host?: string; slurm?: object | null }): string {
  const path = join(dir, 'res', 'locks', `${name}.lock`);
  mkdirSync(join(dir, 'res', 'locks'), { recursive: true });
  // The holder claimed the directory first, as gradcode does.
  writeFileSync(join(dir, 'res', '.gradcode-results.json'), MARKER);
  writeFileSync(
    path,
    JSON.stringify({
      pid: owner.pid,
      host: owner.host ?? hostname(),
      startedAt: '2026-01-01T00:00:00.000Z',
      token: `t${owner.pid}`,
      bootId: null,
      processStart: null,
      slurm: owner.slurm ?? null,
      command: ['gradcode', 'run'],
    }),
  );
  return path;
}
/** A PID that no process has now (a finished child's). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;
const hoursAgo = (path: string) => {
  const t = new Date(Date.now() - 3_600_000);
  utimesSync(path, t, t);
};
/** Appends `text` to a file of the case directory. */
const append = (dir: string, path: string, text: string) =>
  writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8') + text);
/** Rewrites a file of the case directory. */
const edit = (dir: string, path: string, f: (text: string) => string) =>
  writeFileSync(join(dir, path), f(readFileSync(join(dir, path), 'utf8')));
const mkfifo = (dir: string, name: string) => {
  const r = spawnSync('mkfifo', [join(dir, name)]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
};
const sparse = (dir: string, name: string, bytes: number) => {
  writeFileSync(join(dir, name), '');
  truncateSync(join(dir, name), bytes);
};
const LOG = 'res/shards/0-of-1.jsonl';
const nested = (open: string, close: string, depth: number) => open.repeat(depth) + close.repeat(depth);
/** `cyclic:N=6,s=2` as a dense 0/1 CSV matrix. */
const CYCLIC_CSV = Array.from({ length: 6 }, (_, j) =>
  Array.from({ length: 6 }, (_, i) => ((i - j + 6) % 6 <= 2 ? 1 : 0)).join(','),
).join('\n');
const TRACE = '1,2,3,4,5,6\n2,2,2,2,2,2\n';
const TRAIN = (extra: string) =>
  `dataset: {kind: synthetic-least-squares, rows: 200, features: 8}\niterations: 10\nruns: 4\ncode: "cyclic:N=6,s=2"\nstep: 0.1\n${extra}`;

export const CORPUS: readonly HostileCase[] = [
  // 1. --out never overwrites a directory gradcode did not create.
  {
    name: 'run --out a directory of the user’s files',
    item: 1,
    files: { 'spec.yaml': VALID, ...MINE },
    args: ['run', 'spec.yaml', '--out', 'd', '--backend', 'cpu'],
    code: 2,
    expect: /--out: d is not empty and was not created by gradcode/,
    verify: untouched,
  },
  {
    name: 'sweep --out a directory of the user’s files',
    item: 1,
    files: { 'spec.yaml': VALID, ...MINE },
    args: ['sweep', 'spec.yaml', '--out', 'd', '--backend', 'cpu', '--shard', '0/2'],
    code: 2,
    expect: /--out: d is not empty and was not created by gradcode/,
    verify: untouched,
  },
  {
    name: 'slurm --out a directory of the user’s files',
    item: 1,
    files: { 'spec.yaml': VALID, ...MINE },
    args: ['slurm', 'spec.yaml', '--out', 'd', '--array', '2'],
    code: 2,
    expect: /--out: .*d is not empty and was not created by gradcode/,
    verify: untouched,
  },
  {
    name: 'merge --out a directory of the user’s files',
    item: 1,
    ...MADE,
    files: { 'spec.yaml': VALID, ...MINE },
    args: ['merge', 'res', '--out', 'd'],
    code: 2,
    expect: /--out: d is not empty and was not created by gradcode/,
    verify: untouched,
  },
  {
    name: 'run --out /etc',
    item: 1,
    files: { 'spec.yaml': VALID },
    args: ['run', 'spec.yaml', '--out', '/etc', '--backend', 'cpu'],
    code: 2,
    expect: /--out: \/etc is not empty and was not created by gradcode/,
    verify: () => (existsSync('/etc/.gradcode-results.json') ? '/etc was marked' : null),
  },
  {
    name: 'merge --out /etc',
    item: 1,
    ...MADE,
    args: ['merge', 'res', '--out', '/etc'],
    code: 2,
    expect: /--out: \/etc is not empty and was not created by gradcode/,
  },
  {
    name: 'run --out a user directory holding only shards/ and plots/',
    item: 1,
    files: { 'spec.yaml': VALID, 'd/shards/0-of-1.jsonl': 'mine\n', 'd/plots/fig.svg': '<svg/>' },
    args: ['run', 'spec.yaml', '--out', 'd', '--backend', 'cpu'],
    code: 2,
    expect: /not created by gradcode/,
    verify: (dir) =>
      readFileSync(join(dir, 'd/shards/0-of-1.jsonl'), 'utf8') === 'mine\n' ? null : 'the shard log was changed',
  },
  {
    name: 'run --out a symbolic link to a user directory',
    item: 1,
    files: { 'spec.yaml': VALID, ...MINE },
    setup: (dir) => symlinkSync(join(dir, 'd'), join(dir, 'link')),
    args: ['run', 'spec.yaml', '--out', 'link', '--backend', 'cpu'],
    code: 2,
    expect: /--out: link is not empty and was not created by gradcode/,
    verify: untouched,
  },
  {
    name: 'run --out a directory of training results',
    item: 1,
    files: {
      'spec.yaml': VALID,
      'res/.gradcode-results.json': '{"format":"gradcode-results/1","kind":"train","createdAt":"x","gradcode":"0"}',
    },
    args: RUN,
    code: 2,
    expect: /--out: res holds gradcode train results, not sweep results/,
  },
  {
    name: 'run --out a directory with a corrupt marker',
    item: 1,
    files: { 'spec.yaml': VALID, 'res/.gradcode-results.json': 'not json' },
    args: RUN,
    code: 2,
    expect: /res\/\.gradcode-results\.json: JSON syntax error/,
  },
  {
    name: 'run --out a directory whose marker carries __proto__',
    item: 1,
    files: {
      'spec.yaml': VALID,
      'res/.gradcode-results.json': '{"format":"gradcode-results/1","kind":"sweep","__proto__":{"x":1}}',
    },
    args: RUN,
    code: 2,
    expect: /"__proto__" cannot be a key/,
  },
  {
    name: 'run --out an empty directory is fine',
    item: 0,
    files: { 'spec.yaml': VALID },
    setup: (dir) => mkdirSync(join(dir, 'res')),
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res {2}\(cells\.parquet/m,
  },
  {
    name: 'run --out its own results directory again (nothing to run)',
    item: 0,
    ...MADE,
    args: RUN,
    code: 0,
    expect: /2 cells \(2 completed earlier\)/,
  },
  {
    name: 'run --out results of another sweep',
    item: 1,
    ...MADE,
    files: { 'spec.yaml': VALID, 'other.yaml': VALID.replace('trials: 100', 'trials: 101') },
    args: ['run', 'other.yaml', '--out', 'res', '--backend', 'cpu'],
    code: 2,
    expect: /res: holds results of a different sweep/,
  },
  {
    name: 'results of an older gradcode (no marker, a spec.resolved.json) are adopted on resume',
    item: 0,
    ...MADE,
    setup: (dir) => spawnSync('rm', ['-rf', join(dir, 'res/.gradcode-results.json'), join(dir, 'res/pins.json')]),
    args: RESUME,
    code: 0,
    expect: /2 cells \(2 completed earlier\)/,
  },
  // 2. One writer per shard; identical repeats tolerated.
  {
    name: 'a second writer of a shard held by a live process',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) => lockFile(dir, 'shard-0-of-1', { pid: process.ppid }),
    args: RUN,
    code: 2,
    expect: new RegExp(`res: in use by PID \\d+ on ${hostname()} \\(since .*Wait for it to finish`),
    verify: absent('res/shards/0-of-1.jsonl'),
  },
  {
    name: 'a second writer of one shard of a sharded sweep',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) => lockFile(dir, 'shard-1-of-2', { pid: process.ppid }),
    args: SWEEP('1/2'),
    code: 2,
    expect: /res: in use by PID \d+ on /,
  },
  {
    name: 'another shard of the same directory is not blocked by a held shard',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) => lockFile(dir, 'shard-1-of-2', { pid: process.ppid }),
    args: SWEEP('0/2'),
    code: 0,
    expect: /shard 0\/2 complete: 1 cells/,
  },
  {
    name: 'resume while a live process holds the shard',
    item: 2,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2')],
    setup: (dir) => lockFile(dir, 'shard-1-of-2', { pid: process.ppid }),
    args: RESUME,
    code: 2,
    expect: /res: in use by PID \d+ on .*locks\/shard-1-of-2\.lock/,
  },
  {
    name: 'a lock left by a process that died is taken over',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) => lockFile(dir, 'shard-0-of-1', { pid: deadPid() }),
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res\b/m,
    verify: absent('res/locks/shard-0-of-1.lock'),
  },
  {
    name: 'a lock of another host with a heartbeat an hour old is taken over',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) => hoursAgo(lockFile(dir, 'shard-0-of-1', { pid: 4242, host: 'node-17.cluster' })),
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res\b/m,
  },
  {
    name: 'a lock of another host with a fresh heartbeat is respected',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) => lockFile(dir, 'shard-0-of-1', { pid: 4242, host: 'node-17.cluster' }),
    args: RUN,
    code: 2,
    expect: /res: in use by PID 4242 on node-17\.cluster/,
  },
  {
    name: 'a requeued SLURM task takes over the lock of its earlier run on another node',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) =>
      lockFile(dir, 'shard-1-of-2', {
        pid: 4242,
        host: 'node-3.cluster',
        slurm: { jobId: '777', arrayTaskId: '1', restartCount: 0 },
      }),
    env: { SLURM_ARRAY_JOB_ID: '777', SLURM_ARRAY_TASK_ID: '1', SLURM_RESTART_COUNT: '1' },
    args: SWEEP('1/2'),
    code: 0,
    expect: /shard 1\/2 complete/,
  },
  {
    name: 'another task of the same SLURM array does not take over a fresh lock',
    item: 2,
    files: { 'spec.yaml': VALID },
    setup: (dir) =>
      lockFile(dir, 'shard-1-of-2', {
        pid: 4242,
        host: 'node-3.cluster',
        slurm: { jobId: '777', arrayTaskId: '0', restartCount: 0 },
      }),
    env: { SLURM_ARRAY_JOB_ID: '777', SLURM_ARRAY_TASK_ID: '1', SLURM_RESTART_COUNT: '1' },
    args: SWEEP('1/2'),
    code: 2,
    expect: /in use by PID 4242 on node-3\.cluster \(since .*SLURM job 777_0\)/,
  },
  {
    name: 'an unreadable, old lock file is taken over',
    item: 2,
    files: { 'spec.yaml': VALID, 'res/locks/shard-0-of-1.lock': '{"pid":', 'res/.gradcode-results.json': MARKER },
    setup: (dir) => hoursAgo(join(dir, 'res/locks/shard-0-of-1.lock')),
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res\b/m,
  },
  {
    name: 'a cell logged twice with identical results (a task run twice) is tolerated',
    item: 2,
    ...MADE,
    setup: (dir) =>
      append(
        dir,
        LOG,
        readFileSync(join(dir, LOG), 'utf8')
          .split('\n')[0]
          .replace(/"seconds":[\d.e-]+/, '"seconds":9') + '\n',
      ),
    args: RESUME,
    code: 0,
    expect: /2 cells \(2 completed earlier\)/,
  },
  {
    name: 'a cell logged twice with different results is refused',
    item: 2,
    ...MADE,
    setup: (dir) =>
      append(
        dir,
        LOG,
        readFileSync(join(dir, LOG), 'utf8').split('\n')[0].replace('"censored":0', '"censored":1') + '\n',
      ),
    args: RESUME,
    code: 2,
    expect: /0-of-1\.jsonl:3: cell 0 appears twice with different results \(lines 1 and 3\)/,
  },
  {
    name: 'merge of one shard present in two directories with identical results',
    item: 2,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2'), SWEEP('1/2'), ['merge', 'res', '--out', 'copy']],
    setup: (dir) => {
      mkdirSync(join(dir, 'b/shards'), { recursive: true });
      for (const f of ['spec.resolved.json', 'shards/0-of-2.jsonl'])
        writeFileSync(join(dir, 'b', f), readFileSync(join(dir, 'res', f)));
    },
    args: ['merge', 'res', 'b', '--out', 'm'],
    code: 0,
    expect: /^merged 2 cells from 3 shard log\(s\)/m,
  },
  // 3. The backend is pinned before the first trial.
  {
    name: 'resume runs the other shards on the pinned backend',
    item: 3,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2')],
    args: ['resume', 'res', '--progress', 'none', '--json'],
    code: 0,
    expect: /"ran": 1/,
    verify: (dir) =>
      readFileSync(join(dir, 'res/shards/1-of-2.jsonl'), 'utf8').includes('"kind":"cpu"') ? null : 'not on cpu',
  },
  {
    name: 'resume --backend webgpu of a directory pinned to the CPU',
    item: 3,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2')],
    args: ['resume', 'res', '--backend', 'webgpu', '--progress', 'none'],
    code: 2,
    expect: /--backend: res is pinned to cpu \(f64\); --backend webgpu would mix backends/,
    verify: absent('res/shards/1-of-2.jsonl'),
  },
  {
    name: 'sweep --backend webgpu into a directory pinned to the CPU',
    item: 3,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2')],
    args: ['sweep', 'spec.yaml', '--out', 'res', '--backend', 'webgpu', '--shard', '1/2'],
    code: 2,
    expect: /pinned to cpu \(f64\)/,
  },
  {
    name: 'resume of a directory pinned to a WebGPU device it cannot open here',
    item: 3,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2')],
    setup: (dir) =>
      edit(dir, 'res/pins.json', (t) =>
        t
          .replace('"kind": "cpu"', '"kind": "webgpu"')
          .replace('"precision": "f64"', '"precision": "f32"')
          .replace('"device": null', '"device": "webgpu: Imaginary GPU 9000 (vulkan, hardware)"')
          .replace('"adapter": null', '"adapter": "Imaginary GPU 9000"'),
      ),
    args: RESUME,
    code: 2,
    expect: /--adapter: no WebGPU adapter matches "Imaginary GPU 9000"|adapter/,
  },
  {
    name: 'merge of directories pinned to different backends',
    item: 3,
    files: { 'spec.yaml': VALID },
    before: [
      SWEEP('0/2'),
      ['sweep', 'spec.yaml', '--out', 'b', '--backend', 'cpu', '--shard', '1/2', '--progress', 'none'],
    ],
    setup: (dir) =>
      edit(dir, 'b/pins.json', (t) =>
        t.replace('"kind": "cpu"', '"kind": "webgpu"').replace('"precision": "f64"', '"precision": "f32"'),
      ),
    args: ['merge', 'res', 'b', '--out', 'm'],
    code: 2,
    expect: /b: is pinned to webgpu \(f32\), .*res to cpu \(f64\); .*--allow-mixed-backends/,
    verify: absent('m'),
  },
  {
    name: 'merge of cells computed on two backends',
    item: 3,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2'), SWEEP('1/2')],
    setup: (dir) => edit(dir, 'res/shards/1-of-2.jsonl', (t) => t.replace('"kind":"cpu"', '"kind":"webgpu"')),
    args: ['merge', 'res', '--out', 'res'],
    code: 2,
    expect: /DIR: the cells were computed on different backends \(cpu and webgpu/,
  },
  {
    name: 'merge --allow-mixed-backends merges them',
    item: 3,
    files: { 'spec.yaml': VALID },
    before: [SWEEP('0/2'), SWEEP('1/2')],
    setup: (dir) => edit(dir, 'res/shards/1-of-2.jsonl', (t) => t.replace('"kind":"cpu"', '"kind":"webgpu"')),
    args: ['merge', 'res', '--out', 'res', '--allow-mixed-backends'],
    code: 0,
    expect: /^merged 2 cells/m,
  },
  {
    name: 'a corrupt pins.json',
    item: 3,
    ...MADE,
    files: { 'spec.yaml': VALID },
    setup: (dir) => writeFileSync(join(dir, 'res/pins.json'), '{"format":"other"}'),
    args: RESUME,
    code: 2,
    expect: /pins\.json: not a gradcode-pins\/1 file/,
  },
  {
    name: 'a pins.json carrying a constructor key',
    item: 3,
    ...MADE,
    setup: (dir) => edit(dir, 'res/pins.json', (t) => t.replace('"files"', '"constructor": {}, "files"')),
    args: RESUME,
    code: 2,
    expect: /"constructor" cannot be a key/,
  },
  // 4. The cell count is checked from the axis sizes, before expansion.
  {
    name: 'three large grid axes (a 5 kB spec of 125 million cells)',
    item: 4,
    files: {
      'spec.yaml': `defaults: { code: ${CODE} }\nsweep:\n  grid:\n    trials: [${Array.from({ length: 500 }, (_, k) => k + 1).join(', ')}]\n    seed: [${Array.from({ length: 500 }, (_, k) => k).join(', ')}]\n    stream: [${Array.from({ length: 500 }, (_, k) => k).join(', ')}]\n`,
    },
    args: RUN,
    code: 2,
    expect:
      /sweep: the number of cells \(1 × the axis lengths\) is 125 000 000, above the limit of 100 000 \(limits\.cells\)/,
  },
  {
    name: 'explicit cells times a grid above the cell limit',
    item: 4,
    files: {
      'spec.yaml': `defaults: { code: ${CODE} }\ncells: [${Array.from({ length: 400 }, () => '{}').join(', ')}]\nsweep: { grid: { seed: [${Array.from({ length: 300 }, (_, k) => k).join(', ')}] } }\n`,
    },
    args: RUN,
    code: 2,
    expect: /is 120 000, above the limit of 100 000 \(limits\.cells\)/,
  },
  {
    name: 'a long zip axis above the cell limit',
    item: 4,
    files: {
      'spec.json': JSON.stringify({
        defaults: { code: 'cyclic:N=6,s=2' },
        sweep: { zip: { seed: Array.from({ length: 100_001 }, (_, k) => k) } },
      }),
    },
    args: ['run', 'spec.json', '--out', 'res'],
    code: 2,
    expect: /is 100 001, above the limit of 100 000 \(limits\.cells\)/,
  },
  // 5. Sizes are capped before anything is allocated.
  {
    name: 'tGrid.points: 1e8',
    item: 5,
    files: { 'spec.yaml': cell('  tGrid: { from: 0, to: 10, points: 100000000 }\n') },
    args: RUN,
    code: 2,
    expect:
      /defaults\.tGrid\.points: the points of the T grid is 100 000 000, above the limit of 10 000 \(limits\.gridPoints\)/,
  },
  {
    name: 'an explicit T grid of 10 001 times',
    item: 5,
    files: {
      'spec.json': JSON.stringify({
        defaults: { code: 'cyclic:N=6,s=2', tGrid: Array.from({ length: 10_001 }, (_, k) => k) },
      }),
    },
    args: ['run', 'spec.json', '--out', 'res'],
    code: 2,
    expect: /defaults\.tGrid: the points of the T grid is 10 001, above the limit of 10 000/,
  },
  {
    name: 'trials above 2^32 (the Philox trial word)',
    item: 5,
    files: { 'spec.yaml': `defaults: { code: ${CODE}, trials: 5000000000 }\n` },
    args: RUN,
    code: 2,
    expect: /defaults\.trials: the trials of a cell is 5 000 000 000, above the limit of 4 294 967 296/,
  },
  {
    name: 'trials × T-grid points above 10^12',
    item: 5,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 1000000000, tGrid: { from: 0, to: 9, points: 10000 } }\n`,
    },
    args: RUN,
    code: 2,
    expect: /defaults\.trials: trials × T-grid points is 10 000 000 000 000, above the limit of 1 000 000 000 000/,
  },
  {
    name: 'a curve table above a million rows',
    item: 5,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, tGrid: { from: 0, to: 9, points: 10000 } }\nsweep: { grid: { seed: [${Array.from({ length: 101 }, (_, k) => k).join(', ')}] } }\n`,
    },
    args: RUN,
    code: 2,
    expect: /sweep: the rows of the curve table .* is 1 010 000, above the limit of 1 000 000 \(limits\.curveRows\)/,
  },
  {
    name: '--matrix with support index 999999999',
    item: 5,
    files: { 'm.json': '{"support": [[0, 999999999], [1]]}' },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect:
      /--matrix: m\.json: the chunks implied by support\[0\]\[1\] = 999999999 \(index \+ 1\) is 1 000 000 000, above the limit of 65 536/,
  },
  {
    name: '--matrix with "m": 1e9',
    item: 5,
    files: { 'm.json': '{"support": [[0], [1]], "m": 1000000000}' },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect: /the chunks "m" is 1 000 000 000, above the limit of 65 536 \(limits\.codeChunks\)/,
  },
  {
    name: '--matrix with 70 000 workers',
    item: 5,
    files: { 'm.json': JSON.stringify({ support: Array.from({ length: 70_000 }, () => [0]) }) },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect: /the workers \(rows of "support"\) is 70 000, above the limit of 65 536 \(limits\.codeWorkers\)/,
  },
  {
    name: '--matrix with ℓ = 2·10^7 parts',
    item: 5,
    files: { 'm.json': '{"support": [[0]], "parts": 20000000, "coefficients": [[1]]}' },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect: /the stored entries \(support size × parts\) is 20 000 000, above the limit of 16 777 216/,
  },
  {
    name: 'train --runs 1e8 (above limits.hostBytes)',
    item: 5,
    files: { 't.yaml': TRAIN('') },
    args: ['train', 't.yaml', '--backend', 'cpu', '--runs', '100000000'],
    code: 2,
    expect:
      /runs: 100000000 runs × 10 iterations × 8 features need about 74\.5 GiB of host memory .*above the limit of .* \(limits\.hostBytes/,
  },
  {
    name: 'train iterations: 1e8',
    item: 5,
    files: { 't.yaml': TRAIN('').replace('iterations: 10', 'iterations: 100000000') },
    args: ['train', 't.yaml', '--backend', 'cpu'],
    code: 2,
    expect: /iterations: 4 runs × 100000000 iterations × 8 features need about 17\.9 GiB/,
  },
  {
    name: 'train with a small limits.hostBytes',
    item: 5,
    files: { 't.yaml': TRAIN('limits: { hostBytes: 32000 }\n') },
    args: ['train', 't.yaml', '--backend', 'cpu'],
    code: 2,
    expect:
      /runs: 4 runs × 10 iterations × 8 features need about 3\.1 KiB .*above the limit of 31\.3 KiB \(limits\.hostBytes/,
  },
  {
    name: 'inspect … random-s:3:1000000000000',
    item: 5,
    args: ['inspect', 'cyclic:N=20,s=2', '--stragglers', 'random-s:3:1000000000000'],
    code: 2,
    expect: /--stragglers: TRIALS \(straggler sets to draw\) is 1 000 000 000 000, above the limit of 10 000 000/,
  },
  {
    name: 'inspect exhaustive:20 of 60 workers',
    item: 5,
    args: ['inspect', 'cyclic:N=60,s=2', '--stragglers', 'exhaustive:20'],
    code: 2,
    expect: /--stragglers: the 20-subsets of N = 60 workers \(C\(60, 20\)\) is .*above the limit of 10 000 000/,
  },
  {
    name: 'inspect random-s:6:5000000 of a 40-worker code (work)',
    item: 5,
    args: ['inspect', 'cyclic:N=40,s=2', '--stragglers', 'random-s:6:5000000'],
    code: 2,
    expect:
      /--stragglers: random-s:6:5000000: sets × N × m .* is 8 000 000 000, above the limit of 2 000 000 000 \(limits\.inspectWork\)/,
  },
  {
    name: 'inspect random:0.1:99999999999',
    item: 5,
    args: ['inspect', 'cyclic:N=20,s=2', '--stragglers', 'random:0.1:99999999999'],
    code: 2,
    expect: /limits\.inspectSets/,
  },
  {
    name: 'nested product codes',
    item: 5,
    args: ['inspect', 'product:(product:(frc:N=60,s=1)x(frc:N=60,s=1))x(product:(frc:N=60,s=1)x(frc:N=60,s=1))'],
    code: 2,
    expect: /code: the workers N of product is 12 960 000, above the limit of 65 536 \(limits\.codeWorkers\)/,
  },
  {
    name: 'cyclic:N=1000000',
    item: 5,
    args: ['inspect', 'cyclic:N=1000000,s=2'],
    code: 2,
    expect: /code: the workers N of cyclic is 1 000 000, above the limit of 65 536/,
  },
  {
    name: 'crc:N=3000,s=1500 (construction cost)',
    item: 5,
    args: ['inspect', 'crc:N=3000,s=1500'],
    code: 2,
    expect:
      /code: the estimated operations to build crc is 10 145 263 503 000, above the limit of 1 000 000 000 \(limits\.codeConstructionOps\)/,
  },
  {
    name: 'crc in a spec above the construction limit',
    item: 5,
    files: { 'spec.yaml': 'defaults: { code: "crc:N=2000,s=500" }\n' },
    args: RUN,
    code: 2,
    expect: /defaults\.code: the estimated operations to build crc/,
  },
  {
    name: 'graph:complete:n=5000 (12.5 million edge workers)',
    item: 5,
    args: ['inspect', 'graph:complete:n=5000'],
    code: 2,
    expect: /the workers N of graph:complete is 12 497 500/,
  },
  {
    name: 'graph:margulis:n=2000',
    item: 5,
    args: ['inspect', 'graph:margulis:n=2000'],
    code: 2,
    expect: /limits\.codeWorkers/,
  },
  {
    name: 'random:bernoulli with 1.8·10^9 entries',
    item: 5,
    args: ['inspect', 'random:bernoulli:N=60000,p=0.5,seed=1'],
    code: 2,
    expect: /the stored entries of random:bernoulli \(support × ℓ\) is 1 800 000 000/,
  },
  {
    name: 'bibd:pg2:q=997',
    item: 5,
    args: ['inspect', 'bibd:pg2:q=997'],
    code: 2,
    expect: /the workers N of bibd:pg2 is 995 007/,
  },
  {
    name: 'bibd:complement of a large plane',
    item: 5,
    args: ['inspect', 'bibd:complement:pg2:q=251'],
    code: 2,
    expect: /the stored entries of bibd:complement/,
  },
  {
    name: 'least-squares decoding of 5000 workers',
    item: 5,
    files: { 'spec.yaml': 'defaults: { code: "cyclic:N=5000,s=1", protocol: original }\n' },
    args: RUN,
    code: 2,
    expect: /defaults\.code: the workers N decoded by least squares is 5 000, above the limit of 4 096/,
  },
  {
    name: '/dev/zero as the spec',
    item: 5,
    args: ['run', '/dev/zero', '--out', 'res'],
    code: 2,
    expect: /\/dev\/zero: cannot read the spec file: not a regular file/,
    verify: absent('res'),
  },
  {
    name: 'a FIFO as the spec',
    item: 5,
    setup: (dir) => mkfifo(dir, 'spec.yaml'),
    args: RUN,
    code: 2,
    expect: /spec\.yaml: cannot read the spec file: not a regular file \(a FIFO/,
  },
  {
    name: '/dev/zero as a trace',
    item: 5,
    files: { 'spec.yaml': cell('  stragglers: { trace: { file: /dev/zero } }\n') },
    args: RUN,
    code: 2,
    expect: /defaults\.stragglers\.trace\.file: cannot read trace file \/dev\/zero: not a regular file/,
  },
  {
    name: 'a FIFO as a trace',
    item: 5,
    files: { 'spec.yaml': cell('  stragglers: { trace: { file: t.csv } }\n') },
    setup: (dir) => mkfifo(dir, 't.csv'),
    args: RUN,
    code: 2,
    expect: /trace\.file: cannot read trace file .*t\.csv: not a regular file/,
  },
  {
    name: '/dev/zero as a code file',
    item: 5,
    files: { 'spec.yaml': 'defaults: { code: "file:path=/dev/zero" }\n' },
    args: RUN,
    code: 2,
    expect: /\/dev\/zero: cannot read the code file: not a regular file/,
  },
  {
    name: 'a FIFO as an order file',
    item: 5,
    files: { 'spec.yaml': cell('  order: o.json\n') },
    setup: (dir) => mkfifo(dir, 'o.json'),
    args: RUN,
    code: 2,
    expect: /defaults\.order: cannot read order file .*o\.json: not a regular file/,
  },
  {
    name: '--matrix /dev/zero',
    item: 5,
    args: ['inspect', '--matrix', '/dev/zero'],
    code: 2,
    expect: /--matrix: \/dev\/zero: cannot read the code file: not a regular file/,
  },
  {
    name: 'a FIFO as --matrix',
    item: 5,
    setup: (dir) => mkfifo(dir, 'm.csv'),
    args: ['inspect', '--matrix', 'm.csv'],
    code: 2,
    expect: /not a regular file/,
  },
  {
    name: '--order /dev/zero',
    item: 5,
    args: ['inspect', 'cyclic:N=6,s=2', '--order', '/dev/zero'],
    code: 2,
    expect: /--order: cannot read order file \/dev\/zero: not a regular file/,
  },
  {
    name: 'a spec file of 5 MiB',
    item: 5,
    setup: (dir) => sparse(dir, 'spec.yaml', 5 * 2 ** 20),
    args: RUN,
    code: 2,
    expect:
      /spec\.yaml: the size of spec file spec\.yaml in bytes is 5 242 880, above the limit of 4 194 304 \(limits\.specFileBytes\)/,
  },
  {
    name: 'a trace of 65 MiB',
    item: 5,
    files: { 'spec.yaml': cell('  stragglers: { trace: { file: big.csv } }\n') },
    setup: (dir) => sparse(dir, 'big.csv', 65 * 2 ** 20),
    args: RUN,
    code: 2,
    expect: /above the limit of 67 108 864 \(limits\.dataFileBytes\)/,
  },
  {
    name: 'a code file of 65 MiB',
    item: 5,
    setup: (dir) => sparse(dir, 'big.json', 65 * 2 ** 20),
    args: ['inspect', '--matrix', 'big.json'],
    code: 2,
    expect: /limits\.dataFileBytes/,
  },
  {
    name: 'the spec is a directory',
    item: 5,
    setup: (dir) => mkdirSync(join(dir, 'spec.yaml')),
    args: RUN,
    code: 2,
    expect: /spec\.yaml: cannot read the spec file: it is a directory/,
  },
  {
    name: 'a billion-laughs YAML spec',
    item: 5,
    files: {
      'spec.yaml': `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n`,
    },
    args: RUN,
    code: 2,
    expect: /spec\.yaml: YAML error: .*alias/i,
  },
  // 6. Keys and paths that reach the prototype are refused.
  {
    name: 'grid key stragglers.__proto__.toString',
    item: 6,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 10 }\nsweep: { grid: { stragglers.__proto__.toString: [1] } }\n`,
    },
    args: RUN,
    code: 2,
    expect: /sweep\.grid\.stragglers\.__proto__\.toString: "__proto__" cannot be a key or path segment/,
    verify: () => (String({}) === '[object Object]' ? null : 'Object.prototype.toString was changed'),
  },
  {
    name: 'grid key stragglers.__proto__.hasOwnProperty',
    item: 6,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 10 }\nsweep: { grid: { stragglers.__proto__.hasOwnProperty: [1] } }\n`,
    },
    args: RUN,
    code: 2,
    expect: /"__proto__" cannot be a key or path segment/,
    verify: () => (typeof ({} as { hasOwnProperty: unknown }).hasOwnProperty === 'function' ? null : 'polluted'),
  },
  {
    name: 'grid key constructor.prototype.polluted',
    item: 6,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 10 }\nsweep: { grid: { constructor.prototype.polluted: [1] } }\n`,
    },
    args: RUN,
    code: 2,
    expect: /sweep\.grid\.constructor\.prototype\.polluted: "constructor" cannot be a key/,
    verify: () => ('polluted' in {} ? 'polluted' : null),
  },
  {
    name: 'zip key code.__proto__.N',
    item: 6,
    files: { 'spec.yaml': `defaults: { code: ${CODE}, trials: 10 }\nsweep: { zip: { code.__proto__.N: [6] } }\n` },
    args: RUN,
    code: 2,
    expect: /sweep\.zip\.code\.__proto__\.N: "__proto__" cannot be a key/,
  },
  {
    name: 'grid key with an empty segment',
    item: 6,
    files: { 'spec.yaml': `defaults: { code: ${CODE}, trials: 10 }\nsweep: { grid: { stragglers..p: [1] } }\n` },
    args: RUN,
    code: 2,
    expect: /sweep\.grid\.stragglers\.\.p: has an empty path segment/,
  },
  {
    name: 'a YAML __proto__ key in defaults',
    item: 6,
    files: { 'spec.yaml': `defaults:\n  code: ${CODE}\n  __proto__: { trials: 1 }\n` },
    args: RUN,
    code: 2,
    expect: /spec\.yaml: "__proto__" cannot be a key at defaults/,
  },
  {
    name: 'a JSON __proto__ key in a straggler model',
    item: 6,
    files: {
      'spec.json': '{"defaults": {"code": "cyclic:N=6,s=2", "stragglers": {"__proto__": {"failures": {"p": 1}}}}}',
    },
    args: ['run', 'spec.json', '--out', 'res'],
    code: 2,
    expect: /spec\.json: "__proto__" cannot be a key at defaults\.stragglers/,
  },
  {
    name: 'a "constructor" key in a spec',
    item: 6,
    files: { 'spec.json': '{"constructor": {"name": "x"}, "defaults": {"code": "cyclic:N=6,s=2"}}' },
    args: ['run', 'spec.json', '--out', 'res'],
    code: 2,
    expect: /"constructor" cannot be a key \(it would reach the object prototype\)/,
  },
  {
    name: 'a "prototype" key in a cell',
    item: 6,
    files: { 'spec.yaml': `defaults: { code: ${CODE} }\ncells: [{ prototype: 1 }]\n` },
    args: RUN,
    code: 2,
    expect: /"prototype" cannot be a key at cells\[0\]/,
  },
  {
    name: 'a code object with a __proto__ key',
    item: 6,
    files: { 'spec.yaml': 'defaults:\n  code: { family: frc, N: 6, s: 1, __proto__: { s: 2 } }\n' },
    args: RUN,
    code: 2,
    expect: /"__proto__" cannot be a key at defaults\.code/,
  },
  {
    name: 'a compact code string with __proto__=',
    item: 6,
    args: ['inspect', 'frc:N=6,s=1,__proto__=3'],
    code: 2,
    expect: /code\.frc: "__proto__" cannot be a parameter/,
  },
  {
    name: 'a compact code string with constructor=',
    item: 6,
    args: ['inspect', 'frc:N=6,constructor=1,s=1'],
    code: 2,
    expect: /code\.frc: "constructor" cannot be a parameter/,
  },
  {
    name: 'a JSON code string with __proto__',
    item: 6,
    args: ['inspect', '{"family":"frc","N":6,"s":1,"__proto__":{"s":2}}'],
    code: 2,
    expect: /code: "__proto__" cannot be a key/,
  },
  {
    name: 'a code file with __proto__',
    item: 6,
    files: { 'm.json': '{"support": [[0], [1]], "__proto__": {"m": 9}}' },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect: /--matrix: m\.json: "__proto__" cannot be a key/,
  },
  {
    name: 'an order file with prototype keys',
    item: 6,
    files: { 'o.json': '[{"__proto__": [0]}]' },
    args: ['inspect', 'cyclic:N=6,s=2', '--order', 'o.json'],
    code: 2,
    expect: /--order: "__proto__" cannot be a key at \[0\]/,
  },
  {
    name: 'a training spec with __proto__',
    item: 6,
    files: { 't.yaml': TRAIN('__proto__: { runs: 1 }\n') },
    args: ['train', 't.yaml', '--backend', 'cpu'],
    code: 2,
    expect: /"__proto__" cannot be a key/,
  },
  {
    name: 'a tampered spec.resolved.json with __proto__',
    item: 6,
    ...MADE,
    setup: (dir) => edit(dir, 'res/spec.resolved.json', (t) => t.replace('"name"', '"__proto__": {"x": 1}, "name"')),
    args: RESUME,
    code: 2,
    expect: /spec\.resolved\.json: "__proto__" cannot be a key/,
  },
  {
    name: 'a log record with a __proto__ key',
    item: 6,
    ...MADE,
    setup: (dir) => edit(dir, LOG, (t) => t.replace('"axes":{', '"axes":{"__proto__":{"x":1},')),
    args: RESUME,
    code: 2,
    expect: /0-of-1\.jsonl:1: corrupt results line \(not a cell record: "__proto__" cannot be a key at axes/,
  },
  // 7. Referenced files are pinned by content.
  {
    name: 'a trace edited between two shards',
    item: 7,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 100, stragglers: { trace: { file: t.csv } } }\nsweep: { grid: { seed: [1, 2] } }\n`,
      't.csv': TRACE,
    },
    before: [SWEEP('0/2')],
    setup: (dir) => writeFileSync(join(dir, 't.csv'), TRACE.replace('2,2,2', '9,2,2')),
    args: SWEEP('1/2'),
    code: 2,
    expect:
      /defaults\.stragglers\.trace\.file: .*t\.csv changed since the results in res were started \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\)/,
    verify: absent('res/shards/1-of-2.jsonl'),
  },
  {
    name: 'resume after a trace was edited',
    item: 7,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 100, stragglers: { trace: { file: t.csv } } }\nsweep: { grid: { seed: [1, 2] } }\n`,
      't.csv': TRACE,
    },
    before: [SWEEP('0/2')],
    setup: (dir) => writeFileSync(join(dir, 't.csv'), TRACE.replace('2,2,2', '9,2,2')),
    args: RESUME,
    code: 2,
    expect: /t\.csv changed since the results in res were started/,
  },
  {
    name: 'resume after an order file was edited',
    item: 7,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 100, order: o.json, protocol: partial }\nsweep: { grid: { seed: [1, 2] } }\n`,
      'o.json': JSON.stringify(Array.from({ length: 6 }, (_, j) => [j, (j + 1) % 6, (j + 2) % 6])),
    },
    before: [SWEEP('0/2')],
    setup: (dir) =>
      writeFileSync(
        join(dir, 'o.json'),
        JSON.stringify(Array.from({ length: 6 }, (_, j) => [(j + 2) % 6, (j + 1) % 6, j])),
      ),
    args: RESUME,
    code: 2,
    expect: /defaults\.order: .*o\.json changed since the results in res were started/,
  },
  {
    name: 'resume after a code file was edited',
    item: 7,
    files: {
      'spec.yaml':
        'defaults: { code: "file:path=m.csv", trials: 100, protocol: partial }\nsweep: { grid: { seed: [1, 2] } }\n',
      'm.csv': CYCLIC_CSV,
    },
    before: [SWEEP('0/2')],
    setup: (dir) => writeFileSync(join(dir, 'm.csv'), CYCLIC_CSV.replace('1,1,1', '1,1,2')),
    args: RESUME,
    code: 2,
    expect: /defaults\.code\.path: .*m\.csv changed since the results in res were started/,
  },
  {
    name: 'resume after a referenced file was deleted',
    item: 7,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 100, stragglers: { trace: { file: t.csv } } }\nsweep: { grid: { seed: [1, 2] } }\n`,
      't.csv': TRACE,
    },
    before: [SWEEP('0/2')],
    setup: (dir) => spawnSync('rm', [join(dir, 't.csv')]),
    args: RESUME,
    code: 2,
    expect: /trace\.file: cannot read trace file .*t\.csv: no such file/,
  },
  {
    name: 'merge of directories that pinned different versions of a trace',
    item: 7,
    files: {
      'spec.yaml': `defaults: { code: ${CODE}, trials: 100, stragglers: { trace: { file: t.csv } } }\nsweep: { grid: { seed: [1, 2] } }\n`,
      't.csv': TRACE,
    },
    before: [SWEEP('0/2')],
    setup: (dir) => {
      mkdirSync(join(dir, 'b/shards'), { recursive: true });
      for (const f of ['spec.resolved.json', '.gradcode-results.json', 'shards/0-of-2.jsonl'])
        writeFileSync(join(dir, 'b', f), readFileSync(join(dir, 'res', f)));
      writeFileSync(
        join(dir, 'b/pins.json'),
        readFileSync(join(dir, 'res/pins.json'), 'utf8').replace(
          /"sha256": "[0-9a-f]+"/,
          `"sha256": "${'0'.repeat(64)}"`,
        ),
      );
      writeFileSync(join(dir, 'b/shards/1-of-2.jsonl'), '');
    },
    args: ['merge', 'res', 'b', '--out', 'm'],
    code: 2,
    expect: /b: pinned other versions of the referenced files than .*res/,
  },
  // 8. Input and environment errors exit 2 naming the path or field.
  {
    name: '--out an existing file',
    item: 8,
    files: { 'spec.yaml': VALID, f: 'mine\n' },
    args: ['run', 'spec.yaml', '--out', 'f', '--backend', 'cpu'],
    code: 2,
    expect: /--out: f is a file; give a directory/,
    verify: (dir) => (readFileSync(join(dir, 'f'), 'utf8') === 'mine\n' ? null : 'f was changed'),
  },
  {
    name: '--out /dev/null',
    item: 8,
    files: { 'spec.yaml': VALID },
    args: ['run', 'spec.yaml', '--out', '/dev/null', '--backend', 'cpu'],
    code: 2,
    expect: /--out: \/dev\/null is not a regular directory/,
  },
  {
    name: '--out below a file',
    item: 8,
    files: { 'spec.yaml': VALID, f: 'mine\n' },
    args: ['run', 'spec.yaml', '--out', 'f/sub', '--backend', 'cpu'],
    code: 2,
    expect: /--out: f\/sub: cannot use it: a parent of it is not a directory \(ENOTDIR\)/,
  },
  {
    name: 'sweep --out ""',
    item: 8,
    files: { 'spec.yaml': VALID },
    args: ['sweep', 'spec.yaml', '--out', ''],
    code: 2,
    expect: /--out: must not be empty/,
  },
  {
    name: 'a name of 300 characters (no results/ left behind)',
    item: 8,
    files: { 'spec.yaml': VALID.replace('name: ok', `name: ${'n'.repeat(300)}`) },
    args: ['run', 'spec.yaml', '--backend', 'cpu'],
    code: 2,
    expect: /^gradcode: bad input: name: has 300 characters, above the limit of 200 \(limits\.nameLength\)/,
    verify: absent('results'),
  },
  {
    name: 'a JSON spec nested 200 000 deep',
    item: 8,
    files: { 'spec.json': nested('[', ']', 200_000) },
    args: ['run', 'spec.json', '--out', 'res'],
    code: 2,
    expect: /spec\.json:1:65: nested deeper than 64 levels \(limits\.nestingDepth\)/,
  },
  {
    name: 'a JSON spec nested 65 deep in an object',
    item: 8,
    files: { 'spec.json': `{"defaults": ${'{"a":'.repeat(64)}1${'}'.repeat(64)}}` },
    args: ['run', 'spec.json', '--out', 'res'],
    code: 2,
    expect: /nested deeper than 64 levels/,
  },
  {
    name: 'a YAML spec nested 20 000 deep',
    item: 8,
    files: { 'spec.yaml': `defaults: ${nested('[', ']', 20_000)}\n` },
    args: RUN,
    code: 2,
    expect: /spec\.yaml(:\d+:\d+)?: .*nested too deeply \(limits\.nestingDepth is 64 levels\)/,
  },
  {
    name: 'a YAML spec nested 70 deep',
    item: 8,
    files: { 'spec.yaml': `defaults: { code: ${CODE} }\ndescription: ${nested('[', ']', 70)}\n` },
    args: RUN,
    code: 2,
    expect: /spec\.yaml: nested deeper than 64 levels at description/,
  },
  {
    name: 'a damaged cells.parquet is rebuilt from the logs on resume, with a warning naming it',
    item: 8,
    ...MADE,
    setup: (dir) => writeFileSync(join(dir, 'res/cells.parquet'), 'PAR1 not really'),
    args: RESUME,
    code: 0,
    expect: /2 cells \(2 completed earlier\)/,
    warns:
      /^gradcode: warning: res\/cells\.parquet: not a readable Parquet file \(.*\); rewriting it from the shard logs$/m,
    verify: (dir) =>
      readFileSync(join(dir, 'res/cells.parquet')).subarray(0, 4).toString() === 'PAR1' &&
      readFileSync(join(dir, 'res/cells.parquet')).length > 100
        ? null
        : 'cells.parquet was not rebuilt',
  },
  {
    name: 'a truncated curve.parquet is rebuilt by run, with a warning',
    item: 8,
    ...MADE,
    setup: (dir) => truncateSync(join(dir, 'res/curve.parquet'), 50),
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res\b/m,
    warns: /^gradcode: warning: res\/curve\.parquet: .*; rewriting it from the shard logs$/m,
  },
  {
    name: 'reproduce --out a file',
    item: 8,
    files: { f: 'mine\n' },
    args: ['reproduce', 'kadhe-bibd', '--quick', '--backend', 'cpu', '--out', 'f'],
    code: 2,
    expect: /--out: f is not a directory; give a folder/,
  },
  {
    name: 'schema --out a directory',
    item: 8,
    setup: (dir) => mkdirSync(join(dir, 'd')),
    args: ['schema', '--out', 'd'],
    code: 2,
    expect: /--out: d is a directory; give a file name/,
  },
  {
    name: 'schema --out /dev/null',
    item: 8,
    args: ['schema', '--out', '/dev/null'],
    code: 2,
    expect: /--out: \/dev\/null is not a regular file/,
  },
  {
    name: 'schema --out below a file',
    item: 8,
    files: { f: 'x' },
    args: ['schema', '--out', 'f/schema.json'],
    code: 2,
    expect: /--out: f\/schema\.json: .*f is a file, not a directory/,
  },
  {
    name: 'a tampered log record ("banana")',
    item: 8,
    ...MADE,
    setup: (dir) => edit(dir, LOG, (t) => t.replace(/"mean":[-\d.e]+/, '"mean":"banana"')),
    args: RESUME,
    code: 2,
    expect: /0-of-1\.jsonl:1: corrupt results line \(not a cell record: stats\.completion\.mean: expected a number\)/,
  },
  {
    name: 'a tampered last log record is refused, not cut',
    item: 8,
    ...MADE,
    setup: (dir) =>
      edit(dir, LOG, (t) => t.replace(/("index":1,.*)"trials":100,"censored"/, '$1"trials":-1,"censored"')),
    args: RESUME,
    code: 2,
    expect: /0-of-1\.jsonl:2: corrupt results line \(not a cell record: stats\.trials/,
  },
  {
    name: 'a log line of garbage before the last',
    item: 8,
    ...MADE,
    setup: (dir) => edit(dir, LOG, (t) => `garbage\n${t}`),
    args: RESUME,
    code: 2,
    expect: /0-of-1\.jsonl:1: corrupt results line \(not JSON\)/,
  },
  {
    name: 'resume of /etc',
    item: 8,
    args: ['resume', '/etc'],
    code: 2,
    expect: /\/etc: not a gradcode results directory/,
  },
  {
    name: 'resume of a file',
    item: 8,
    files: { f: 'x' },
    args: ['resume', 'f'],
    code: 2,
    expect: /f: not a gradcode results directory/,
  },
  {
    name: 'merge of a file',
    item: 8,
    files: { f: 'x' },
    args: ['merge', 'f', '--out', 'm'],
    code: 2,
    expect: /f: not a gradcode results directory/,
  },
  {
    name: 'merge --out an existing file',
    item: 8,
    ...MADE,
    files: { 'spec.yaml': VALID, f: 'mine\n' },
    args: ['merge', 'res', '--out', 'f'],
    code: 2,
    expect: /--out: f is a file; give a directory/,
  },
  {
    name: 'plot of /etc',
    item: 8,
    args: ['plot', '/etc', '--x', 'scheme', '--y', 'trials'],
    code: 2,
    expect: /\/etc: not a gradcode results directory/,
  },
  // 9. Values that cannot give a meaningful result.
  {
    name: 'adaptive on the error without a T grid',
    item: 9,
    files: { 'spec.yaml': cell('  adaptive: { relativeHalfWidth: 0.1, statistic: error }\n') },
    args: RUN,
    code: 2,
    expect: /defaults\.adaptive\.statistic: stopping on the error needs a T grid/,
  },
  {
    name: 'adaptive gridIndex beyond the grid',
    item: 9,
    files: {
      'spec.yaml': cell('  tGrid: [1, 2]\n  adaptive: { relativeHalfWidth: 0.1, statistic: error, gridIndex: 5 }\n'),
    },
    args: RUN,
    code: 2,
    expect: /defaults\.adaptive\.gridIndex: is 5, but the T grid has 2 points \(0…1\)/,
  },
  {
    name: 'adaptive gridIndex without a grid',
    item: 9,
    files: { 'spec.yaml': cell('  adaptive: { relativeHalfWidth: 0.1, gridIndex: 1 }\n') },
    args: RUN,
    code: 2,
    expect: /defaults\.adaptive\.gridIndex: is 1, but the cell has no T grid/,
  },
  {
    name: 'adaptive gridIndex beyond the grid from a sweep axis',
    item: 9,
    files: {
      'spec.yaml': cell(
        '  tGrid: [1, 2, 3]\n  adaptive: { relativeHalfWidth: 0.1, statistic: error }\nsweep: { grid: { adaptive.gridIndex: [0, 3] } }\n',
      ),
    },
    args: RUN,
    code: 2,
    expect: /defaults\.adaptive\.gridIndex: is 3, .* \(sweep cell 1: adaptive\.gridIndex=3\)/,
  },
  {
    name: 'parts: 1000 on a load of 3',
    item: 9,
    files: { 'spec.yaml': cell('  protocol: partial\n  parts: 1000\n') },
    args: RUN,
    code: 2,
    expect: /defaults\.parts: ℓ = 1000 exceeds the 3 workers holding the least replicated chunk/,
  },
  {
    name: 'parts one above the replication',
    item: 9,
    files: { 'spec.yaml': 'defaults: { code: "frc:N=6,s=1", protocol: partial, parts: 3 }\n' },
    args: RUN,
    code: 2,
    expect: /ℓ = 3 exceeds the 2 workers/,
  },
  {
    name: 'the same key in grid and zip',
    item: 9,
    files: { 'spec.yaml': cell('sweep: { grid: { seed: [1, 2] }, zip: { seed: [3, 4] } }\n') },
    args: RUN,
    code: 2,
    expect: /sweep\.zip\.seed: is also a sweep\.grid axis; give each axis once/,
  },
  {
    name: 'grid axes code and code.N',
    item: 9,
    files: { 'spec.yaml': cell('sweep: { grid: { code: ["cyclic:N=6,s=2"], code.N: [6, 7] } }\n') },
    args: RUN,
    code: 2,
    expect: /sweep\.grid\.code\.N: overlaps the sweep\.grid axis "code"/,
  },
  {
    name: 'rate: 1e-308',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { chunkTime: { dist: exponential, rate: 1e-308 } }\n') },
    args: RUN,
    code: 2,
    expect:
      /defaults\.stragglers\.chunkTime: the largest possible finishing time .* is Infinity, above the limit of 1e\+30 \(limits\.timeMax\)/,
  },
  {
    name: 'shift: 1e308',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { chunkTime: { dist: shifted-exponential, shift: 1e308, rate: 1 } }\n') },
    args: RUN,
    code: 2,
    expect: /stragglers\.chunkTime: the largest possible finishing time/,
  },
  {
    name: 'slow.factor: 1e308',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { slow: { fraction: 0.5, factor: 1e308 } }\n') },
    args: RUN,
    code: 2,
    expect: /defaults\.stragglers\.slow\.factor: the largest possible finishing time .*write factor: inf/,
  },
  {
    name: 'fixedSet.factor: 1e300',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { fixedSet: { s: 1, factor: 1e300 } }\n') },
    args: RUN,
    code: 2,
    expect: /defaults\.stragglers\.fixedSet\.factor: /,
  },
  {
    name: 'bursty factor 1e200',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { bursty: { B: 1, W: 2, lambda: 1, factor: 1e200 } }\n') },
    args: RUN,
    code: 2,
    expect: /stragglers\.bursty\.factor: .*limits\.timeMax/,
  },
  {
    name: 'a speed of 1e300',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { speed: [1, 1, 1, 1, 1, 1e300] }\n') },
    args: RUN,
    code: 2,
    expect: /defaults\.stragglers\.speed: /,
  },
  {
    name: 'a Pareto tail beyond f32 (shape 0.1)',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { chunkTime: { dist: pareto, scale: 1, shape: 0.1 } }\n') },
    args: RUN,
    code: 2,
    expect: /stragglers\.chunkTime: .*limits\.timeMax/,
  },
  {
    name: 'rate: 1e40 (times below the f32 range)',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { chunkTime: { dist: exponential, rate: 1e40 } }\n') },
    args: RUN,
    code: 2,
    expect:
      /defaults\.stragglers\.chunkTime: the chunk-time scale is 1e-40, below the limit of 1e-30 \(limits\.timeScaleMin\)/,
  },
  {
    name: 'a deterministic chunk time of 1e-35',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { chunkTime: { dist: deterministic, value: 1e-35 } }\n') },
    args: RUN,
    code: 2,
    expect: /limits\.timeScaleMin/,
  },
  {
    name: 'a 1e308 matrix',
    item: 9,
    files: { 'm.json': '[[1e308, 0], [0, 1e308]]' },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect: /--matrix: m\.json: row 0, column 0: \|1e\+308\| is outside \[1e-12, 1 000 000 000 000\]/,
  },
  {
    name: 'a matrix entry of 1e-20',
    item: 9,
    files: { 'm.json': '{"support": [[0], [1]], "coefficients": [[1], [1e-20]]}' },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect: /coefficients\[1\]\[0\]: \|1e-20\| is outside/,
  },
  {
    name: 'a CSV matrix with 1e308',
    item: 9,
    files: { 'm.csv': '1,0\n0,1e308\n' },
    args: ['inspect', '--matrix', 'm.csv'],
    code: 2,
    expect: /line 2, column 2: \|1e\+308\| is outside/,
  },
  {
    name: 'a trace whose first row has a typo',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { trace: { file: t.csv } }\n'), 't.csv': '1,2x,3,4,5,6\n2,2,2,2,2,2\n' },
    args: RUN,
    code: 2,
    expect: /t\.csv row 1, column 2: "2x" is not a time ≥ 0 \(a header row must consist of names only\)/,
  },
  {
    name: 'a trace with a header row is fine',
    item: 0,
    files: { 'spec.yaml': cell('  stragglers: { trace: { file: t.csv } }\n'), 't.csv': `w0,w1,w2,w3,w4,w5\n${TRACE}` },
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res\b/m,
  },
  {
    name: 'a trace time of 1e31',
    item: 9,
    files: { 'spec.yaml': cell('  stragglers: { trace: { file: t.csv } }\n'), 't.csv': '1,2,3,4,5,1e31\n' },
    args: RUN,
    code: 2,
    expect:
      /t\.csv row 1, column 6: 1e\+31 is above the limit of 1e\+30 \(limits\.timeMax\); mark a failed worker with inf/,
  },
  {
    name: 'a hex number in a trace',
    item: 9,
    files: {
      'spec.yaml': cell('  stragglers: { trace: { file: t.csv } }\n'),
      't.csv': '1,2,3,4,5,6\n1,2,0x10,4,5,6\n',
    },
    args: RUN,
    code: 2,
    expect: /t\.csv row 2, column 3: "0x10" is not a time/,
  },
  {
    name: 'a hex number in a code spec',
    item: 9,
    args: ['inspect', 'cyclic:N=0x10,s=2'],
    code: 2,
    expect: /code\.N: must be a finite decimal number, got "0x10"/,
  },
  {
    name: 'a binary number in a code spec',
    item: 9,
    args: ['inspect', 'crc:N=10,s=0b11'],
    code: 2,
    expect: /code\.s: must be a finite decimal number/,
  },
  {
    name: 'an octal number in a spec’s code string',
    item: 9,
    files: { 'spec.yaml': 'defaults: { code: "frc:N=0o14,s=3" }\n' },
    args: RUN,
    code: 2,
    expect: /defaults\.code\.N: must be a finite decimal number/,
  },
  {
    name: 'a hex number in a CSV matrix',
    item: 9,
    files: { 'm.csv': '1,0x1\n1,1\n' },
    args: ['inspect', '--matrix', 'm.csv'],
    code: 2,
    expect: /line 1, column 2: "0x1" is not a finite decimal number/,
  },
  {
    name: 'Infinity in a CSV matrix',
    item: 9,
    files: { 'm.csv': '1,Infinity\n1,1\n' },
    args: ['inspect', '--matrix', 'm.csv'],
    code: 2,
    expect: /line 1, column 2: "Infinity" is not a finite decimal number/,
  },
  {
    name: 'a hex --threshold',
    item: 9,
    args: ['inspect', 'cyclic:N=6,s=2', '--threshold', '0x1'],
    code: 2,
    expect: /--threshold: must be a decimal number, got "0x1"/,
  },
  {
    name: 'a hex probability in --p',
    item: 9,
    args: ['inspect', 'heterogeneous:scheme=I', '--p', '0x0,0.2,0.3'],
    code: 2,
    expect: /--p\[0\]: must be a decimal number/,
  },
  {
    name: 'a hex probability in random:P:TRIALS',
    item: 9,
    args: ['inspect', 'cyclic:N=6,s=2', '--stragglers', 'random:0x1:10'],
    code: 2,
    expect: /--stragglers: P must be in \[0, 1\]/,
  },
  {
    name: '--trials in hex',
    item: 9,
    files: { 'spec.yaml': VALID },
    args: ['run', 'spec.yaml', '--out', 'res', '--trials', '0x10'],
    code: 2,
    expect: /--trials: must be a positive integer, got "0x10"/,
  },
  // 10. Leaks and leftovers.
  {
    name: 'code: file:path=/etc/passwd does not print the file',
    item: 10,
    files: { 'spec.yaml': 'defaults: { code: "file:path=/etc/passwd" }\n' },
    args: RUN,
    code: 2,
    expect: /defaults\.code\.path: \/etc\/passwd: line 1, column 1: ".{1,16}…?" is not a finite decimal number/,
    never: PASSWD_BEYOND_EXCERPT,
  },
  {
    name: '--matrix /etc/passwd does not print the file',
    item: 10,
    args: ['inspect', '--matrix', '/etc/passwd'],
    code: 2,
    never: PASSWD_BEYOND_EXCERPT,
    expect: /--matrix: \/etc\/passwd: line 1, column 1: ".{1,16}…?" is not/,
  },
  {
    name: 'a JSON code file with a syntax error does not print its text',
    item: 10,
    files: { 'm.json': '[[1, 0], [secret-token-1234567890]]' },
    args: ['inspect', '--matrix', 'm.json'],
    code: 2,
    expect: /--matrix: m\.json: not valid JSON: Unexpected token 's'$/m,
    never: /secret-token/,
  },
  {
    name: '--order /etc/passwd does not print the file',
    item: 10,
    args: ['inspect', 'cyclic:N=6,s=2', '--order', '/etc/passwd'],
    code: 2,
    expect: /--order: not valid JSON: Unexpected token 'r'$/m,
    never: PASSWD_BEYOND_EXCERPT,
  },
  {
    name: 'a trace of /etc/passwd does not print the file',
    item: 10,
    files: { 'spec.yaml': cell('  stragglers: { trace: { file: /etc/passwd } }\n') },
    args: RUN,
    code: 2,
    expect: /trace\.file: \/etc\/passwd row 1, column 1: ".{1,16}…?" is not a time/,
    never: PASSWD_BEYOND_EXCERPT,
  },
  {
    name: 'a label with terminal escape sequences is printed escaped',
    item: 10,
    files: { 'spec.yaml': `defaults: { code: ${CODE}, trials: 100, label: "\\e[31mred\\e[2J" }\n` },
    args: RUN,
    code: 0,
    expect: /\\x1b\[31mred\\x1b\[2J/,
    never: RAW_CONTROL,
  },
  {
    name: 'a label with escapes in progress lines',
    item: 10,
    files: { 'spec.yaml': `defaults: { code: ${CODE}, trials: 100, label: "a\\rb\\e]0;title\\a" }\n` },
    args: ['run', 'spec.yaml', '--out', 'res', '--backend', 'cpu', '--progress', 'lines'],
    code: 0,
    expect: /a\\x0db\\x1b\]0;title\\x07/,
    never: RAW_CONTROL,
  },
  {
    name: 'an escape sequence in a flag value is shown escaped',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: ['run', 'spec.yaml', '--out', 'res', '--backend', 'gpu\u001b[2J'],
    code: 2,
    expect: /--backend: unknown backend "gpu\\x1b\[2J"/,
    never: RAW_CONTROL,
  },
  {
    name: 'an escape sequence in a code spec is shown escaped',
    item: 10,
    args: ['inspect', 'frc\u001bc:N=6'],
    code: 2,
    expect: /unknown code family 'frc\\x1bc'/,
    never: RAW_CONTROL,
  },
  {
    name: 'a results path with control characters is shown escaped',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: ['run', 'spec.yaml', '--out', 'r\u001b[1mx', '--backend', 'cpu', '--progress', 'none'],
    code: 0,
    expect: /results: \/.*\/r\\x1b\[1mx/,
    never: RAW_CONTROL,
  },
  {
    name: 'a bad --adapter leaves no results directory',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: ['run', 'spec.yaml', '--out', 'res', '--backend', 'webgpu', '--adapter', 'no-such-adapter-xyz'],
    code: 2,
    expect: /--adapter: /,
    verify: absent('res'),
  },
  {
    name: '--adapter with --backend cpu leaves no results directory',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: ['run', 'spec.yaml', '--out', 'res', '--backend', 'cpu', '--adapter', 'x'],
    code: 2,
    expect: /--adapter: selects a WebGPU adapter/,
    verify: absent('res'),
  },
  {
    name: '--shard 7/5000 of a 2-cell sweep',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: SWEEP('7/5000'),
    code: 2,
    expect: /--shard: the shard count 5000 is above the 2 cells of the sweep/,
    verify: absent('res'),
  },
  {
    name: 'resume --shard 7/5000 creates no files',
    item: 10,
    ...MADE,
    args: ['resume', 'res', '--shard', '7/5000'],
    code: 2,
    expect: /--shard: the shard count 5000 is above the 2 cells/,
    verify: (dir) => (readdirSync(join(dir, 'res/shards')).length === 2 ? null : 'files were created'),
  },
  {
    name: 'slurm --array 0x2',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: ['slurm', 'spec.yaml', '--out', 'res', '--array', '0x2'],
    code: 2,
    expect: /--array: must be a positive integer/,
  },
  {
    name: '--shard above limits.shards',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: SWEEP('0/1000001'),
    code: 2,
    expect: /the shard count N must be between 1 and 1000000 \(limits\.shards\)/,
  },
  {
    name: 'a JSON spec with a byte-order mark runs',
    item: 10,
    files: { 'spec.json': `\uFEFF${JSON.stringify({ defaults: { code: 'cyclic:N=6,s=2', trials: 100 } })}` },
    args: ['run', 'spec.json', '--out', 'res', '--backend', 'cpu', '--progress', 'none'],
    code: 0,
    expect: /^results: \/.*\/res\b/m,
  },
  {
    name: 'a JSON spec with a byte-order mark and a syntax error names line and column',
    item: 10,
    files: { 'spec.json': '\uFEFF{\n  "defaults": {"code": "cyclic:N=6,s=2",}\n}' },
    args: ['run', 'spec.json', '--out', 'res'],
    code: 2,
    expect: /spec\.json:2:41: JSON syntax error: Expected double-quoted property name/,
    never: /\uFEFF/,
  },
  {
    name: 'a YAML spec with a byte-order mark runs',
    item: 10,
    files: { 'spec.yaml': `\uFEFF${VALID}` },
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res\b/m,
  },
  {
    name: '!!binary in a spec',
    item: 10,
    files: { 'spec.yaml': `defaults: { code: ${CODE}, label: !!binary aGVsbG8= }\n` },
    args: RUN,
    code: 2,
    expect: /spec\.yaml: binary data \(a YAML !!binary tag\) at defaults\.label is not supported; use plain values/,
  },
  {
    name: '!!set in a spec',
    item: 10,
    files: { 'spec.yaml': `defaults: { code: ${CODE} }\nsweep: { grid: { seed: !!set { 1, 2 } } }\n` },
    args: RUN,
    code: 2,
    expect: /a set \(a YAML !!set tag\) at sweep\.grid\.seed/,
  },
  {
    name: '!!timestamp in a spec',
    item: 10,
    files: { 'spec.yaml': `defaults: { code: ${CODE}, label: !!timestamp 2001-12-14 }\n` },
    args: RUN,
    code: 2,
    expect: /a timestamp .* at defaults\.label is not supported/,
  },
  {
    name: 'a failed run leaves no temporary files',
    item: 10,
    ...MADE,
    setup: (dir) => edit(dir, LOG, (t) => t.replace(/"mean":[-\d.e]+/, '"mean":"x"')),
    args: RESUME,
    code: 2,
    expect: /corrupt results line/,
    verify: (dir) => {
      const tmp = [...readdirSync(join(dir, 'res')), ...readdirSync(join(dir, 'res/shards'))].filter((n) =>
        n.endsWith('.tmp'),
      );
      return tmp.length ? `left ${tmp.join(', ')}` : null;
    },
  },
  {
    name: 'a complete run leaves no lock and no temporary files',
    item: 10,
    files: { 'spec.yaml': VALID },
    args: RUN,
    code: 0,
    expect: /^results: \/.*\/res\b/m,
    verify: (dir) => {
      const left = [
        ...readdirSync(join(dir, 'res/locks')),
        ...readdirSync(join(dir, 'res')).filter((n) => n.endsWith('.tmp')),
      ];
      return left.length ? `left ${left.join(', ')}` : null;
    },
  },
];

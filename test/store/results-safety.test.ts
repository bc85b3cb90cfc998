import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { referencedFiles } from '../../src/spec/referenced-files.js';
import { atomicTempPath, parseAtomicTempName } from '../../src/store/atomic-write.js';
import { removeLeftoverTempFiles } from '../../src/store/leftovers.js';
import {
  backendRequestFromPins,
  checkPinnedBackend,
  type Pins,
  pinInputs,
  pinnedBackendOf,
  readPins,
  sameBackend,
} from '../../src/store/pins.js';
import { claimResultsDir, inspectResultsDir, RESULTS_MARKER } from '../../src/store/results-dir.js';
import {
  acquireResultsLock,
  acquireShardLock,
  type LockOwner,
  removeStaleLock,
  staleReason,
} from '../../src/store/results-lock.js';
import { inputError } from '../helpers/input-error.js';
import { tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('safety');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `d${n++}`);

describe('claimResultsDir', () => {
  it('creates and marks a new directory, accepts an empty or marked one, refuses anything else', () => {
    const d = fresh();
    expect(inspectResultsDir(d, 'sweep')).toBe('absent');
    expect(claimResultsDir(join(d, 'a', 'b'), 'sweep')).toBe('absent');
    expect(JSON.parse(readFileSync(join(d, 'a', 'b', RESULTS_MARKER), 'utf8'))).toMatchObject({
      format: 'gradcode-results/1',
      kind: 'sweep',
    });
    expect(claimResultsDir(join(d, 'a', 'b'), 'sweep')).toBe('marked');
    mkdirSync(join(d, 'empty'));
    expect(claimResultsDir(join(d, 'empty'), 'train')).toBe('empty');
    expect(inputError(() => claimResultsDir(join(d, 'empty'), 'sweep')).message).toMatch(
      /holds gradcode train results, not sweep results/,
    );
    writeFileSync(join(d, 'empty', '..', 'file'), 'x');
    expect(inputError(() => inspectResultsDir(join(d, 'file'), 'sweep')).message).toMatch(
      /is a file; give a directory/,
    );
    mkdirSync(join(d, 'mine'));
    writeFileSync(join(d, 'mine', 'notes'), 'x');
    const e = inputError(() => claimResultsDir(join(d, 'mine'), 'sweep', { field: '--out' }));
    expect(e.field).toBe('--out');
    expect(e.message).toMatch(/is not empty and was not created by gradcode/);
    expect(claimResultsDir(join(d, 'mine'), 'sweep', { adopt: () => true })).toBe('adoptable');
    expect(existsSync(join(d, 'mine', RESULTS_MARKER))).toBe(true);
  });

  it('a half-written marker of a killed claim does not make the directory foreign', () => {
    const d = fresh();
    mkdirSync(d);
    writeFileSync(atomicTempPath(join(d, RESULTS_MARKER)).replace(`-${process.pid}.`, '-999999999.'), '{"for');
    expect(claimResultsDir(d, 'sweep')).toBe('empty');
  });
});

/** A lock owner as another process or host would have written it. */
function owner(overrides: Partial<LockOwner>): LockOwner {
  return {
    pid: 1,
    host: hostname(),
    startedAt: '2026-01-01T00:00:00.000Z',
    token: 'other',
    bootId: null,
    processStart: null,
    slurm: null,
    command: [],
    ...overrides,
  };
}

function writeLock(d: string, name: string, o: LockOwner, ageMs = 0): string {
  const path = join(d, 'locks', `${name}.lock`);
  mkdirSync(join(d, 'locks'), { recursive: true });
  writeFileSync(path, JSON.stringify(o));
  const t = new Date(Date.now() - ageMs);
  utimesSync(path, t, t);
  return path;
}

describe('results locks', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['SLURM_JOB_ID', 'SLURM_ARRAY_JOB_ID', 'SLURM_ARRAY_TASK_ID', 'SLURM_RESTART_COUNT']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('is exclusive within a process and across processes, and released', () => {
    const d = fresh();
    const lock = acquireShardLock(d, { index: 1, count: 4 });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(inputError(() => acquireShardLock(d, { index: 1, count: 4 })).message).toMatch(
      new RegExp(`^${d}: in use by PID ${process.pid} on .* \\(or stop it\\)$`),
    );
    expect(acquireShardLock(d, { index: 2, count: 4 }).release()).toBeUndefined();
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    acquireShardLock(d, { index: 1, count: 4 }).release();
  });

  it('knows when a holder on this host is gone', () => {
    const d = fresh();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const path = writeLock(d, 'a', owner({ pid: dead }));
    expect(staleReason(owner({ pid: dead }), path)).toBe(`process ${dead} is gone`);
    expect(staleReason(owner({ pid: process.ppid }), path)).toBeNull();
    expect(staleReason(owner({ pid: process.ppid, processStart: -5 }), path)).toMatch(/now belongs to another process/);
    if (existsSync('/proc/sys/kernel/random/boot_id'))
      expect(staleReason(owner({ pid: process.ppid, bootId: 'another-boot' }), path)).toBe(
        'the host was restarted since',
      );
    expect(staleReason(owner({ pid: process.pid }), path)).toBe('it was left by an earlier session of this process');
    expect(removeStaleLock(d, 'a')).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('on other hosts: a heartbeat older than the stale age, or an earlier run of the same SLURM task', () => {
    const d = fresh();
    const other = owner({ host: 'elsewhere', pid: 77 });
    const fresh_ = writeLock(d, 'fresh', other);
    expect(staleReason(other, fresh_)).toBeNull();
    const old = writeLock(d, 'old', other, 11 * 60_000);
    expect(staleReason(other, old)).toMatch(/heartbeat is 66\d s old/);
    expect(staleReason(other, fresh_, { staleMs: 0, now: Date.now() + 10 })).toMatch(/heartbeat/);
    const slurm = owner({ host: 'n1', slurm: { jobId: '9', arrayTaskId: '2', restartCount: 0 } });
    process.env.SLURM_ARRAY_JOB_ID = '9';
    process.env.SLURM_ARRAY_TASK_ID = '2';
    process.env.SLURM_RESTART_COUNT = '1';
    expect(staleReason(slurm, fresh_)).toMatch(/earlier run of SLURM job 9_2 \(requeued\)/);
    process.env.SLURM_ARRAY_TASK_ID = '3';
    expect(staleReason(slurm, fresh_)).toBeNull();
    expect(inputError(() => acquireResultsLock(d, 'fresh')).message).toMatch(
      /in use by PID 77 on elsewhere .*taken over once its heartbeat is 10 minutes old/,
    );
    const taken = acquireResultsLock(d, 'old');
    expect(JSON.parse(readFileSync(taken.path, 'utf8')).pid).toBe(process.pid);
    taken.release();
  });

  it('an unreadable lock file is in use while young (being written) and stale once old', () => {
    const d = fresh();
    const path = join(d, 'locks', 'x.lock');
    mkdirSync(join(d, 'locks'), { recursive: true });
    writeFileSync(path, '{"pid":');
    expect(staleReason(null, path)).toBeNull();
    utimesSync(path, new Date(0), new Date(0));
    expect(staleReason(null, path)).toMatch(/unreadable and old/);
  });
});

describe('leftover temporary files', () => {
  it('removes those of dead processes and of this one on this host, and old ones of other hosts', () => {
    const d = fresh();
    mkdirSync(d);
    const mine = atomicTempPath(join(d, 'a.json'));
    const dead = mine.replace(`-${process.pid}.`, `-${spawnSync(process.execPath, ['-e', '0']).pid}.`);
    const alive = mine.replace(`-${process.pid}.`, `-${process.ppid}.`);
    const otherHost = join(d, '.b.json.00000000-12.tmp');
    const otherOld = join(d, '.c.json.00000000-13.tmp');
    for (const p of [mine, dead, alive, otherHost, otherOld]) writeFileSync(p, 'x');
    utimesSync(otherOld, new Date(0), new Date(0));
    expect(parseAtomicTempName('.b.json.00000000-12.tmp')).toEqual({ host: '00000000', pid: 12 });
    expect(removeLeftoverTempFiles(d).sort()).toEqual([mine, dead, otherOld].sort());
    expect(existsSync(alive) && existsSync(otherHost)).toBe(true);
  });
});

describe('pins', () => {
  it('pins files by content and the backend; later sessions must match', () => {
    const d = fresh();
    mkdirSync(d);
    const trace = join(d, 't.csv');
    writeFileSync(trace, '1,2\n');
    const cpu = pinnedBackendOf('cpu', 'cpu: 2 threads');
    const files = [{ path: trace, field: 'defaults.stragglers.trace.file' }];
    const pins = pinInputs(d, { backend: cpu, files });
    expect(pins.files[0]).toMatchObject({ path: trace, bytes: 4, fields: ['defaults.stragglers.trace.file'] });
    expect(readPins(d)).toEqual(pins);
    expect(pinInputs(d, { backend: pinnedBackendOf('cpu', 'cpu: 64 threads'), files })).toEqual(pins);
    const gpu = pinnedBackendOf('webgpu', 'webgpu: llvmpipe (vulkan, software)');
    expect(inputError(() => pinInputs(d, { backend: gpu, files })).message).toMatch(
      /is pinned to cpu \(f64\), but this session would run on webgpu \(f32\) on "webgpu: llvmpipe/,
    );
    expect(pinInputs(d, { backend: gpu, files }, { allowMixedBackends: true })).toEqual(pins);
    const other = join(d, 'o.json');
    writeFileSync(other, '[]');
    expect(inputError(() => pinInputs(d, { backend: cpu, files: [{ path: other, field: 'x' }] })).message).toMatch(
      /is not among the files pinned/,
    );
    writeFileSync(trace, '1,3\n');
    const e = inputError(() => pinInputs(d, { backend: cpu, files }));
    expect(e.field).toBe('defaults.stragglers.trace.file');
    expect(e.message).toMatch(/t\.csv changed since the results in .* were started/);
  });

  it('decides the backend to open from the pins and refuses explicit mismatches early', () => {
    const pins: Pins = { format: 'gradcode-pins/1', backend: pinnedBackendOf('webgpu', 'webgpu: X', 'X'), files: [] };
    expect(backendRequestFromPins(pins, {})).toEqual({ backend: 'webgpu', adapter: 'X' });
    expect(backendRequestFromPins(pins, { backend: 'auto' })).toEqual({ backend: 'webgpu', adapter: 'X' });
    expect(backendRequestFromPins(null, {})).toEqual({ backend: 'auto', adapter: undefined });
    expect(inputError(() => backendRequestFromPins(pins, { backend: 'cpu' })).message).toMatch(
      /pinned to webgpu \(f32\) on "webgpu: X"; --backend cpu would mix backends/,
    );
    expect(backendRequestFromPins(pins, { backend: 'cpu' }, { allowMixed: true })).toEqual({
      backend: 'cpu',
      adapter: undefined,
    });
    expect(sameBackend(pinnedBackendOf('cpu', 'a'), pinnedBackendOf('cpu', 'b'))).toBe(true);
    expect(sameBackend(pins.backend, pinnedBackendOf('webgpu', 'webgpu: Y'))).toBe(false);
    expect(() => checkPinnedBackend(pins, pinnedBackendOf('webgpu', 'webgpu: X', null), 'D')).not.toThrow();
  });
});

describe('referencedFiles', () => {
  it('finds order files, traces and file: codes (nested ones too), resolved against the spec directory', () => {
    const files = referencedFiles(
      {
        code: 'product:(file:path=a.csv)x(file:path=/abs/b.json)',
        order: 'o.json',
        stragglers: { chunkTime: { dist: 'exponential', rate: 1 }, trace: { file: 't.csv' } },
      },
      'cells[3]',
      '/specs',
    );
    expect(files).toEqual([
      { path: '/specs/a.csv', field: 'cells[3].code.left.path' },
      { path: '/abs/b.json', field: 'cells[3].code.right.path' },
      { path: '/specs/o.json', field: 'cells[3].order' },
      { path: '/specs/t.csv', field: 'cells[3].stragglers.trace.file' },
    ]);
    expect(referencedFiles({ code: 'frc:N=4,s=1', order: 'random:3' }, 'defaults', '/s')).toEqual([]);
  });
});

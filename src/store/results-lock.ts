import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { atomicTempPath } from './atomic-write.js';
import { fileSystemError, onFile } from './fs-errors.js';
import { removeLeftoverTempFiles } from './leftovers.js';
import type { Shard } from './shard.js';
import { shardTag } from './shard.js';

/** Folder of a results directory that holds its lock files. */
export const LOCKS_FOLDER = 'locks';

/** How often a held lock's modification time is refreshed (its heartbeat). */
export const LOCK_HEARTBEAT_MS = 30_000;

/**
 * A lock whose holder runs on another host and whose heartbeat is older than this is stale (the holder died without
 * releasing it): 10 minutes, far above the heartbeat and any clock skew between the hosts of a cluster.
 */
export const LOCK_STALE_MS = 10 * 60_000;

/** SLURM identity of a process: a requeued array task keeps its job and task ids and counts its restarts. */
export interface SlurmIdentity {
  readonly jobId: string;
  readonly arrayTaskId: string | null;
  readonly restartCount: number;
}

/** Contents of a lock file: who holds it. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  /** Random token that tells this holder from a later one with the same PID. */
  readonly token: string;
  /** Linux boot id of the holder's host (a different one after a reboot), or null. */
  readonly bootId: string | null;
  /** Start time of the holder process in clock ticks since boot (/proc/PID/stat field 22), or null. */
  readonly processStart: number | null;
  readonly slurm: SlurmIdentity | null;
  /** The command line (argv after node). */
  readonly command: readonly string[];
}

/** A lock held by this process. */
export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Releases the lock (removes the file if it is still ours); safe to call twice. */
  release(): void;
}

/** Options of {@link acquireResultsLock}. */
export interface LockOptions {
  /** Field of the "in use" InputError (default: the directory). */
  readonly field?: string;
  /** Heartbeat age after which another host's lock is stale (default {@link LOCK_STALE_MS}). */
  readonly staleMs?: number;
  /** Heartbeat interval (default {@link LOCK_HEARTBEAT_MS}). */
  readonly heartbeatMs?: number;
}

/** Locks this process holds, by path (released at exit; a lock file with our PID not in here was left by a crash). */
const held = new Map<string, HeldLock>();
let exitHookInstalled = false;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** This host's boot id (Linux), or null. */
export function bootId(): string | null {
  return readText('/proc/sys/kernel/random/boot_id');
}

/** Start time of a process in clock ticks since boot (Linux /proc/PID/stat field 22), or null. */
export function processStartTime(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) may contain spaces and parentheses: fields after it start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = Number(fields[19]);
  return Number.isFinite(start) ? start : null;
}

/** The SLURM job identity of this process (SLURM_JOB_ID, SLURM_ARRAY_TASK_ID, SLURM_RESTART_COUNT), or null. */
export function slurmIdentity(env: NodeJS.ProcessEnv = process.env): SlurmIdentity | null {
  const jobId = env.SLURM_ARRAY_JOB_ID ?? env.SLURM_JOB_ID;
  if (!jobId) return null;
  return {
    jobId,
    arrayTaskId: env.SLURM_ARRAY_TASK_ID ?? null,
    restartCount: Number(env.SLURM_RESTART_COUNT ?? 0) || 0,
  };
}

function ownerOfThisProcess(): LockOwner {
  return {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    token: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    bootId: bootId(),
    processStart: processStartTime(process.pid),
    slurm: slurmIdentity(),
    command: process.argv.slice(1),
  };
}

function readOwner(path: string): LockOwner | null {
  const text = readText(path);
  if (!text) return null;
  try {
    const value = JSON.parse(text) as LockOwner;
    return typeof value?.pid === 'number' && typeof value.host === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Whether a process with this PID exists on this host. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why a lock's holder can no longer hold it, or null when it may still be running. On this host: the PID is gone, was
 * reused by a later process (different start time), or the host rebooted (different boot id); a lock with this
 * process's own PID that it does not hold was left by a crashed session. On another host (a shared file system,
 * SLURM): the holder is an earlier run of this same SLURM array task (a requeue), or its heartbeat is older than
 * `staleMs`. A lock file that cannot be read is stale once it is older than the heartbeat interval.
 */
export function staleReason(
  owner: LockOwner | null,
  path: string,
  options: { staleMs?: number; heartbeatMs?: number; now?: number } = {},
): string | null {
  const now = options.now ?? Date.now();
  let age: number;
  try {
    age = now - statSync(path).mtimeMs;
  } catch {
    return 'the lock file is gone';
  }
  if (!owner) return age > (options.heartbeatMs ?? LOCK_HEARTBEAT_MS) ? 'the lock file is unreadable and old' : null;
  if (owner.host === hostname()) {
    if (owner.pid === process.pid) return held.has(path) ? null : 'it was left by an earlier session of this process';
    const boot = bootId();
    if (owner.bootId && boot && owner.bootId !== boot) return 'the host was restarted since';
    if (!processExists(owner.pid)) return `process ${owner.pid} is gone`;
    const start = processStartTime(owner.pid);
    if (owner.processStart !== null && start !== null && start !== owner.processStart)
      return `PID ${owner.pid} now belongs to another process`;
    return null;
  }
  const me = slurmIdentity();
  if (
    me &&
    owner.slurm &&
    owner.slurm.jobId === me.jobId &&
    owner.slurm.arrayTaskId === me.arrayTaskId &&
    owner.slurm.restartCount < me.restartCount
  )
    return `it was held by an earlier run of SLURM job ${me.jobId}${me.arrayTaskId ? `_${me.arrayTaskId}` : ''} (requeued)`;
  if (age > (options.staleMs ?? LOCK_STALE_MS)) return `its heartbeat is ${Math.round(age / 1000)} s old`;
  return null;
}

/** Removes a stale lock unless another process replaced it meanwhile (a `.break` directory serialises breakers). */
function breakStaleLock(path: string, judged: LockOwner | null, field: string): void {
  const breaker = `${path}.break`;
  try {
    mkdirSync(breaker);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError(e, breaker, 'create');
    let age = 0;
    try {
      age = Date.now() - statSync(breaker).mtimeMs;
    } catch {
      return; // the other breaker just finished
    }
    if (age < 60_000) throw new InputError(field, `another process is taking over the stale lock ${path}; try again`);
    rmdirSync(breaker);
    breakStaleLock(path, judged, field);
    return;
  }
  try {
    const now = readOwner(path);
    if ((now?.token ?? null) === (judged?.token ?? null)) rmSync(path, { force: true });
  } finally {
    rmdirSync(breaker);
  }
}

function describeOwner(owner: LockOwner | null): string {
  if (!owner) return 'another process that is still writing its lock file';
  const job = owner.slurm
    ? `, SLURM job ${owner.slurm.jobId}${owner.slurm.arrayTaskId ? `_${owner.slurm.arrayTaskId}` : ''}`
    : '';
  return `PID ${owner.pid} on ${owner.host} (since ${owner.startedAt}${job})`;
}

/**
 * Takes the exclusive lock `name` of a results directory: the file `DIR/locks/<name>.lock`, created with O_EXCL and
 * holding the PID, host, start time and SLURM identity of this process, refreshed every {@link LOCK_HEARTBEAT_MS}.
 * A lock held by a live process is an InputError (exit code 2) "DIR: in use by PID … on HOST …"; a stale one (see
 * {@link staleReason}: a dead or reused PID, a reboot, an earlier run of the same SLURM task, a heartbeat older than
 * {@link LOCK_STALE_MS} on another host) is taken over. Storage errors (read-only, no space) are InputErrors naming
 * the lock file. The lock is released by `release()` and, at the latest, when the process exits. Independent of what
 * the directory holds: sweeps lock per shard ({@link acquireShardLock}), a training run can lock `train`.
 */
export function acquireResultsLock(dir: string, name: string, options: LockOptions = {}): HeldLock {
  const field = options.field ?? dir;
  const folder = join(dir, LOCKS_FOLDER);
  const path = join(folder, `${name}.lock`);
  onFile(folder, 'create the lock folder', () => mkdirSync(folder, { recursive: true }));
  removeLeftoverTempFiles(folder);
  for (let attempt = 0; attempt < 3; attempt++) {
    const owner = ownerOfThisProcess();
    if (createLockFile(path, owner)) return holdLock(path, owner, options.heartbeatMs ?? LOCK_HEARTBEAT_MS);
    const current = readOwner(path);
    const stale = staleReason(current, path, options);
    if (stale === null) {
      const minutes = Math.round((options.staleMs ?? LOCK_STALE_MS) / 60_000);
      const elsewhere = current !== null && current.host !== hostname();
      throw new InputError(
        field,
        `in use by ${describeOwner(current)}: it holds ${path}. Wait for it to finish` +
          (elsewhere
            ? `; if it no longer runs, the lock is taken over once its heartbeat is ${minutes} minutes old`
            : ' (or stop it)'),
      );
    }
    breakStaleLock(path, current, field);
  }
  throw new InputError(field, `could not take the lock ${path} (other processes keep replacing it)`);
}

/**
 * Creates the lock file with its complete content in one step, or returns false when it exists: the owner is written
 * to a temporary file that is then hard-linked to the lock path (atomic, and fails when the path exists, also over
 * NFS), so a lock file is never seen half-written. File systems without hard links fall back to an exclusive create.
 */
function createLockFile(path: string, owner: LockOwner): boolean {
  const text = `${JSON.stringify(owner)}\n`;
  const tmp = atomicTempPath(path);
  try {
    onFile(path, 'write the lock', () => {
      const fd = openSync(tmp, 'w');
      try {
        const bytes = Buffer.from(text, 'utf8');
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    });
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP')
      throw fileSystemError(e, path, 'create the lock');
    return createLockExclusively(path, text);
  } finally {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Storage gone read-only meanwhile: the temporary file is a leftover for the next session to remove.
    }
  }
}

/** The fallback of {@link createLockFile}: O_EXCL create, then write. */
function createLockExclusively(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileSystemError(e, path, 'create the lock');
  }
  try {
    onFile(path, 'write the lock', () => {
      writeSync(fd, text);
      fsyncSync(fd);
    });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
  return true;
}

function holdLock(path: string, owner: LockOwner, heartbeatMs: number): HeldLock {
  const timer = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(path, t, t);
    } catch {
      // The storage may be briefly unavailable; the next beat tries again.
    }
  }, heartbeatMs);
  timer.unref();
  let released = false;
  const lock: HeldLock = {
    path,
    owner,
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      held.delete(path);
      try {
        if (readOwner(path)?.token === owner.token) rmSync(path, { force: true });
      } catch {
        // Read-only or vanished storage: the lock file stays and is recognised as stale later.
      }
    },
  };
  held.set(path, lock);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const l of [...held.values()]) l.release();
    });
  }
  return lock;
}

/**
 * Removes the lock `name` of a results directory if it is stale (see {@link staleReason}): what a process killed after
 * its last write leaves. Best effort and silent: nothing happens when there is no such lock, it is live, or the
 * storage is read-only. Returns whether a lock was removed.
 */
export function removeStaleLock(dir: string, name: string): boolean {
  const path = join(dir, LOCKS_FOLDER, `${name}.lock`);
  try {
    statSync(path);
  } catch {
    return false;
  }
  try {
    const owner = readOwner(path);
    if (staleReason(owner, path) === null) return false;
    breakStaleLock(path, owner, dir);
    return true;
  } catch {
    return false;
  }
}

/** The lock name of a shard: `shard-<i>-of-<N>`. */
export function shardLockName(shard: Shard): string {
  return `shard-${shardTag(shard)}`;
}

/**
 * The exclusive lock of one shard of a sweep ({@link acquireResultsLock} with `shard-<i>-of-<N>`): two processes never
 * append to one shard log; different shards run at once into one directory.
 */
export function acquireShardLock(dir: string, shard: Shard, options: LockOptions = {}): HeldLock {
  return acquireResultsLock(dir, shardLockName(shard), options);
}

import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { onFile } from './fs-errors.js';

/** fsyncs a directory so a rename or a new file in it survives a crash (best effort where unsupported). */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the data itself is already synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Eight hex digits naming this host in temporary file names (a shared directory may be written from many hosts). */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/**
 * The temporary file {@link writeFileAtomic} writes `path` through: `.NAME.HOST-PID.tmp` in the same directory, with
 * {@link HOST_TAG} and the process id, so a later session can tell a leftover of a killed process from a write in
 * progress elsewhere.
 */
export function atomicTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${HOST_TAG}-${process.pid}.tmp`);
}

/** The host tag and PID of one of {@link writeFileAtomic}'s temporary files, or null for any other name. */
export function parseAtomicTempName(name: string): { host: string; pid: number } | null {
  const m = /^\..+\.([0-9a-f]{8})-(\d+)\.tmp$/.exec(name);
  return m ? { host: m[1], pid: Number(m[2]) } : null;
}

/**
 * Writes a file atomically: to a temporary file in the same directory, fsync, then rename over the target. A reader
 * (or a run killed midway) sees the old file or the new one, never a torn one. A failed write (ENOSPC, EROFS, …)
 * removes its temporary file and is an InputError naming the target (exit code 2).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  onFile(dir, 'create the directory', () => mkdirSync(dir, { recursive: true }));
  const tmp = atomicTempPath(path);
  try {
    onFile(path, 'write', () => {
      const fd = openSync(tmp, 'w');
      try {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    });
  } catch (error) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temporary file cannot be removed either (the storage went away); nothing more to do.
    }
    throw error;
  }
  fsyncDirectory(dir);
}

import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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

/** The temporary file {@link writeFileAtomic} writes `path` through: `.NAME.PID.tmp` in the same directory. */
export function atomicTempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Whether a file name is one of {@link writeFileAtomic}'s temporary files (of any process). */
export function isAtomicTempName(name: string): boolean {
  return /^\..+\.\d+\.tmp$/.test(name);
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

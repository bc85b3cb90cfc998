import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_TAG, parseAtomicTempName } from './atomic-write.js';

/** Age after which a temporary file written from another host is a leftover (a write takes milliseconds). */
const OTHER_HOST_AGE_MS = 3_600_000;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of atomic writes (`.NAME.HOST-PID.tmp`) that a killed or failed session left in
 * `folder`: on this host, those of processes that no longer run (and this process's own: its writes are synchronous,
 * so none is in progress); from another host, those older than an hour (that host's process cannot be asked). Returns
 * the removed paths. Best effort: a file that cannot be removed stays.
 */
export function removeLeftoverTempFiles(folder: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const temp = parseAtomicTempName(name);
    if (!temp) continue;
    const path = join(folder, name);
    try {
      const leftover =
        temp.host === HOST_TAG
          ? temp.pid === process.pid || !processExists(temp.pid)
          : now - statSync(path).mtimeMs > OTHER_HOST_AGE_MS;
      if (!leftover) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Gone meanwhile, or not removable (read-only storage): leave it.
    }
  }
  return removed;
}

import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isAtomicTempName } from './atomic-write.js';

/** Age after which a temporary file of a process that is not running here is a leftover (a write takes ms). */
const LEFTOVER_AGE_MS = 60_000;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of atomic writes (`.NAME.PID.tmp`) that a killed process left in `folder`: those whose
 * PID is not a running process here and that are older than a minute (so an in-flight write of another host's process
 * with the same PID is left alone). Returns the removed paths. Best effort: a file that cannot be removed stays.
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
    if (!isAtomicTempName(name)) continue;
    const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1]);
    const path = join(folder, name);
    try {
      if (pid === process.pid || processExists(pid)) continue;
      if (now - statSync(path).mtimeMs < LEFTOVER_AGE_MS) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Gone meanwhile, or not removable (read-only storage): leave it.
    }
  }
  return removed;
}

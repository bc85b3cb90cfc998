import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { fileSystemError } from './fs-errors.js';

/** The nearest existing ancestor of a path (the path itself when it exists). */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** Refuses a folder that cannot receive new files (read-only storage, permissions), naming `field`. */
function requireWritableFolder(folder: string, path: string, field: string): void {
  if (!statSync(folder).isDirectory()) throw new InputError(field, `${path}: ${folder} is a file, not a directory`);
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (e) {
    const why = fileSystemError(e, folder, 'write there');
    throw why instanceof InputError ? new InputError(field, `${path}: ${why.message}`) : why;
  }
}

/**
 * Checks, before any computation, that `path` can be written as a file: it is a regular file or does not exist yet
 * (a directory, a device such as /dev/null, a FIFO is refused — writing one atomically would replace it), and its
 * folder (or the nearest existing ancestor, for folders still to create) is writable. InputError on `field` (exit 2).
 */
export function checkOutputFile(path: string, field = '--out'): void {
  if (path.trim() === '') throw new InputError(field, 'must not be empty');
  if (existsSync(path)) {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError(field, `${path} is a directory; give a file name`);
    if (!stat.isFile())
      throw new InputError(field, `${path} is not a regular file (a device, FIFO or socket); give a file name`);
  }
  requireWritableFolder(nearestExisting(dirname(resolve(path))), path, field);
}

/**
 * Checks, before any computation, that `path` can be used as an output folder: a directory or not existing yet, and
 * writable (or its nearest existing ancestor). A file or device is refused. InputError on `field` (exit 2). For
 * report folders; results directories use `claimResultsDir`, which also refuses foreign non-empty directories.
 */
export function checkOutputDir(path: string, field = '--out'): void {
  if (path.trim() === '') throw new InputError(field, 'must not be empty');
  if (existsSync(path) && !statSync(path).isDirectory())
    throw new InputError(field, `${path} is not a directory; give a folder`);
  requireWritableFolder(nearestExisting(path), path, field);
}

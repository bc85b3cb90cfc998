import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseJsonText } from '../input/parse-json.js';

/** Errno codes that mean the environment (storage, permissions, paths), not gradcode, stopped a file operation. */
const ENVIRONMENT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a parent of it is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many symbolic links',
  EIO: 'an input/output error of the device',
  EFBIG: 'the file is too large for the file system',
  EMLINK: 'too many links',
  ENXIO: 'no such device',
};

/** Whether an error is a file-system error of the environment (see {@link fileSystemError}). */
export function isEnvironmentError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && Object.hasOwn(ENVIRONMENT, code);
}

/**
 * Turns a failed file operation into an error that names the file: an environment errno (ENOSPC, EROFS, EACCES, …)
 * becomes an InputError on `path` — exit code 2, "cannot write: no space left on the device (ENOSPC)" — and anything
 * else is returned unchanged (a bug: exit code 1).
 */
export function fileSystemError(error: unknown, path: string, action: string): unknown {
  if (!isEnvironmentError(error)) return error;
  return new InputError(path, `cannot ${action}: ${ENVIRONMENT[error.code!]} (${error.code})`);
}

/** Runs a file operation, rethrowing its error through {@link fileSystemError}. */
export function onFile<T>(path: string, action: string, operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    throw fileSystemError(error, path, action);
  }
}

/**
 * Reads and parses a JSON file of a results directory, or returns undefined when it does not exist (a file holding
 * `null` reads as null, so callers can refuse it). Malformed JSON is an
 * InputError naming the file (with line and column); a failed read goes through {@link fileSystemError}.
 */
export function readJsonIfPresent(path: string): unknown {
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw fileSystemError(e, path, 'read');
  }
  return parseJsonText(text, path);
}

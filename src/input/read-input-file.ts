import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { checkLimit, type LimitKey } from '../limits/limits.js';

/** How {@link readInputFile} names a file in its errors. */
export interface ReadInputOptions {
  /** Field of the InputError (a spec path such as `defaults.order`, a flag, or the file path itself). */
  readonly field: string;
  /** What the file is, e.g. `trace file`, `spec file`. */
  readonly what: string;
  /** The size limit (default `dataFileBytes`). */
  readonly limit?: Extract<LimitKey, 'specFileBytes' | 'dataFileBytes'>;
}

/** A reason for a failed open, in words. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a parent of it is not a directory';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ?? (e as Error).message;
  }
}

/**
 * Reads an input file named by the user (a spec, a code, order or trace file) as bytes, safely: only a regular file
 * is read (a directory, FIFO, socket or device such as /dev/zero is refused without reading — the file is opened
 * non-blocking, so a FIFO cannot hang the process), and at most the size limit is read (a file that is or grows
 * larger is refused). Every problem is an InputError on `options.field` that names the file.
 */
export function readInputBytes(path: string, options: ReadInputOptions): Buffer {
  const limit = options.limit ?? 'dataFileBytes';
  const name = options.field === path ? `cannot read the ${options.what}` : `cannot read ${options.what} ${path}`;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new InputError(options.field, `${name}: ${reason(e)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError(options.field, `${name}: it is a directory`);
    if (!stat.isFile())
      throw new InputError(options.field, `${name}: not a regular file (a FIFO, socket or device); give a file`);
    checkLimit(limit, stat.size, options.field, `the size of ${options.what} ${path} in bytes`);
    const max = Number(stat.size) + 1;
    const chunks: Buffer[] = [];
    let total = 0;
    // Read until end of file; a file that grows past the limit while read (or reports size 0, as in /proc) is refused.
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(max - total, 16 * 2 ** 20)));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new InputError(options.field, `${name}: ${reason(e)}`);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      checkLimit(limit, total, options.field, `the size of ${options.what} ${path} in bytes`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** {@link readInputBytes} decoded as UTF-8, without a leading byte-order mark. */
export function readInputFile(path: string, options: ReadInputOptions): string {
  const text = readInputBytes(path, options).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

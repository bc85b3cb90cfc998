import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDirectory } from './atomic-write.js';
import { onFile } from './fs-errors.js';

/** The complete lines of a JSON Lines file, and how many bytes of a torn last line follow them. */
export interface JsonlContent {
  /** Complete lines (each ended by `\n`), without the newline; blank lines skipped. */
  readonly lines: string[];
  /** `ends[k]`: byte offset just after line k's newline (truncating there keeps lines 0..k). */
  readonly ends: number[];
  /** Byte length up to and including the last `\n`. */
  readonly completeBytes: number;
  /** Bytes after the last `\n` (a line cut off by a kill); 0 when the file ends cleanly. */
  readonly tornBytes: number;
}

/** Reads a JSON Lines file, separating complete lines from a torn tail. A missing file reads as empty. */
export function readJsonl(path: string): JsonlContent {
  if (!existsSync(path)) return { lines: [], ends: [], completeBytes: 0, tornBytes: 0 };
  const bytes = readFileSync(path);
  const lines: string[] = [];
  const ends: number[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    const text = bytes.subarray(start, nl).toString('utf8');
    start = nl + 1;
    if (text.trim() === '') continue;
    lines.push(text);
    ends.push(start);
  }
  return { lines, ends, completeBytes: start, tornBytes: bytes.length - start };
}

/**
 * An append-only JSON Lines log with one fsync per appended line: once {@link AppendLog.append} returns, the line
 * survives a kill -9 or a crash. Opening cuts a torn last line (a write interrupted by a kill) off the file.
 */
export class AppendLog {
  private constructor(
    readonly path: string,
    private fd: number | null,
  ) {}

  /**
   * Opens (creating) the log at `path`, truncating it back to its last complete line; `keepBytes` (from
   * {@link readJsonl}) cuts further, e.g. to drop a last line that is complete but unparseable.
   */
  static open(path: string, keepBytes?: number): AppendLog {
    const created = !existsSync(path);
    const fd = onFile(path, 'open the log for appending', () => openSync(path, 'a+'));
    try {
      const content = readJsonl(path);
      const keep = Math.min(keepBytes ?? content.completeBytes, content.completeBytes);
      if (fstatSync(fd).size !== keep) {
        onFile(path, 'cut the torn end of the log', () => {
          ftruncateSync(fd, keep);
          fsyncSync(fd);
        });
      }
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    if (created) fsyncDirectory(dirname(path));
    return new AppendLog(path, fd);
  }

  /**
   * Appends one line (a newline is added) and fsyncs it. A failed write (ENOSPC, EIO, …) cuts the partial line back
   * off where the storage allows and is an InputError naming the log.
   */
  append(line: string): void {
    const fd = this.fd;
    if (fd === null) throw new Error(`internal error: append to closed log ${this.path}`);
    if (line.includes('\n')) throw new Error('internal error: a JSON Lines record must be one line');
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    const before = fstatSync(fd).size;
    try {
      onFile(this.path, 'append to the log', () => {
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        fsyncSync(fd);
      });
    } catch (error) {
      try {
        ftruncateSync(fd, before);
      } catch {
        // A torn line stays; the next session cuts it (open()).
      }
      throw error;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

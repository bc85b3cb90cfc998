import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Captures what native code (Dawn, the Vulkan loader) writes to the process's file descriptor 2 while a task runs.
 * Dawn prints its warnings with `fprintf(stderr, …)` from C++, which no JavaScript stream or Dawn option reaches;
 * Node has no `dup2`, so the descriptor is swapped by POSIX's lowest-free-descriptor rule: close 2, open a temporary
 * file (it becomes 2), run the task, close 2 and reopen the original destination through `/proc/self/fd/<saved>`
 * (`/dev/fd/<saved>` on macOS). Reopening makes a new open file description of the same terminal, pipe or file, so
 * it is done only where that is harmless:
 * - a terminal or other character device (`/dev/null`), and a pipe or FIFO (no file offset);
 * - a regular file opened for appending (Linux: the O_APPEND flag in `/proc/self/fdinfo/2`; macOS reopens the same
 *   description), since every writer then appends.
 * Anything else runs the task uncaptured: a file opened with `2>file` (not appending: a new description would write
 * from offset 0), a socket (Node's `child_process` gives children socket pairs, which cannot be reopened by path), and
 * Windows. The
 * window between closing and reopening 2 is microseconds, but another thread opening a file in it would take
 * descriptor 2: the swap is therefore opt-in for processes that control their threads (the CLI), never a library
 * default. Captures run one at a time.
 */

let chain: Promise<unknown> = Promise.resolve();
let captures = 0;

/** What a captured task returned and what was written to descriptor 2 meanwhile (`captured` false: not swapped). */
export interface NativeStderrCapture<T> {
  readonly value: T;
  readonly text: string;
  readonly captured: boolean;
}

/** `/proc/self/fd` or `/dev/fd` paths, or null on platforms where descriptors cannot be reopened by path. */
function descriptorPath(fd: number): string | null {
  if (process.platform === 'linux') return `/proc/self/fd/${fd}`;
  if (process.platform === 'darwin') return `/dev/fd/${fd}`;
  return null;
}

/** Whether descriptor 2 can be reopened without changing what other writers see (see the module comment). */
export function stderrReopenable(): boolean {
  if (descriptorPath(2) === null) return false;
  try {
    fstatSync(0);
    fstatSync(1); // 0 and 1 must be open, so the next open() returns 2
    const stat = fstatSync(2);
    if (stat.isCharacterDevice() || stat.isFIFO()) return true;
    if (!stat.isFile()) return false;
    if (process.platform === 'darwin') return true;
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync('/proc/self/fdinfo/2', 'utf8'))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & constants.O_APPEND) !== 0;
  } catch {
    return false;
  }
}

/**
 * Runs `task` with descriptor 2 pointed at a temporary file, then restores it and returns the file's text. Where the
 * swap is not safe ({@link stderrReopenable}) or any step of it fails, the task runs with descriptor 2 untouched
 * (`captured: false`). JavaScript writes to `process.stderr` during the task land in the capture too when stderr is
 * a pipe or a file (a terminal's stream writes through its own descriptor); callers print what they do not filter.
 */
export function captureNativeStderr<T>(task: () => Promise<T>): Promise<NativeStderrCapture<T>> {
  const run = chain.then(() => captureNow(task));
  chain = run.catch(() => undefined);
  return run;
}

async function captureNow<T>(task: () => Promise<T>): Promise<NativeStderrCapture<T>> {
  const swap = beginSwap();
  if (!swap) return { value: await task(), text: '', captured: false };
  let value: T;
  try {
    value = await task();
  } finally {
    swap.text = endSwap(swap);
  }
  return { value, text: swap.text, captured: true };
}

interface Swap {
  /** A second descriptor of the original destination, kept open to reopen it by path. */
  readonly saved: number;
  readonly restoreFlags: number;
  text: string;
}

function beginSwap(): Swap | null {
  if (!stderrReopenable()) return null;
  const path = descriptorPath(2)!;
  let saved = -1;
  try {
    // O_NONBLOCK: opening a pipe or FIFO for writing must not wait for a reader.
    saved = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  const file = join(tmpdir(), `gradcode-native-stderr-${process.pid}-${++captures}.log`);
  closeSync(2);
  let fd = -1;
  try {
    fd = openSync(file, 'wx+');
    unlinkSync(file);
  } catch {
    fd = -1;
  }
  if (fd !== 2) {
    // Descriptor 2 went elsewhere (another thread) or nothing could be opened: put the original back if 2 is free.
    if (fd >= 0) closeSync(fd);
    reopenOriginal(saved, constants.O_WRONLY | constants.O_APPEND);
    closeSync(saved);
    return null;
  }
  return { saved, restoreFlags: constants.O_WRONLY | constants.O_APPEND, text: '' };
}

/** Reads the capture (descriptor 2), closes it and reopens the original destination as descriptor 2. */
function endSwap(swap: Swap): string {
  let text = '';
  try {
    const size = fstatSync(2).size;
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(2, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    text = buffer.subarray(0, read).toString('utf8');
  } catch {
    text = '';
  }
  closeSync(2);
  reopenOriginal(swap.saved, swap.restoreFlags);
  closeSync(swap.saved);
  return text;
}

/**
 * Reopens the saved destination so that it becomes descriptor 2 (blocking, as Node's stdio expects); when that is
 * impossible (a pipe whose reader has gone), `/dev/null` takes descriptor 2 so no later open lands there.
 */
function reopenOriginal(saved: number, flags: number): void {
  const path = descriptorPath(saved)!;
  const expectTwo = (fd: number) => {
    if (fd !== 2) closeSync(fd); // descriptor 2 was taken meanwhile: do not leak a second one
  };
  try {
    // Probe without blocking first: a pipe with no reader left would block a plain open forever.
    closeSync(openSync(path, flags | constants.O_NONBLOCK | constants.O_NOCTTY));
    expectTwo(openSync(path, flags | constants.O_NOCTTY));
  } catch {
    try {
      expectTwo(openSync('/dev/null', 'a'));
    } catch {
      // nothing else can be done; descriptor 2 stays closed
    }
  }
}

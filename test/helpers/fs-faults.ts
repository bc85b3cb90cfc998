import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';

/**
 * An in-process file-system fault hook for tests (issue 15): `vi.mock('node:fs', …)` with {@link faultyFs} makes
 * every module under test see these functions. Modes:
 * - `off`: the real file system;
 * - `erofs` / `eacces`: every call that would change the file system fails with EROFS / EACCES (reads work);
 * - `enospc`: writes succeed until `budget` bytes have been written, then fail with ENOSPC (the write that crosses
 *   the budget writes its first part, as a full disk does);
 * - `kill`: the `killAt`-th change (0-based) happens only in part — a write writes its first half — and throws
 *   {@link SimulatedKill}; from then on every change fails without any effect, so no cleanup code can touch the disk:
 *   the files are left exactly as a `kill -9` at that moment would leave them.
 * `changes` counts the changes attempted (in any mode), to enumerate every moment of a run.
 */
type FaultMode = 'off' | 'erofs' | 'eacces' | 'enospc' | 'kill';

export const faults = {
  mode: 'off' as FaultMode,
  budget: 0,
  killAt: 0,
  changes: 0,
  dead: false,
  reset(mode: FaultMode = 'off', options: { budget?: number; killAt?: number } = {}) {
    faults.mode = mode;
    faults.budget = options.budget ?? 0;
    faults.killAt = options.killAt ?? 0;
    faults.changes = 0;
    faults.dead = false;
  },
};

/** What a simulated `kill -9` throws. */
export class SimulatedKill extends Error {
  constructor() {
    super('simulated kill -9');
  }
}

function errno(code: string, syscall: string, path?: unknown): NodeJS.ErrnoException {
  const e = new Error(`${code}: simulated, ${syscall}${path ? ` '${String(path)}'` : ''}`) as NodeJS.ErrnoException;
  e.code = code;
  e.syscall = syscall;
  if (typeof path === 'string') e.path = path;
  return e;
}

/**
 * Decides the fate of one change: throws (EROFS, EACCES, a dead process), or returns how many of `bytes` may be
 * written (all, or a part before ENOSPC / the simulated kill), with `fail` to throw after that part.
 */
function change(syscall: string, path?: unknown, bytes = 0): { allowed: number; fail: (() => never) | null } {
  if (faults.mode === 'off') return { allowed: bytes, fail: null };
  const k = faults.changes++;
  if (faults.dead) throw new SimulatedKill();
  if (faults.mode === 'erofs') throw errno('EROFS', syscall, path);
  if (faults.mode === 'eacces') throw errno('EACCES', syscall, path);
  if (faults.mode === 'kill' && k === faults.killAt) {
    faults.dead = true;
    const killed = () => {
      throw new SimulatedKill();
    };
    if (bytes === 0) killed();
    return { allowed: Math.floor(bytes / 2), fail: killed };
  }
  if (faults.mode === 'enospc' && bytes > 0) {
    const left = Math.max(0, faults.budget);
    faults.budget -= bytes;
    if (bytes > left)
      return {
        allowed: left,
        fail: () => {
          throw errno('ENOSPC', syscall, path);
        },
      };
  }
  return { allowed: bytes, fail: null };
}

/** Open flags that create, truncate or append. */
function writes(flags: unknown): boolean {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & 0o3) !== 0 || (flags & 0o100) !== 0;
  return /[wa+]/.test(String(flags));
}

/** The `node:fs` module with the fault hook wrapped around every call that changes the file system. */
export function faultyFs(fs: typeof Fs): typeof Fs {
  const wrapped = {
    ...fs,
    openSync: ((path: Fs.PathLike, flags?: Fs.OpenMode, mode?: Fs.Mode) => {
      if (writes(flags)) change('open', path);
      return fs.openSync(path, flags as Fs.OpenMode, mode);
    }) as typeof fs.openSync,
    writeSync: ((fd: number, buffer: NodeJS.ArrayBufferView | string, ...rest: unknown[]) => {
      if (typeof buffer === 'string') {
        const { allowed, fail } = change('write', undefined, Buffer.byteLength(buffer));
        const bytes = Buffer.from(buffer).subarray(0, allowed);
        const n = allowed > 0 ? fs.writeSync(fd, bytes) : 0;
        fail?.();
        return n;
      }
      const offset = (rest[0] as number | undefined) ?? 0;
      const length = (rest[1] as number | undefined) ?? buffer.byteLength - offset;
      const { allowed, fail } = change('write', undefined, length);
      const n = allowed > 0 ? fs.writeSync(fd, buffer, offset, allowed, rest[2] as number | null | undefined) : 0;
      fail?.();
      return n;
    }) as typeof fs.writeSync,
    writeFileSync: ((path: Fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options?: unknown) => {
      const bytes =
        typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const { allowed, fail } = change('write', path, bytes.length);
      fs.writeFileSync(path, bytes.subarray(0, allowed), options as Fs.WriteFileOptions);
      fail?.();
    }) as typeof fs.writeFileSync,
    appendFileSync: ((path: Fs.PathOrFileDescriptor, data: string | Uint8Array, options?: unknown) => {
      const bytes = Buffer.from(data);
      const { allowed, fail } = change('write', path, bytes.length);
      fs.appendFileSync(path, bytes.subarray(0, allowed), options as Fs.WriteFileOptions);
      fail?.();
    }) as typeof fs.appendFileSync,
    accessSync: ((path: Fs.PathLike, mode?: number) => {
      // Read-only storage and missing permissions show in access(W_OK) too.
      if (mode !== undefined && (mode & fs.constants.W_OK) !== 0) {
        if (faults.mode === 'erofs') throw errno('EROFS', 'access', path);
        if (faults.mode === 'eacces') throw errno('EACCES', 'access', path);
      }
      return fs.accessSync(path, mode);
    }) as typeof fs.accessSync,
  } as typeof Fs;
  const simple = [
    'renameSync',
    'mkdirSync',
    'rmSync',
    'rmdirSync',
    'unlinkSync',
    'ftruncateSync',
    'truncateSync',
    'utimesSync',
    'futimesSync',
    'copyFileSync',
    'chmodSync',
    'symlinkSync',
    'linkSync',
    'fsyncSync',
  ] as const;
  for (const name of simple) {
    const original = fs[name] as (...args: unknown[]) => unknown;
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      // fsync changes nothing a reader sees, but a dead process cannot call it either.
      if (name === 'fsyncSync') {
        if (faults.mode !== 'off' && faults.dead) throw new SimulatedKill();
      } else change(name.replace(/Sync$/, ''), args[0]);
      return original(...args);
    };
  }
  return { ...wrapped, default: wrapped } as typeof Fs;
}

/** `node:fs/promises` with the same hook on writeFile, mkdir and rename. */
export function faultyFsPromises(fsp: typeof FsPromises): typeof FsPromises {
  const wrapped = {
    ...fsp,
    writeFile: (async (path: Fs.PathLike, data: string | Uint8Array, options?: unknown) => {
      const bytes = Buffer.from(data);
      const { allowed, fail } = change('write', path, bytes.length);
      await fsp.writeFile(path, bytes.subarray(0, allowed), options as Fs.WriteFileOptions);
      fail?.();
    }) as typeof fsp.writeFile,
    mkdir: (async (path: Fs.PathLike, options?: unknown) => {
      change('mkdir', path);
      return fsp.mkdir(path, options as Fs.MakeDirectoryOptions);
    }) as typeof fsp.mkdir,
    rename: (async (from: Fs.PathLike, to: Fs.PathLike) => {
      change('rename', from);
      return fsp.rename(from, to);
    }) as typeof fsp.rename,
  } as typeof FsPromises;
  return { ...wrapped, default: wrapped } as typeof FsPromises;
}

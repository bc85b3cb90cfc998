import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readInputBytes } from '../input/read-input-file.js';
import { writeFileAtomic } from './atomic-write.js';
import { readJsonIfPresent } from './fs-errors.js';

/**
 * Everything a results directory's numbers depend on besides its spec, pinned before the first trial (issue 15,
 * items 3 and 7): the backend that computes them (kind, precision, device) and the contents of every file the spec
 * refers to (traces, orders, code matrices). Later sessions — `resume`, other shards, `merge` — use the pinned backend
 * and refuse a different one or a changed file, so one directory never mixes f32 and f64 rows or two versions of a
 * trace. Independent of trial cells: a training run pins its backend and files the same way.
 */
export const PINS_FILE = 'pins.json';

/** Format tag of {@link PINS_FILE}. */
export const PINS_FORMAT = 'gradcode-pins/1';

/** The backend results were computed on. */
export interface PinnedBackend {
  readonly kind: 'webgpu' | 'cpu';
  /** f32 (WGSL) or f64 (the CPU twin). */
  readonly precision: 'f32' | 'f64';
  /** The device for WebGPU (the adapter's one-line description); null for the CPU twin, whose results do not depend
   * on the machine. */
  readonly device: string | null;
  /** The `--adapter` given to the first session (resume asks for it again), or null. */
  readonly adapter: string | null;
}

/** A referenced file and its content hash. */
export interface PinnedFile {
  /** Absolute path. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Spec fields that name it, e.g. `cells[0].stragglers.trace.file`. */
  readonly fields: readonly string[];
}

/** Contents of {@link PINS_FILE}. */
export interface Pins {
  readonly format: typeof PINS_FORMAT;
  readonly backend: PinnedBackend;
  readonly files: readonly PinnedFile[];
}

/** A file a result depends on, as the caller found it in its spec. */
export interface ReferencedFile {
  readonly path: string;
  readonly field: string;
}

/** The pinned backend of a backend kind and device description. */
export function pinnedBackendOf(
  kind: 'webgpu' | 'cpu',
  description: string,
  adapter: string | null = null,
): PinnedBackend {
  return kind === 'cpu'
    ? { kind, precision: 'f64', device: null, adapter: null }
    : { kind, precision: 'f32', device: description, adapter };
}

/** One line naming a pinned backend: `cpu (f64)`, `webgpu (f32) on "llvmpipe …"`. */
export function formatPinnedBackend(b: PinnedBackend): string {
  return `${b.kind} (${b.precision})${b.device ? ` on "${b.device}"` : ''}`;
}

/** Whether two pinned backends give the same numbers (same kind and precision, and the same GPU device). */
export function sameBackend(a: PinnedBackend, b: PinnedBackend): boolean {
  return a.kind === b.kind && a.precision === b.precision && (a.kind === 'cpu' || a.device === b.device);
}

/** SHA-256 of a file's content (a regular file within limits.dataFileBytes; InputError on `field` otherwise). */
export function hashFile(path: string, field: string): { sha256: string; bytes: number } {
  const bytes = readInputBytes(path, { field, what: 'referenced file' });
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/** Fields recorded per pinned file (a file named by every cell of a large sweep is listed with its first few). */
const MAX_FIELDS = 4;

/** Hashes the referenced files (one entry per distinct path, naming the first fields that refer to it). */
export function pinFiles(files: readonly ReferencedFile[]): PinnedFile[] {
  const byPath = new Map<string, Set<string>>();
  for (const f of files) {
    const path = resolve(f.path);
    const fields = byPath.get(path) ?? new Set<string>();
    if (fields.size < MAX_FIELDS) fields.add(f.field);
    byPath.set(path, fields);
  }
  return [...byPath]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, fields]) => ({ path, ...hashFile(path, [...fields][0]), fields: [...fields] }));
}

/** Reads `DIR/pins.json`, or null when the directory has none (results of an older gradcode). */
export function readPins(dir: string): Pins | null {
  const path = join(dir, PINS_FILE);
  const value = readJsonIfPresent(path);
  if (value === undefined) return null;
  const pins = value as Partial<Pins> | null;
  if (
    pins?.format !== PINS_FORMAT ||
    !pins.backend ||
    (pins.backend.kind !== 'cpu' && pins.backend.kind !== 'webgpu') ||
    !Array.isArray(pins.files)
  )
    throw new InputError(path, `not a ${PINS_FORMAT} file`);
  return pins as Pins;
}

/**
 * Checks that every pinned file still has its pinned content: a changed, missing or unreadable file is an InputError
 * naming the file and the spec field that refers to it (results computed from two versions of a file never mix).
 */
export function verifyPinnedFiles(pins: Pins, dir: string): void {
  for (const file of pins.files) {
    const field = file.fields[0] ?? file.path;
    const now = hashFile(file.path, field);
    if (now.sha256 !== file.sha256)
      throw new InputError(
        field,
        `${file.path} changed since the results in ${dir} were started (sha256 ${file.sha256.slice(0, 12)}… then, ` +
          `${now.sha256.slice(0, 12)}… now); restore it, or start a new results directory`,
      );
  }
}

/**
 * Refuses a backend that differs from the pinned one (kind, precision, or the GPU device) unless `allowMixed`:
 * InputError on `field` naming both.
 */
export function checkPinnedBackend(
  pins: Pins,
  actual: PinnedBackend,
  dir: string,
  options: { allowMixed?: boolean; field?: string } = {},
): void {
  if (options.allowMixed || sameBackend(pins.backend, actual)) return;
  throw new InputError(
    options.field ?? '--backend',
    `${dir} is pinned to ${formatPinnedBackend(pins.backend)}, but this session would run on ` +
      `${formatPinnedBackend(actual)}: results of different backends or devices would mix. Run where the pinned ` +
      'backend is available, start a new results directory, or pass --allow-mixed-backends',
  );
}

/**
 * The `--backend`/`--adapter` a session should open in a directory with these pins: the pinned kind (and adapter)
 * when the user asked for `auto` or nothing; what the user asked otherwise. An explicit backend of another kind than
 * the pinned one is refused here, before any device is opened (unless `allowMixed`); the device itself is checked
 * once opened (`pinInputs`).
 */
export function backendRequestFromPins(
  pins: Pins | null,
  requested: { backend?: string; adapter?: string },
  options: { allowMixed?: boolean; dir?: string } = {},
): { backend: string; adapter: string | undefined } {
  const choice = requested.backend?.trim().toLowerCase();
  const auto = choice === undefined || choice === 'auto';
  if (pins && !auto && !options.allowMixed && choice !== pins.backend.kind && (choice === 'cpu' || choice === 'webgpu'))
    throw new InputError(
      '--backend',
      `${options.dir ?? 'the results directory'} is pinned to ${formatPinnedBackend(pins.backend)}; --backend ` +
        `${choice} would mix backends. Leave --backend out (the pinned one is used), start a new results directory, ` +
        'or pass --allow-mixed-backends',
    );
  if (!pins || !auto || requested.adapter !== undefined)
    return { backend: requested.backend ?? 'auto', adapter: requested.adapter };
  return { backend: pins.backend.kind, adapter: pins.backend.adapter ?? undefined };
}

/**
 * Pins a results directory's inputs, or checks them against the existing pins: on first use writes `DIR/pins.json`
 * (atomically) with the backend and the hashes of `files`; later, checks that every pinned file is unchanged, that
 * `files` names no file the pins lack, and that `backend` matches the pinned one (unless `allowMixedBackends`).
 * Call it after the backend is open and before the first result is computed. Returns the pins in force.
 */
export function pinInputs(
  dir: string,
  inputs: { readonly backend: PinnedBackend; readonly files: readonly ReferencedFile[] },
  options: { allowMixedBackends?: boolean } = {},
): Pins {
  const existing = readPins(dir);
  if (!existing) {
    const pins: Pins = { format: PINS_FORMAT, backend: inputs.backend, files: pinFiles(inputs.files) };
    writeFileAtomic(join(dir, PINS_FILE), `${JSON.stringify(pins, null, 2)}\n`);
    return pins;
  }
  verifyPinnedFiles(existing, dir);
  const pinned = new Set(existing.files.map((f) => f.path));
  const extra = inputs.files.find((f) => !pinned.has(resolve(f.path)));
  if (extra)
    throw new InputError(extra.field, `${extra.path} is not among the files pinned in ${join(dir, PINS_FILE)}`);
  checkPinnedBackend(existing, inputs.backend, dir, { allowMixed: options.allowMixedBackends });
  return existing;
}

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from '../../flags.js';
import { type DeviceIdentity, identityKey, sameHardware } from './device-identity.js';

/**
 * The calibration of `--backend auto`, kept on disk (`calibration.json` in gradcode's cache folder,
 * GRADCODE_CACHE_DIR): per device (the CPU backend, each WebGPU adapter — see {@link DeviceIdentity}) what its kernel
 * families measured, and per driver shader cache which pipelines it holds. Every number is a measurement with the
 * time it was taken; nothing here is a default.
 */

/** What one kernel family measured on one device. */
export interface FamilyMeasurement {
  /** The measured work: kernel, shape and item count (e.g. `trials partial N=100 nnz=1000 grid 0`). */
  readonly probe: string;
  /** Work items of the timed steady-state run, and its seconds. */
  readonly items: number;
  readonly seconds: number;
  /**
   * Seconds per unit of nominal work (`kernel.cpu.nanosPerItem` × items, in ns) of the steady-state run: the
   * factor that turns any params' nominal work into this device's seconds.
   */
  readonly secondsPerWork: number;
  /** Seconds of one more `backend.run` call beyond its work (submission and read-back, or worker tasks). */
  readonly callSeconds: number;
  /** CPU backend: {@link secondsPerWork} of a run small enough to stay on the calling thread. */
  readonly inlineSecondsPerWork?: number;
  /** WebGPU: seconds to compile the family's pipeline, with the driver's shader cache cold and warm. */
  readonly compileColdSeconds?: number;
  readonly compileWarmSeconds?: number;
  /** ISO time of the measurement. */
  readonly measuredAt: string;
}

/** Everything measured on one device. */
export interface DeviceCalibration {
  readonly identity: DeviceIdentity;
  /** Seconds to make the device usable (CPU: start the worker threads; WebGPU: open the device), and when measured. */
  startSeconds?: number;
  startMeasuredAt?: string;
  readonly families: Record<string, FamilyMeasurement>;
  /** Per driver shader cache ({@link driverCacheIdentity}): pipeline hashes compiled into it, with the time. */
  readonly compiled: Record<string, Record<string, string>>;
}

interface StoreFile {
  readonly schema: 1;
  readonly devices: Record<string, DeviceCalibration>;
}

/** The calibration file: `calibration.json` in {@link cacheDir}. */
export function calibrationPath(): string {
  return join(cacheDir(), 'calibration.json');
}

/** Largest calibration file read (a real one is tens of KiB); anything larger is not gradcode's. */
export const CALIBRATION_FILE_MAX_BYTES = 4 * 2 ** 20;

const finiteAtLeastZero = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A family measurement as the cost model needs it (finite, non-negative rates and times, a date). */
function validMeasurement(m: unknown): m is FamilyMeasurement {
  if (!m || typeof m !== 'object') return false;
  const f = m as Record<string, unknown>;
  return (
    finiteAtLeastZero(f.items) &&
    finiteAtLeastZero(f.seconds) &&
    finiteAtLeastZero(f.secondsPerWork) &&
    finiteAtLeastZero(f.callSeconds) &&
    typeof f.measuredAt === 'string' &&
    ['inlineSecondsPerWork', 'compileColdSeconds', 'compileWarmSeconds'].every(
      (k) => f[k] === undefined || finiteAtLeastZero(f[k]),
    )
  );
}

/** A stored device entry with its invalid parts dropped, or null when its identity is unusable. */
function validDevice(d: unknown): DeviceCalibration | null {
  if (!d || typeof d !== 'object') return null;
  const device = d as Partial<DeviceCalibration>;
  const id = device.identity as Partial<DeviceIdentity> | undefined;
  if (!id || typeof id !== 'object' || typeof id.kind !== 'string' || typeof id.cpu !== 'string') return null;
  const families: Record<string, FamilyMeasurement> = {};
  for (const [name, m] of Object.entries(device.families ?? {})) if (validMeasurement(m)) families[name] = m;
  const compiled: Record<string, Record<string, string>> = {};
  for (const [cache, hashes] of Object.entries(device.compiled ?? {}))
    if (hashes && typeof hashes === 'object') compiled[cache] = hashes;
  const start = finiteAtLeastZero(device.startSeconds) && typeof device.startMeasuredAt === 'string';
  return {
    identity: id as DeviceIdentity,
    ...(start ? { startSeconds: device.startSeconds, startMeasuredAt: device.startMeasuredAt } : {}),
    families,
    compiled,
  };
}

/**
 * Reads the calibration file. Missing: empty. Not a regular file, larger than {@link CALIBRATION_FILE_MAX_BYTES} or
 * not gradcode's format: empty and `foreign` (a save must not replace it blindly). Invalid entries are dropped, so a
 * damaged measurement is measured again instead of predicting NaN.
 */
function readStore(path: string): { file: StoreFile; foreign: boolean } {
  const empty: StoreFile = { schema: 1, devices: {} };
  if (!existsSync(path)) return { file: empty, foreign: false };
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > CALIBRATION_FILE_MAX_BYTES) return { file: empty, foreign: true };
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoreFile>;
    if (parsed?.schema !== 1 || !parsed.devices || typeof parsed.devices !== 'object')
      return { file: empty, foreign: true };
    const devices: Record<string, DeviceCalibration> = {};
    for (const [key, d] of Object.entries(parsed.devices)) {
      const device = validDevice(d);
      if (device) devices[key] = device;
    }
    return { file: { schema: 1, devices }, foreign: false };
  } catch {
    return { file: empty, foreign: true };
  }
}

/**
 * The calibration of one device, read from disk; changes are written back with {@link CalibrationStore.save}, merged
 * into what other processes wrote meanwhile (per family, the newer measurement wins). A missing or damaged file is an
 * empty calibration; a save moves a damaged or foreign file aside (`calibration.json.unreadable-<time>`) and never
 * touches one that is not a regular file. Entries of the same hardware under an older version, driver or gradcode
 * are dropped on save.
 */
export class CalibrationStore {
  readonly key: string;
  readonly device: DeviceCalibration;

  private constructor(
    readonly path: string,
    identity: DeviceIdentity,
    stored: DeviceCalibration | undefined,
  ) {
    this.key = identityKey(identity);
    this.device = stored
      ? { ...stored, identity, families: { ...stored.families }, compiled: { ...stored.compiled } }
      : { identity, families: {}, compiled: {} };
  }

  /** The device's calibration as stored at `path` (default {@link calibrationPath}). */
  static open(identity: DeviceIdentity, path = calibrationPath()): CalibrationStore {
    const stored = readStore(path).file.devices[identityKey(identity)];
    return new CalibrationStore(path, identity, stored);
  }

  /** The family's measurement, if any. */
  family(name: string): FamilyMeasurement | undefined {
    return this.device.families[name];
  }

  /** Records a family's measurement. */
  setFamily(name: string, measurement: FamilyMeasurement): void {
    this.device.families[name] = measurement;
  }

  /** Records the device's start-up time. */
  setStart(seconds: number, measuredAt: string): void {
    this.device.startSeconds = seconds;
    this.device.startMeasuredAt = measuredAt;
  }

  /** Whether the driver cache `cache` holds the pipeline `hash` (compiled through gradcode before). */
  holdsPipeline(cache: string, hash: string): boolean {
    return this.device.compiled[cache]?.[hash] !== undefined;
  }

  /** Records that `hash` was compiled into the driver cache `cache`. */
  addPipeline(cache: string, hash: string, when: string): void {
    this.device.compiled[cache] = { ...this.device.compiled[cache], [hash]: when };
  }

  /**
   * Writes the device's calibration back (atomically: a temporary file renamed over the old one), merged with the
   * file's current contents. A cache that cannot be written (read-only home, full disk) is not an error: the
   * measurements are simply taken again next time.
   */
  save(): boolean {
    try {
      const { file: store, foreign } = readStore(this.path);
      if (foreign) {
        // Not gradcode's calibration (or damaged): keep it aside rather than overwrite it; not a regular file: leave it.
        if (!statSync(this.path).isFile()) return false;
        renameSync(this.path, `${this.path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '')}`);
      }
      const mine = this.device;
      const theirs = store.devices[this.key];
      const families = { ...theirs?.families };
      for (const [name, m] of Object.entries(mine.families)) {
        const other = families[name];
        if (!other || other.measuredAt <= m.measuredAt) families[name] = m;
      }
      const compiled: Record<string, Record<string, string>> = { ...theirs?.compiled };
      for (const [cache, hashes] of Object.entries(mine.compiled)) compiled[cache] = { ...compiled[cache], ...hashes };
      const newerStart = !theirs?.startMeasuredAt || (mine.startMeasuredAt ?? '') >= theirs.startMeasuredAt;
      const devices: Record<string, DeviceCalibration> = {};
      for (const [key, device] of Object.entries(store.devices)) {
        if (key !== this.key && !sameHardware(device.identity, mine.identity)) devices[key] = device;
      }
      devices[this.key] = {
        identity: mine.identity,
        startSeconds: newerStart ? mine.startSeconds : theirs?.startSeconds,
        startMeasuredAt: newerStart ? mine.startMeasuredAt : theirs?.startMeasuredAt,
        families,
        compiled,
      };
      mkdirSync(dirname(this.path), { recursive: true });
      const temp = `${this.path}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`;
      try {
        writeFileSync(temp, `${JSON.stringify({ schema: 1, devices } satisfies StoreFile, null, 1)}\n`);
        renameSync(temp, this.path);
      } finally {
        rmSync(temp, { force: true });
      }
      return true;
    } catch {
      return false;
    }
  }
}

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

function readStore(path: string): StoreFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoreFile>;
    if (parsed && parsed.schema === 1 && parsed.devices && typeof parsed.devices === 'object')
      return { schema: 1, devices: parsed.devices };
  } catch {
    // missing or damaged: a calibration is a cache, measured again when needed
  }
  return { schema: 1, devices: {} };
}

/**
 * The calibration of one device, read from disk; changes are written back with {@link CalibrationStore.save}, merged
 * into what other processes wrote meanwhile (per family, the newer measurement wins). A missing or damaged file is an
 * empty calibration. Entries of the same hardware under an older version, driver or gradcode are dropped on save.
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
      ? { ...stored, families: { ...stored.families }, compiled: { ...stored.compiled } }
      : { identity, families: {}, compiled: {} };
  }

  /** The device's calibration as stored at `path` (default {@link calibrationPath}). */
  static open(identity: DeviceIdentity, path = calibrationPath()): CalibrationStore {
    const stored = readStore(path).devices[identityKey(identity)];
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
      const store = readStore(this.path);
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

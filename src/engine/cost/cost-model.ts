import type { BackendKind } from '../backend.js';
import { INLINE_BELOW_MS } from '../cpu/cpu-backend.js';
import type { DeviceCalibration, FamilyMeasurement } from './calibration-store.js';
import type { WorkUnit } from './work-unit.js';

/**
 * The cost model of `--backend auto` and of the progress ETA: a workload's seconds on one device, from that device's
 * calibration (src/engine/cost/calibration-store.ts).
 *
 * Per unit u of family f on device D (all factors measured on D for f):
 *   compute(u) = items · nominalNs · secondsPerWork(D, f) + calls · callSeconds(D, f)
 * where the CPU backend uses its one-thread factor for calls too small for its worker pool (the CPU backend's own
 * rule, INLINE_BELOW_MS of nominal work); plus, on WebGPU, the compile time of every pipeline at its first use:
 * warm when the driver's shader cache holds it (compiled through gradcode before, into the same cache), cold
 * otherwise; plus the device's start-up once.
 */

/** A workload's predicted seconds on one device. */
export interface DevicePrediction {
  readonly kind: BackendKind;
  /** Total predicted seconds: start-up + compile + compute. */
  readonly seconds: number;
  readonly startSeconds: number;
  readonly compileSeconds: number;
  /** Pipelines compiled with a cold and with a warm driver cache. */
  readonly pipelinesCold: number;
  readonly pipelinesWarm: number;
  /** Seconds per unit, in order (compile time at a pipeline's first use included). */
  readonly perUnit: readonly number[];
  /** What the calibration lacks (families, compile times, start-up); the prediction is not usable when non-empty. */
  readonly missing: readonly string[];
}

/**
 * What compiling a pipeline (by hash) costs now: nothing (`ready`: compiled in this process already), a warm or a cold
 * compile (the driver's shader cache holds it, or not).
 */
export type PipelineState = (hash: string) => 'ready' | 'warm' | 'cold';

/** Seconds of one unit's compute on a device with its family's measurement. */
export function computeSeconds(kind: BackendKind, unit: WorkUnit, m: FamilyMeasurement): number {
  const calls = Math.max(1, unit.calls[kind]);
  const work = unit.items * unit.nominalNs;
  if (kind === 'cpu' && m.inlineSecondsPerWork !== undefined) {
    const perCallMs = work / calls / 1e6;
    if (perCallMs < INLINE_BELOW_MS) return work * m.inlineSecondsPerWork;
  }
  return work * m.secondsPerWork + calls * m.callSeconds;
}

/**
 * Predicts a workload on one device. `pipelines` says what each pipeline's compile costs (WebGPU; ignored for the
 * CPU backend); `started`: the device is up already (no start-up). Missing measurements are listed in `missing` and
 * count as zero seconds.
 */
export function predictDevice(
  device: DeviceCalibration,
  kind: BackendKind,
  units: readonly WorkUnit[],
  options: { readonly pipelines?: PipelineState; readonly started?: boolean } = {},
): DevicePrediction {
  const state = options.pipelines ?? (() => 'cold');
  const missing = new Set<string>();
  if (device.startSeconds === undefined && !options.started) missing.add('start-up');
  const seen = new Set<string>();
  let compile = 0;
  let cold = 0;
  let hot = 0;
  const perUnit = units.map((unit) => {
    const m = device.families[unit.family];
    if (!m) {
      missing.add(unit.family);
      return 0;
    }
    let seconds = computeSeconds(kind, unit, m);
    if (kind === 'webgpu') {
      for (const hash of unit.pipelines) {
        if (seen.has(hash)) continue;
        seen.add(hash);
        const now = state(hash);
        if (now === 'ready') continue;
        const isWarm = now === 'warm';
        const c = isWarm ? (m.compileWarmSeconds ?? m.compileColdSeconds) : m.compileColdSeconds;
        if (c === undefined) {
          missing.add(`${unit.family} compile (${isWarm ? 'warm' : 'cold'})`);
          continue;
        }
        if (isWarm) hot++;
        else cold++;
        compile += c;
        seconds += c;
      }
    }
    return seconds;
  });
  const start = options.started ? 0 : (device.startSeconds ?? 0);
  const total = start + perUnit.reduce((s, x) => s + x, 0);
  return {
    kind,
    seconds: total,
    startSeconds: start,
    compileSeconds: compile,
    pipelinesCold: cold,
    pipelinesWarm: hot,
    perUnit,
    missing: [...missing],
  };
}

/** `12.3 s`, `850 ms`, `42 min` for messages. */
export function formatSeconds(seconds: number): string {
  // Each unit's range is checked after rounding: 0.9996 s reads 1.0 s (not 1000 ms), 99.96 s 1.7 min (not 100 s).
  if (Math.round(seconds * 1000) < 1000) return `${Math.round(seconds * 1000)} ms`;
  const s = Number(seconds.toPrecision(seconds < 10 ? 2 : 3));
  if (s < 100) return `${s.toPrecision(s < 10 ? 2 : 3)} s`;
  const min = seconds / 60;
  if (Number(min.toPrecision(2)) < 100) return `${min < 10 ? min.toFixed(1) : Math.round(min)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

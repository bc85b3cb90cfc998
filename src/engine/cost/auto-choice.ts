import type { Backend } from '../backend.js';
import { CpuBackend, type CpuBackendOptions } from '../cpu/cpu-backend.js';
import type { AdapterReport } from '../webgpu/adapters.js';
import type { WebGpuBackend } from '../webgpu/webgpu-backend.js';
import { CalibrationStore, type DeviceCalibration } from './calibration-store.js';
import { type DevicePrediction, formatSeconds, type PipelineState, predictDevice } from './cost-model.js';
import { adapterIdentity, cpuIdentity } from './device-identity.js';
import { driverCacheDisabled, driverCacheIdentity } from './driver-cache.js';
import { measureCpu, measureCpuStart, measureGpu, measureGpuStart } from './measure.js';
import { pipelineHash, type WorkUnit } from './work-unit.js';

/**
 * `--backend auto` for a known workload: the backend the measured cost model predicts faster, per sweep (a results
 * directory is pinned to one backend, since f32 and f64 results must not mix — so not per cell).
 *
 * 1. The CPU backend's families that the workload uses and the calibration lacks are measured now, on the workload's
 *    own units (tens to hundreds of milliseconds each, once per machine).
 * 2. An adapter whose calibration lacks something the workload needs is measured now only when the run is long
 *    enough for that to pay: a software adapter (lavapipe) compiles a trial pipeline for seconds with a cold driver
 *    cache, so only when the run is predicted at ≥ {@link SOFTWARE_CALIBRATION_MIN_SECONDS} on the CPU; a hardware
 *    GPU from {@link HARDWARE_CALIBRATION_MIN_SECONDS}; and within {@link CALIBRATION_BUDGET} of the CPU prediction.
 *    Otherwise the run stays on the CPU and says how to calibrate (`gradcode doctor --recalibrate`). Pipelines
 *    compiled while measuring are the run's own and are not compiled again.
 * 3. Both predictions (start-up, compile with the driver cache's state, compute) are compared; the faster wins.
 */

/** Predicted CPU seconds from which an uncalibrated software adapter is measured during the run. */
export const SOFTWARE_CALIBRATION_MIN_SECONDS = 30;
/**
 * The share of the run's predicted CPU seconds that measuring an adapter during the run may take (its compiles are
 * the run's own if the adapter wins; lost if the CPU does). Families left when it is spent stay unmeasured.
 */
export const CALIBRATION_BUDGET = 0.15;
/** Predicted CPU seconds from which an uncalibrated hardware GPU is measured during the run. */
export const HARDWARE_CALIBRATION_MIN_SECONDS = 2;

/** What auto decided, and the predictions it compared. */
export interface AutoDecision {
  readonly kind: 'webgpu' | 'cpu';
  /** The adapter that was considered (its description), or null when there is none. */
  readonly adapter: string | null;
  /** One line: the choice and why, with the predicted seconds and when the numbers were measured. */
  readonly reason: string;
  readonly cpu: DevicePrediction;
  /** The adapter's prediction, or null (no adapter, or not calibrated and not worth calibrating now). */
  readonly gpu: DevicePrediction | null;
  /** Families measured during this decision, as `device: family`. */
  readonly measuredNow: readonly string[];
}

/** Options of {@link chooseAutoBackend}. */
export interface AutoChoiceOptions {
  readonly cpu?: CpuBackendOptions;
  /** Calibration file (default: calibration.json in gradcode's cache folder). */
  readonly calibrationPath?: string;
}

/** The first unit of each family, in workload order. */
function firstOfFamily(units: readonly WorkUnit[]): Map<string, WorkUnit> {
  const out = new Map<string, WorkUnit>();
  for (const unit of units) if (!out.has(unit.family)) out.set(unit.family, unit);
  return out;
}

/** The latest measurement time among a device's families that the workload uses. */
function measuredAt(device: DeviceCalibration, units: readonly WorkUnit[]): string {
  const times = [...new Set(units.map((u) => u.family))].flatMap((f) => device.families[f]?.measuredAt ?? []);
  return (
    times
      .sort()
      .at(-1)
      ?.replace(/:\d\d\.\d+Z$/, 'Z')
      .replace('T', ' ') ?? 'never'
  );
}

/** Records every pipeline a WebGPU backend compiles into the calibration of its adapter's driver cache. */
export function pipelineRecorder(path?: string): {
  readonly onPipelineCompiled: (key: string) => void;
  attach(adapter: AdapterReport): CalibrationStore;
} {
  let store: CalibrationStore | null = null;
  let adapterReport: AdapterReport | null = null;
  return {
    onPipelineCompiled(key) {
      if (!store || !adapterReport) return;
      const cache = driverCacheIdentity(adapterReport);
      if (driverCacheDisabled(cache)) return;
      store.addPipeline(cache, pipelineHash(key), new Date().toISOString());
      store.save();
    },
    attach(adapter) {
      adapterReport = adapter;
      store = CalibrationStore.open(adapterIdentity(adapter), path);
      return store;
    },
  };
}

/** What a pipeline's compile costs on the adapter now: ready (compiled by this process), warm or cold. */
export function pipelineStates(
  store: CalibrationStore,
  adapter: AdapterReport,
  ready: ReadonlySet<string>,
): PipelineState {
  const cache = driverCacheIdentity(adapter);
  const disabled = driverCacheDisabled(cache);
  return (hash) => (ready.has(hash) ? 'ready' : !disabled && store.holdsPipeline(cache, hash) ? 'warm' : 'cold');
}

/** Measures what the CPU backend's calibration lacks for the workload; returns the families measured. */
async function calibrateCpu(cpu: CpuBackend, store: CalibrationStore, units: readonly WorkUnit[]): Promise<string[]> {
  const measured: string[] = [];
  const missing = [...firstOfFamily(units)].filter(([family]) => !store.family(family));
  if (store.device.startSeconds === undefined || missing.length > 0) {
    const start = await measureCpuStart(cpu.threads);
    if (store.device.startSeconds === undefined) store.setStart(start, new Date().toISOString());
  }
  for (const [family, unit] of missing) {
    store.setFamily(family, await measureCpu(cpu, cpu.threads, unit));
    measured.push(family);
  }
  if (measured.length > 0) store.save();
  return measured;
}

/**
 * Measures what the adapter's calibration lacks for the workload (start-up, each family's rate and the compile time
 * its first pipeline has now, cold or warm); `ready` collects the pipelines compiled. Returns the families measured.
 */
async function calibrateGpu(
  gpu: WebGpuBackend,
  store: CalibrationStore,
  units: readonly WorkUnit[],
  ready: Set<string>,
  budgetSeconds: number,
): Promise<{ measured: string[]; started: boolean }> {
  const measured: string[] = [];
  const began = performance.now();
  const states = pipelineStates(store, gpu.context.adapter, ready);
  const start = await measureGpuStart(gpu);
  if (store.device.startSeconds === undefined) store.setStart(start, new Date().toISOString());
  for (const [family, unit] of firstOfFamily(units)) {
    const previous = store.family(family);
    const state = unit.pipelines.length > 0 ? states(unit.pipelines[0]) : 'warm';
    const needs =
      !previous ||
      (state === 'cold' && previous.compileColdSeconds === undefined) ||
      (state === 'warm' && previous.compileWarmSeconds === undefined && previous.compileColdSeconds === undefined);
    if (!needs) continue;
    // Past the budget, the remaining families stay unmeasured (the run then stays on the CPU).
    if ((performance.now() - began) / 1000 > budgetSeconds) break;
    store.setFamily(family, await measureGpu(gpu, unit, state === 'ready' ? 'warm' : state, previous));
    for (const hash of unit.pipelines) ready.add(hash);
    measured.push(family);
  }
  store.save();
  return { measured, started: true };
}

function describeGpu(p: DevicePrediction, name: string): string {
  const compiling =
    p.compileSeconds > 0
      ? ` (${formatSeconds(p.compileSeconds)} of it compiling ${p.pipelinesCold + p.pipelinesWarm} pipeline${p.pipelinesCold + p.pipelinesWarm === 1 ? '' : 's'}` +
        `${p.pipelinesCold > 0 ? `, ${p.pipelinesCold} with a cold driver cache` : ''})`
      : '';
  return `${formatSeconds(p.seconds)} on ${name}${compiling}`;
}

/**
 * Creates the backend `auto` picks for a workload (see the module comment). Throws what `WebGpuBackend.create`
 * throws except {@link GpuUnavailableError}, for which the caller prints its notice: `gpuError` is then set and the
 * CPU backend returned.
 */
export async function chooseAutoBackend(
  units: readonly WorkUnit[],
  options: AutoChoiceOptions = {},
  openGpu: (recorder: ReturnType<typeof pipelineRecorder>, fallback: Backend) => Promise<WebGpuBackend | null>,
): Promise<{ backend: Backend; decision: AutoDecision }> {
  const cpu = new CpuBackend(options.cpu);
  const cpuStore = CalibrationStore.open(cpuIdentity(cpu.threads), options.calibrationPath);
  const measuredNow = (await calibrateCpu(cpu, cpuStore, units)).map((f) => `cpu: ${f}`);
  const cpuPrediction = predictDevice(cpuStore.device, 'cpu', units, { started: true });
  const cpuLine = `${formatSeconds(cpuPrediction.seconds)} on the CPU backend (${cpu.threads} threads)`;
  const recorder = pipelineRecorder(options.calibrationPath);
  const gpu = await openGpu(recorder, cpu);
  const adapter = gpu?.context.adapter;
  const name = adapter ? adapter.description || adapter.name : null;
  const onCpu = (reason: string, gpuPrediction: DevicePrediction | null) => ({
    backend: cpu as Backend,
    decision: { kind: 'cpu' as const, adapter: name, reason, cpu: cpuPrediction, gpu: gpuPrediction, measuredNow },
  });
  if (!gpu || !adapter || name === null) return onCpu('no WebGPU adapter', null);

  const gpuStore = recorder.attach(adapter);
  const ready = new Set<string>();
  let prediction = predictDevice(gpuStore.device, 'webgpu', units, {
    pipelines: pipelineStates(gpuStore, adapter, ready),
  });
  let started = false;
  if (prediction.missing.length > 0) {
    const threshold = adapter.software ? SOFTWARE_CALIBRATION_MIN_SECONDS : HARDWARE_CALIBRATION_MIN_SECONDS;
    if (cpuPrediction.seconds < threshold) {
      await gpu.dispose();
      return onCpu(
        `predicted ${cpuLine}; ${name} is not calibrated for ${prediction.missing.join(', ')}, and measuring it ` +
          `would cost more than a run this short can gain (it is measured for runs predicted at ≥ ${threshold} s ` +
          `on the CPU; \`gradcode doctor --recalibrate\` measures it now)`,
        null,
      );
    }
    const calibrated = await calibrateGpu(gpu, gpuStore, units, ready, CALIBRATION_BUDGET * cpuPrediction.seconds);
    started = calibrated.started;
    measuredNow.push(...calibrated.measured.map((f) => `${name}: ${f}`));
    prediction = predictDevice(gpuStore.device, 'webgpu', units, {
      pipelines: pipelineStates(gpuStore, adapter, ready),
      started,
    });
  }
  const when = `calibration of ${measuredAt(cpuStore.device, units)} (CPU) and ${measuredAt(gpuStore.device, units)} (${name})`;
  const compared = `predicted ${describeGpu(prediction, name)} against ${cpuLine}; ${when}`;
  if (prediction.missing.length === 0 && prediction.seconds < cpuPrediction.seconds) {
    return {
      backend: gpu,
      decision: { kind: 'webgpu', adapter: name, reason: compared, cpu: cpuPrediction, gpu: prediction, measuredNow },
    };
  }
  await gpu.dispose();
  return onCpu(
    prediction.missing.length > 0 ? `${compared}; ${name} lacks ${prediction.missing.join(', ')}` : compared,
    prediction,
  );
}

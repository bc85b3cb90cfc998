import { CpuBackend } from '../cpu/cpu-backend.js';
import type { AdapterReport } from '../webgpu/adapters.js';
import { WebGpuBackend } from '../webgpu/webgpu-backend.js';
import { pipelineRecorder } from './auto-choice.js';
import { CalibrationStore } from './calibration-store.js';
import { cpuIdentity } from './device-identity.js';
import { driverCacheDisabled, driverCacheIdentity } from './driver-cache.js';
import { measureCpu, measureCpuStart, measureGpu, measureGpuStart } from './measure.js';
import type { WorkUnit } from './work-unit.js';

/**
 * `gradcode doctor --recalibrate`: measures every family of a set of units on the CPU backend and on each adapter
 * (newer measurements replace older ones of the same family and device). On an adapter, every family is measured on a first device
 * (its rate, and its compile time as the driver cache had it), then compiled again on a fresh device (warm: the
 * first compile filled the driver's cache); the cold compile times come from `coldCompiles`, which the CLI measures in
 * a child process with the driver's shader cache turned off (the first device's compile is cold only where the
 * driver's cache did not hold the pipeline, which the calibration cannot always know).
 */

/** Timed repetitions of each steady-state probe by default (their median is kept). */
const REPEATS = 3;

/** Options of {@link recalibrate}. */
export interface RecalibrateOptions {
  readonly adapters: readonly AdapterReport[];
  /** Cold compile seconds per family on an adapter (driver cache off), or null when they cannot be measured. */
  readonly coldCompiles?: (adapter: AdapterReport) => Promise<Record<string, number> | null>;
  readonly log?: (line: string) => void;
  readonly calibrationPath?: string;
  /** Timed repetitions of each steady-state probe (default 3; the median is kept). */
  readonly repeats?: number;
}

/** The first unit of each family. */
function families(units: readonly WorkUnit[]): WorkUnit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(u.family) && seen.add(u.family));
}

async function timedTiny(backend: WebGpuBackend, unit: WorkUnit): Promise<number> {
  const t0 = performance.now();
  await unit.probe(backend, { start: 0, end: Math.min(unit.items, 64) });
  return (performance.now() - t0) / 1000;
}

/** Measures and stores the calibration of the CPU backend and of every adapter for `units`. */
export async function recalibrate(units: readonly WorkUnit[], options: RecalibrateOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const repeats = options.repeats ?? REPEATS;
  const cpu = new CpuBackend();
  const cpuStore = CalibrationStore.open(cpuIdentity(cpu.threads), options.calibrationPath);
  cpuStore.setStart(await measureCpuStart(cpu.threads), new Date().toISOString());
  for (const unit of families(units)) {
    log(`cpu: ${unit.family}`);
    cpuStore.setFamily(unit.family, await measureCpu(cpu, cpu.threads, unit, repeats));
  }
  cpuStore.save();

  for (const adapter of options.adapters) {
    const name = adapter.description || adapter.name;
    const recorder = pipelineRecorder(options.calibrationPath);
    const gpu = await WebGpuBackend.create({
      adapter: adapter.name,
      fallback: cpu,
      onPipelineCompiled: recorder.onPipelineCompiled,
    });
    const store = recorder.attach(gpu.context.adapter);
    try {
      store.setStart(await measureGpuStart(gpu), new Date().toISOString());
      const cache = driverCacheIdentity(adapter);
      for (const unit of families(units)) {
        log(`${name}: ${unit.family}`);
        const held = !driverCacheDisabled(cache) && unit.pipelines.every((h) => store.holdsPipeline(cache, h));
        const fresh = driverCacheDisabled(cache) || cache.endsWith(':absent');
        const m = await measureGpu(gpu, unit, held ? 'warm' : 'cold', undefined, repeats);
        // A compile the calibration did not know about is cold only where the driver's cache is off or new.
        store.setFamily(unit.family, held || fresh ? m : { ...m, compileColdSeconds: undefined });
      }
      // A fresh device compiles every pipeline again, now from the driver's cache.
      await gpu.dispose();
      await measureGpuStart(gpu);
      if (!driverCacheDisabled(cache)) {
        for (const unit of families(units)) {
          const m = store.family(unit.family);
          if (!m) continue;
          const compile = Math.max(0, (await timedTiny(gpu, unit)) - m.callSeconds);
          store.setFamily(unit.family, { ...m, compileWarmSeconds: compile });
        }
      }
      const cold = await options.coldCompiles?.(adapter);
      for (const [family, seconds] of Object.entries(cold ?? {})) {
        const m = store.family(family);
        if (m) store.setFamily(family, { ...m, compileColdSeconds: seconds });
      }
      store.save();
    } finally {
      await gpu.dispose();
    }
  }
}

/**
 * The compile seconds of each family's first pipeline on an adapter: a tiny batch (compile + call) minus a second one
 * (the call). Run by the CLI in a child process whose driver shader cache is off, so every compile is cold.
 */
export async function measureCompiles(units: readonly WorkUnit[], adapter: string): Promise<Record<string, number>> {
  const gpu = await WebGpuBackend.create({ adapter, fallback: new CpuBackend() });
  try {
    await measureGpuStart(gpu);
    const out: Record<string, number> = {};
    for (const unit of families(units)) {
      const first = await timedTiny(gpu, unit);
      const call = await timedTiny(gpu, unit);
      out[unit.family] = Math.max(0, first - call);
    }
    return out;
  } finally {
    await gpu.dispose();
  }
}

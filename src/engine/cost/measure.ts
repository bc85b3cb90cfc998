import type { Backend } from '../backend.js';
import { CpuBackend, INLINE_BELOW_MS, TASK_TARGET_MS } from '../cpu/cpu-backend.js';
import { type PhiloxWordsParams, philoxWordsKernel } from '../kernels/philox-words.js';
import type { FamilyMeasurement } from './calibration-store.js';
import type { WorkUnit } from './work-unit.js';

/**
 * Calibration probes: short timed runs of a workload's own units (or of reference units, for `gradcode doctor
 * --recalibrate`) that fill a {@link FamilyMeasurement}. Each probe runs a prefix of the unit's items: the results
 * are thrown away, only the clock matters.
 */

/** Items of a unit worth `ms` of nominal one-thread work, within [lo, unit.items]. */
function itemsFor(unit: WorkUnit, ms: number, lo: number): number {
  return Math.max(1, Math.min(unit.items, Math.max(lo, Math.ceil((ms * 1e6) / unit.nominalNs))));
}

/**
 * Fewest items of a steady-rate probe on each backend. Below these the rate still falls with size (W1's partial cell,
 * N = 100, 2-core EPYC: lavapipe 14.8 / 11.2 / 7.4 / 6.7 µs per trial at 4096 / 16384 / 32768 / 65536 items, CPU pool
 * 19.6 / 13.4 / 10.9 / 10.3 µs), and a probe in that range predicted W1 2× slower on lavapipe and 1.5× on the CPU,
 * so that `auto` picked the CPU for W1, which ran 1.2–1.4× faster on lavapipe. A unit with fewer items is measured at
 * its own size, which is the rate its run will see.
 */
export const STEADY_PROBE_MIN_ITEMS = { cpu: 32768, webgpu: 65536 } as const;

/** A few Philox blocks: the smallest real kernel run, for start-up times. */
function startParams(blocks: number): PhiloxWordsParams {
  return { key: [1, 2], counter: [0, 0, 0], firstLane: 0, blocks };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
}

/** The median of `repeats` timed runs (the machine may be shared: one disturbed run does not decide). */
async function median(repeats: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, repeats); i++) times.push(await timed(run));
  times.sort((a, b) => a - b);
  return times[Math.floor((times.length - 1) / 2)];
}

/**
 * The CPU backend's start-up: one run of a tiny kernel forced onto the worker pool (one task per thread), which
 * starts the workers. Seconds.
 */
export async function measureCpuStart(threads: number): Promise<number> {
  const forced = new CpuBackend({ threads, inlineBelowMs: 0 });
  return timed(() => forced.run(philoxWordsKernel, startParams(2 * threads)));
}

/**
 * Measures a unit's family on the CPU backend: a run sized for the worker pool (≥ 2 tasks per thread of
 * TASK_TARGET_MS nominal and ≥ STEADY_PROBE_MIN_ITEMS.cpu items) for the steady rate, a short one on the calling thread for the inline rate, and a tiny call
 * for the per-call cost. Runs after {@link measureCpuStart} (the workers are up).
 */
export async function measureCpu(
  backend: CpuBackend,
  threads: number,
  unit: WorkUnit,
  repeats = 1,
): Promise<FamilyMeasurement> {
  // A tiny call forced onto the pool, twice: the first makes every worker import the kernel's module, the second is
  // the per-call cost. Then a short pool run warms the workers' JIT, so the timed runs measure optimised code.
  const forced = new CpuBackend({ threads, inlineBelowMs: 0 });
  const tiny = { start: 0, end: Math.min(unit.items, 2 * threads) };
  await unit.probe(forced, tiny);
  const callSeconds = await timed(() => unit.probe(forced, tiny));
  const warm = new CpuBackend({ threads, inlineBelowMs: 0, taskTargetMs: 10 });
  await unit.probe(warm, { start: 0, end: itemsFor(unit, 2 * threads * 12, 64) });
  const inline = new CpuBackend({ threads: 1 });
  const small = itemsFor(unit, 20, 64);
  await unit.probe(inline, { start: 0, end: small });
  const inlineSeconds = await median(repeats, () => unit.probe(inline, { start: 0, end: small }));
  // Enough nominal work for the pool to use every thread (two tasks of TASK_TARGET_MS per thread).
  const pooled = itemsFor(
    unit,
    Math.max(INLINE_BELOW_MS * 1.2, 2 * threads * TASK_TARGET_MS),
    STEADY_PROBE_MIN_ITEMS.cpu,
  );
  const seconds = await median(repeats, () => unit.probe(backend, { start: 0, end: pooled }));
  return {
    probe: `${unit.shape}, ${pooled} items`,
    items: pooled,
    seconds,
    secondsPerWork: seconds / (pooled * unit.nominalNs),
    callSeconds,
    inlineSecondsPerWork: inlineSeconds / (small * unit.nominalNs),
    measuredAt: new Date().toISOString(),
  };
}

/**
 * Measures a unit's family on a WebGPU backend: the first tiny batch (its pipeline's compile, cold or warm as the
 * caller knows, plus one call), a second tiny batch (the call alone), then — after one untimed run of the same size,
 * which allocates the device buffers of that size (on lavapipe the first run at a new size took 2× longer) — a run
 * of ≥ STEADY_PROBE_MIN_ITEMS.webgpu items and ≥ 600 ms of nominal work for the steady rate, whose seconds (its one call included) give the
 * rate. `compile` says which compile time the first batch measured.
 */
export async function measureGpu(
  backend: Backend,
  unit: WorkUnit,
  compile: 'cold' | 'warm',
  previous?: FamilyMeasurement,
  repeats = 1,
): Promise<FamilyMeasurement> {
  const tiny = { start: 0, end: Math.min(unit.items, 64) };
  const first = await timed(() => unit.probe(backend, tiny));
  const callSeconds = await timed(() => unit.probe(backend, tiny));
  const items = itemsFor(unit, 600, STEADY_PROBE_MIN_ITEMS.webgpu);
  const range = { start: 0, end: items };
  await unit.probe(backend, range);
  const seconds = await median(repeats, () => unit.probe(backend, range));
  const compileSeconds = Math.max(0, first - callSeconds);
  return {
    probe: `${unit.shape}, ${items} items`,
    items,
    seconds,
    secondsPerWork: seconds / (items * unit.nominalNs),
    callSeconds,
    compileColdSeconds: compile === 'cold' ? compileSeconds : previous?.compileColdSeconds,
    compileWarmSeconds: compile === 'warm' ? compileSeconds : previous?.compileWarmSeconds,
    measuredAt: new Date().toISOString(),
  };
}

/** The WebGPU backend's start-up: its first tiny batch (device creation and a small pipeline). Seconds. */
export async function measureGpuStart(backend: Backend): Promise<number> {
  return timed(() => backend.run(philoxWordsKernel, startParams(64)));
}

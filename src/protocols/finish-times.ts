import { wasmEnabled } from '../flags.js';
import type { TrialDrawer } from '../stragglers/draws.js';
import type { Schedule } from './schedule.js';
import { WasmFinishTimes, wasmCoversModel } from './wasm-finish-times.js';

/**
 * Finishing times of one trial after another, in buffers owned by the source: `compute(trial)` draws the worker
 * factors into `factors` and writes F_j(k) into `finish` (entry code.offsets[j] + k).
 */
export interface FinishTimeSource {
  readonly factors: Float64Array;
  readonly finish: Float64Array;
  compute(trial: number): void;
}

/**
 * The finishing-time source of a schedule under `drawer`'s straggler model: the WebAssembly SIMD kernel
 * ({@link WasmFinishTimes}, bit-identical) where it covers the model and is enabled (GRADCODE_WASM, src/flags.ts),
 * else {@link computeFinishTimes}.
 */
export function finishTimeSource(schedule: Schedule, drawer: TrialDrawer): FinishTimeSource {
  const { code, maxLoad } = schedule;
  if (wasmEnabled() && wasmCoversModel(drawer.model)) {
    const wasm = new WasmFinishTimes(schedule, drawer.model, drawer.seed, drawer.cell);
    return {
      factors: wasm.factors,
      finish: wasm.finish,
      compute(trial) {
        drawer.workerFactors(trial, wasm.factors);
        wasm.compute(trial);
      },
    };
  }
  const factors = new Float64Array(code.N);
  const times = new Float64Array(Math.max(1, maxLoad));
  const finish = new Float64Array(code.chunks.length);
  return {
    factors,
    finish,
    compute: (trial) => computeFinishTimes(schedule, drawer, trial, factors, times, finish),
  };
}

/**
 * Finishing times F_j(k) = Σ_{k' ≤ k} f_j·X_{j,k'} of every (worker, position) for one trial, written position-major
 * into `finish` (index code.offsets[j] + k); +∞ for workers that never finish (f_j = ∞). Returns nothing; `factors`
 * and `times` are caller-owned scratch (length N and δ_max).
 */
export function computeFinishTimes(
  schedule: Schedule,
  drawer: TrialDrawer,
  trial: number,
  factors: Float64Array,
  times: Float64Array,
  finish: Float64Array,
): void {
  const { offsets, N } = schedule.code;
  drawer.workerFactors(trial, factors);
  for (let j = 0; j < N; j++) {
    const start = offsets[j];
    const load = offsets[j + 1] - start;
    const f = factors[j];
    if (f === Number.POSITIVE_INFINITY) {
      finish.fill(Number.POSITIVE_INFINITY, start, start + load);
      continue;
    }
    drawer.chunkTimes(trial, j, load, times);
    let t = 0;
    for (let k = 0; k < load; k++) {
      t += f * times[k];
      finish[start + k] = t;
    }
  }
}

/** Number of (worker, position) computations finished by time T (finish times ascend within each worker). */
export function computationsDone(schedule: Schedule, finish: Float64Array, T: number): number {
  const { offsets, N } = schedule.code;
  let done = 0;
  for (let j = 0; j < N; j++) {
    for (let e = offsets[j]; e < offsets[j + 1] && finish[e] <= T; e++) done++;
  }
  return done;
}

import { defineKernel } from '../../engine/kernel.js';
import { runDescentCpu } from './cpu-descent.js';
import { decodeDescent, encodeDescent, maxRunsPerBatch, windowFlopsPerRun } from './gpu-encode.js';
import { type DescentParams, type DescentResult, METRIC_COUNT } from './params.js';

/**
 * Nanoseconds per flop of the f64 twin on one JS thread, used by the CPU backend to size its worker tasks: ≈ 1.1 ns
 * per multiply–add measured on the development machine with the W3 shapes (Gram form, d = 256), and a multiply–add
 * is 2 flops in {@link windowFlopsPerRun}.
 */
const NANOS_PER_FLOP = 0.6;
/** Nanoseconds per multiply–add of the complement form's WebAssembly products on one thread (≈ 5.7 GMAC/s here). */
const NANOS_PER_COMPLEMENT_MAC = 0.18;

/** Estimated nanoseconds per run of one window on one thread. */
function nanosPerRun(params: DescentParams): number {
  const flops = windowFlopsPerRun(params);
  return params.complement ? (NANOS_PER_COMPLEMENT_MAC * flops) / 2 : NANOS_PER_FLOP * flops;
}

/**
 * The coded-gradient-descent kernel (issue 5): work items are independent runs; one call advances runs [start, end)
 * through a window of iterations. GPU: shaders/train/gemm.wgsl (chunk gradients as batched matrix products over the
 * runs) and shaders/train/step.wgsl (decode, metrics, update) for every iteration inside one batch, one read-back.
 * CPU: the f64 twin (src/train/descent/cpu-descent.ts), split over worker threads by run.
 */
export const descentKernel = defineKernel<DescentParams, DescentResult>({
  name: 'train-descent',
  module: import.meta.url,
  items: (params) => params.runs,
  merge(parts, params) {
    const { d } = params.problem;
    const start = parts[0].start;
    const end = parts[parts.length - 1].end;
    const slots = parts[0].slots;
    const metrics = new Float64Array((end - start) * slots * METRIC_COUNT);
    const state = new Float64Array((end - start) * d);
    const aux = new Float64Array(params.optimizer === 'agd' ? (end - start) * d : 0);
    for (const part of parts) {
      metrics.set(part.metrics, (part.start - start) * slots * METRIC_COUNT);
      state.set(part.state, (part.start - start) * d);
      if (aux.length) aux.set(part.aux, (part.start - start) * d);
    }
    return { start, end, slots, metrics, state, aux };
  },
  cpu: {
    run: runDescentCpu,
    nanosPerItem: nanosPerRun,
    // Runs cost the same, and a task re-reads every operator (W3: 33 × 512 KiB) once per iteration, ≈ 20 % of a
    // 32-run task: one task per thread.
    tasksPerThread: 1,
  },
  gpu: { maxItemsPerBatch: maxRunsPerBatch, encode: encodeDescent, decode: decodeDescent },
});

import { type BatchTarget, defineKernel, type WorkRange } from '../engine/kernel.js';
import type { BatchReadback, BatchSpec } from '../engine/webgpu/batch.js';
import { DEFAULT_WORKGROUP_SIZE, dispatchGrid, workgroupsFor } from '../engine/webgpu/dispatch.js';
import type { HistogramSpec } from '../stats/histogram.js';
import { mergeMoments, momentsFrom } from '../stats/moments.js';
import type { TrialCell } from './cell.js';
import { runTrialsCpu } from './cpu-twin.js';
import { NEVER } from './gpu/constants.js';
import { TrialParams } from './gpu/trial-layout.js';
import { type TrialTables, trialTables } from './gpu/trial-tables.js';
import { emptyReduction, mergeReduction, type TrialReduction } from './reduction.js';
import { trialFamily } from './trial-family.js';

/** Parameters of one trial-kernel run: a cell, and what its batches return besides the reduction. */
export interface TrialKernelParams {
  readonly cell: TrialCell;
  readonly keepRaw: boolean;
  readonly histogram: HistogramSpec | null;
  /**
   * GPU: run the checked build of the kernel (shaders/trials/checked/), which counts every scratch access outside the
   * cell's slot layout (src/trials/gpu/trial-scratch.ts); a batch with any throws. For tests: the check costs compile
   * time at every inlined access.
   */
  readonly checkScratch?: boolean;
}

/** Most trials in one GPU batch on a software adapter. */
export const MAX_TRIALS_PER_BATCH = 1 << 16;
/**
 * Bytes of per-trial scratch one batch may use per scratch buffer on a software adapter. With the f32 and u32
 * scratch buffers this bounds a batch's device memory at 2 × 64 MiB plus the cell's tables and outputs, for any
 * trial count.
 */
export const MAX_SCRATCH_BYTES_PER_BATCH = 64 * 2 ** 20;
/**
 * The same bounds on a hardware GPU. One invocation runs one trial, so a batch must hold enough trials to keep the
 * GPU occupied: an H200 keeps 132 × 2048 ≈ 270 k invocations resident, and on it the software bounds (≈ 13 k W1
 * trials of 4.8 kB scratch per batch) ran W1 at 7–8 M trials/s with 315 batches for 4 × 10⁶ trials (BENCHMARKS.md,
 * 2026-12-04). 512 MiB per scratch buffer holds ≈ 110 k W1 trials; device memory stays bounded (≤ 1 GiB of
 * scratch).
 */
export const MAX_TRIALS_PER_HARDWARE_BATCH = 1 << 18;
export const MAX_SCRATCH_BYTES_PER_HARDWARE_BATCH = 512 * 2 ** 20;

/** Bytes of per-trial scratch (f32 and u32 slots) of a cell. */
export function scratchBytesPerTrial(cell: TrialCell): number {
  const t = trialTables(cell);
  return 4 * Math.max(t.floatSlots, t.uintSlots);
}

function workgroupGrid(trials: number): { groups: number; grid: [number, number, number]; slots: number } {
  const groups = workgroupsFor(trials, DEFAULT_WORKGROUP_SIZE);
  const grid = dispatchGrid(groups);
  return { groups, grid, slots: Math.max(1, grid[0] * grid[1]) };
}

/** Words of the histogram buffer after its bins: underflow, overflow, never, scratch violations. */
const HISTOGRAM_EXTRA_WORDS = 4;

/**
 * The GPU batch of trials `range` of a cell from its kernel tables (default: the cell's own; a test passes tables
 * built with another scratch layout).
 */
export function encodeTrials(
  params: TrialKernelParams,
  range: WorkRange,
  tables: TrialTables = trialTables(params.cell),
): BatchSpec {
  const { cell } = params;
  const trials = range.end - range.start;
  const { grid, slots } = workgroupGrid(trials);
  const invocations = slots * DEFAULT_WORKGROUP_SIZE;
  const histogramBins = params.histogram?.bins ?? 0;
  const uniform = TrialParams.write({
    ...tables.fields,
    trial_first: range.start,
    trials,
    float_slots: tables.floatSlots,
    uint_slots: tables.uintSlots,
    hist_lo: params.histogram?.lo ?? 0,
    hist_hi: params.histogram?.hi ?? 1,
    hist_bins: histogramBins,
    keep_raw: params.keepRaw ? 1 : 0,
  });
  return {
    label: `trials ${cell.plan.protocol} cell ${cell.index} [${range.start}, ${range.end})`,
    buffers: {
      params: { usage: 'uniform', data: uniform },
      ints: { usage: 'storage', data: tables.ints },
      floats: { usage: 'storage', data: tables.floats },
      // Every scratch slot is written before it is read (shaders/trials/*.wgsl), so no clear is needed.
      scratch: { usage: 'storage', size: 4 * tables.floatSlots * invocations, uninitialized: true },
      scratch_u: { usage: 'storage', size: 4 * tables.uintSlots * invocations, uninitialized: true },
      partials: { usage: 'storage', size: 32 * tables.stats * slots, readback: true },
      histogram: {
        usage: 'storage',
        size: 4 * (histogramBins + HISTOGRAM_EXTRA_WORDS),
        readback: histogramBins > 0 || params.checkScratch === true,
      },
      raw: { usage: 'storage', size: params.keepRaw ? 4 * invocations : 4, readback: params.keepRaw },
    },
    passes: [
      {
        // The checked build (shaders/trials/checked/) counts scratch accesses outside the layout.
        shader: params.checkScratch ? tables.shader.replace('trials/', 'trials/checked/') : tables.shader,
        constants: { WORKGROUP_SIZE: DEFAULT_WORKGROUP_SIZE, ...tables.constants },
        bindings: ['params', 'ints', 'floats', 'scratch', 'scratch_u', 'partials', 'histogram', 'raw'],
        dispatch: grid,
      },
    ],
  };
}

/** Scratch accesses outside the slot layout in a batch of the checked build (the histogram buffer's last word). */
export function scratchViolations(params: TrialKernelParams, readback: BatchReadback): number {
  const counts = new Uint32Array(readback.histogram);
  return counts[(params.histogram?.bins ?? 0) + 3];
}

/** Turns a batch's read-back (per-workgroup moments, histogram, raw times) into a reduction merged in f64. */
function decode(params: TrialKernelParams, range: WorkRange, readback: BatchReadback): TrialReduction {
  const { cell } = params;
  if (params.checkScratch) {
    const violations = scratchViolations(params, readback);
    if (violations > 0) {
      throw new Error(
        `trial kernel, cell ${cell.index} (${cell.plan.protocol}, stop ${cell.plan.stop.kind}, curve ${cell.plan.curve}): ` +
          `${violations} scratch accesses outside the slot layout (src/trials/gpu/trial-scratch.ts)`,
      );
    }
  }
  const trials = range.end - range.start;
  const tables = trialTables(cell);
  const { groups } = workgroupGrid(trials);
  const r = emptyReduction(cell.grid.length, params.histogram);
  r.trials = trials;
  const partials = new Float32Array(readback.partials);
  const stats = tables.stats;
  const targets = [r.completion, r.done, r.wasted, ...r.errors];
  for (let g = 0; g < groups; g++) {
    for (let s = 0; s < stats; s++) {
      const base = (g * stats + s) * 8;
      const n = partials[base];
      if (s >= 3) r.decodable[s - 3] += partials[base + 3];
      if (n === 0) continue;
      const part = momentsFrom(n, partials[base + 1], partials[base + 2], partials[base + 4], partials[base + 5]);
      mergeMoments(targets[s], part);
    }
  }
  r.censored = trials - r.completion.n;
  if (r.histogram) {
    const counts = new Uint32Array(readback.histogram);
    const bins = r.histogram.bins;
    for (let b = 0; b < bins; b++) r.histogram.counts[b] = counts[b];
    r.histogram.underflow = counts[bins];
    r.histogram.overflow = counts[bins + 1];
    r.histogram.infinite = counts[bins + 2];
  }
  if (params.keepRaw) {
    const raw = new Float32Array(readback.raw, 0, trials);
    r.raw = Float64Array.from(raw, (x) => (x >= NEVER ? Number.POSITIVE_INFINITY : x));
  }
  return r;
}

/** Trials per GPU batch: the scratch budget of the adapter kind, within its binding and buffer limits. */
export function maxTrialsPerBatch(params: TrialKernelParams, { limits, software }: BatchTarget): number {
  const perTrial = scratchBytesPerTrial(params.cell);
  const scratch = software ? MAX_SCRATCH_BYTES_PER_BATCH : MAX_SCRATCH_BYTES_PER_HARDWARE_BATCH;
  const most = software ? MAX_TRIALS_PER_BATCH : MAX_TRIALS_PER_HARDWARE_BATCH;
  const budget = Math.min(scratch, limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const fit = Math.floor(budget / perTrial);
  const aligned = Math.floor(Math.min(most, fit) / DEFAULT_WORKGROUP_SIZE) * DEFAULT_WORKGROUP_SIZE;
  if (aligned < DEFAULT_WORKGROUP_SIZE) {
    throw new RangeError(
      `trial kernel: ${perTrial} bytes of scratch per trial exceed the adapter's storage binding size for one workgroup`,
    );
  }
  return aligned;
}

/**
 * The straggler-trial kernel (issue 4): trials [start, end) of a cell reduced to a {@link TrialReduction}. GPU:
 * one fused pass (shaders/trials/partial.wgsl or original.wgsl) — draws, finishing times, completion time, error
 * curve and a per-workgroup reduction — with one read-back per batch. CPU: the f64 twin (src/trials/cpu-twin.ts),
 * split over worker threads by the CPU backend. Both draw every random number from the cell's Philox counters.
 */
export const trialKernel = defineKernel<TrialKernelParams, TrialReduction>({
  name: 'trials',
  module: import.meta.url,
  items: (params) => params.cell.trials,
  family: (params) => trialFamily(params.cell),
  merge(parts, params) {
    const r = emptyReduction(params.cell.grid.length, params.histogram);
    for (const part of parts) mergeReduction(r, part);
    return r;
  },
  cpu: {
    run(params, range) {
      const r = emptyReduction(params.cell.grid.length, params.histogram);
      runTrialsCpu(params.cell, range.start, range.end, r, params.keepRaw);
      return r;
    },
    nanosPerItem(params) {
      // Measured on the development machine: ≈ 45 ns per chunk computation drawn (Philox + transform + cumulative
      // sum), plus the arrival sort and decoding, which grow with N² for whole-message protocols.
      const { code } = params.cell.schedule;
      const whole = params.cell.plan.protocol === 'partial' ? 0 : 4 * code.N * code.N;
      return 200 + 45 * code.chunks.length + whole + 20 * params.cell.grid.length * code.m;
    },
  },
  gpu: { maxItemsPerBatch: maxTrialsPerBatch, encode: (params, range) => encodeTrials(params, range), decode },
});

/**
 * Micro-benchmark: the fixed costs around the trial kernels — planning, reductions and per-batch overheads — on the
 * W1 cells (bench/workloads/w1.yaml). These bound how small a batch or a cell can be before overheads dominate.
 *
 *   npx tsx bench/micro/overheads.bench.ts
 *
 * Planning: loading and resolving the four W1 cells from the YAML spec (schema validation, code constructions incl.
 *   CRC conditioning checks, schedules, straggler models); `trialTables` (the GPU's code and model tables, per cell).
 * Reduction: decoding one full GPU batch read-back (65 536 trials: per-workgroup moments merged in f64, histogram
 *   copied) of the partial ℓ = 1 cell; merging 16 batch reductions and computing the cell statistics (t intervals,
 *   quantiles from the 4096-bin histogram).
 * Per batch: one 256-trial batch of the partial ℓ = 1 cell end to end on the WebGPU backend (encode, dispatch, one
 *   mapAsync, decode; skipped without an adapter) and on the CPU worker pool, pipeline and workers warmed up first.
 */
import { Bench } from 'tinybench';
import { CpuBackend } from '../../src/engine/cpu/cpu-backend.js';
import { releaseEngine } from '../../src/engine/release.js';
import type { BatchReadback } from '../../src/engine/webgpu/batch.js';
import { GpuUnavailableError } from '../../src/engine/webgpu/gpu-errors.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { trialTables } from '../../src/trials/gpu/trial-tables.js';
import { emptyReduction, mergeReduction, type TrialReduction } from '../../src/trials/reduction.js';
import { histogramSpecFrom } from '../../src/trials/run-cell.js';
import { cellStats } from '../../src/trials/summary.js';
import { trialKernel } from '../../src/trials/trial-kernel.js';
import { loadTrialConfigs } from '../workloads/trial-workload.js';
import { printRates } from './rates.js';

const configs = loadTrialConfigs('w1.yaml', 1_000_000);
const partial = configs[0].cell;
const cpu = new CpuBackend();
const histogram = histogramSpecFrom(Float64Array.from({ length: 4096 }, (_, i) => 5 + i / 1000));
const params = { cell: partial, keepRaw: false, histogram };

// A synthetic but well-formed read-back of a full batch: every per-workgroup moment slot holds (n, mean, M2, …).
const range = { start: 0, end: 65536 };
const spec = trialKernel.gpu!.encode(params, range);
const readback: Record<string, ArrayBuffer> = {};
for (const [name, buffer] of Object.entries(spec.buffers)) {
  if (!buffer.readback) continue;
  const bytes = buffer.size ?? (buffer.data ? buffer.data.byteLength : 0);
  const words = new Float32Array(bytes / 4);
  if (name === 'partials') for (let k = 0; k < words.length; k += 8) words.set([64, 6.5, 40, 0, 3, 12, 0, 0], k);
  readback[name] = words.buffer;
}
const batch = trialKernel.gpu!.decode(params, range, readback as BatchReadback);
const batches: TrialReduction[] = Array.from({ length: 16 }, () => batch);

const bench = new Bench({ name: 'overheads', time: 1500, warmupTime: 200 });
const units = new Map<string, { count: number; unit: string }>();
bench
  .add('plan: load + resolve the 4 W1 cells (YAML, codes, schedules)', () => loadTrialConfigs('w1.yaml', 1_000_000))
  .add('plan: trialTables of the 4 W1 cells (memoised per cell)', () => {
    for (const c of configs) trialTables(c.cell);
  })
  .add('reduce: decode one 65 536-trial GPU read-back', () =>
    trialKernel.gpu!.decode(params, range, readback as BatchReadback),
  )
  .add('reduce: merge 16 batch reductions + cell statistics', () => {
    const r = emptyReduction(0, histogram);
    for (const b of batches) mergeReduction(r, b);
    cellStats(r, partial.grid, 1);
  })
  .add('batch: 256 trials on the CPU worker pool', async () => {
    await cpu.run(trialKernel, params, { range: { start: 0, end: 256 } });
  });
units.set('batch: 256 trials on the CPU worker pool', { count: 256, unit: 'trials' });
await cpu.run(trialKernel, params, { range: { start: 0, end: 256 } });

let gpu: WebGpuBackend | null = null;
try {
  gpu = await WebGpuBackend.create();
  const backend = gpu;
  await backend.run(trialKernel, params, { range: { start: 0, end: 256 } });
  const name = `batch: 256 trials on ${backend.description.split(':')[0]} (${backend.description.includes('software') ? 'software' : 'hardware'})`;
  bench.add(name, async () => {
    await backend.run(trialKernel, params, { range: { start: 0, end: 256 } });
  });
  units.set(name, { count: 256, unit: 'trials' });
} catch (error) {
  if (!(error instanceof GpuUnavailableError)) throw error;
  console.log(`no WebGPU adapter (${error.message}): GPU batch row skipped`);
}
await bench.run();
printRates(bench, units);
console.log(`node ${process.version}`);
await gpu?.dispose();
await cpu.dispose();
await releaseEngine();

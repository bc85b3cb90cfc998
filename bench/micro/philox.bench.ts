/**
 * Micro-benchmark: Philox4x32-10 throughput — the random-number floor of every trial kernel (W1 draws ≈ 280 words
 * per trial; see BENCHMARKS.md).
 *
 *   npx tsx bench/micro/philox.bench.ts
 *
 * - CPU, one JS thread: raw `philox4x32` blocks (4 words each) and `PhiloxStream.exponential` (one word + log each);
 * - WebGPU (the adapter Dawn picks; skipped without one): the fused distribution-samples kernel (Philox + 24-bit
 *   uniform or exponential transform + workgroup moment reduction, no per-sample read-back), 2²⁴ samples per call,
 *   pipeline compiled before timing. One sample = one Philox word, so samples/s is the kernel's word throughput.
 */
import { Bench } from 'tinybench';
import type { Backend } from '../../src/engine/backend.js';
import { distributionSamplesKernel } from '../../src/engine/kernels/distribution-samples.js';
import { releaseEngine } from '../../src/engine/release.js';
import { GpuUnavailableError } from '../../src/engine/webgpu/gpu-errors.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { Stream, seedKey } from '../../src/rng/counters.js';
import { philox4x32 } from '../../src/rng/philox.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { printRates } from './rates.js';

const BLOCKS = 1 << 16;
const DRAWS = 1 << 18;
const GPU_SAMPLES = 1 << 24;

const units = new Map<string, { count: number; unit: string }>();
const bench = new Bench({ name: 'philox', time: 2000, warmupTime: 300 });
const out = new Uint32Array(4);
bench.add(`cpu philox4x32 × ${BLOCKS} blocks`, () => {
  for (let b = 0; b < BLOCKS; b++) philox4x32(b, 7, 3, 0x05000000, 0x1234, 0x5678, out);
});
units.set(`cpu philox4x32 × ${BLOCKS} blocks`, { count: 4 * BLOCKS, unit: 'words' });
const stream = new PhiloxStream(1, Stream.test);
bench.add(`cpu PhiloxStream.exponential × ${DRAWS}`, () => {
  let s = 0;
  for (let i = 0; i < DRAWS; i++) s += stream.exponential();
  if (!(s > 0)) throw new Error('unexpected sum');
});
units.set(`cpu PhiloxStream.exponential × ${DRAWS}`, { count: DRAWS, unit: 'words' });

let gpu: Backend | null = null;
try {
  gpu = await WebGpuBackend.create();
} catch (error) {
  if (!(error instanceof GpuUnavailableError)) throw error;
  console.log(`no WebGPU adapter (${error.message}): GPU rows skipped`);
}
if (gpu) {
  const backend = gpu;
  for (const distribution of ['uniform', 'exponential'] as const) {
    const params = {
      key: seedKey(1),
      trial: 0,
      cell: 0,
      stream: Stream.test,
      distribution,
      rate: 1,
      count: GPU_SAMPLES,
      keepSamples: false,
    };
    await backend.run(distributionSamplesKernel, { ...params, count: 4096 });
    const name = `webgpu ${distribution} samples × ${GPU_SAMPLES} (moments only)`;
    bench.add(name, async () => {
      await backend.run(distributionSamplesKernel, params);
    });
    units.set(name, { count: GPU_SAMPLES, unit: 'words' });
  }
  console.log(backend.description);
}
await bench.run();
printRates(bench, units);
console.log(`node ${process.version}`);
await gpu?.dispose();
await releaseEngine();

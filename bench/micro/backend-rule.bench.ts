/**
 * The measurement behind `--backend auto` on machines without a hardware GPU (SOFTWARE_ADAPTER_MEASUREMENT in
 * src/engine/backend-choice.ts): the fused distribution-samples kernel (Philox4x32-10 + transform + workgroup
 * reduction, 2²³ samples, moments only) on the WebGPU adapter Dawn picks, against the f64 CPU twin on one JS
 * thread and on the CPU backend's worker pool. Median of 3 warm runs each.
 *
 *   npx tsx bench/micro/backend-rule.bench.ts [samples]
 */
import { CpuBackend } from '../../src/engine/cpu/cpu-backend.js';
import { distributionSamplesKernel } from '../../src/engine/kernels/distribution-samples.js';
import { releaseEngine } from '../../src/engine/release.js';
import { WebGpuBackend } from '../../src/engine/webgpu/webgpu-backend.js';
import { Stream, seedKey } from '../../src/rng/counters.js';

async function median(task: () => Promise<unknown>, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const count = Number(process.argv[2] ?? 2 ** 23);
const gpu = await WebGpuBackend.create();
const oneThread = new CpuBackend({ threads: 1 });
const pool = new CpuBackend();
console.log(`${gpu.description}\n${pool.description}\n${count} samples, moments only, median of 3 warm runs`);
for (const distribution of ['uniform', 'exponential', 'normal'] as const) {
  const params = {
    key: seedKey(1),
    trial: 0,
    cell: 0,
    stream: Stream.test,
    distribution,
    rate: 2,
    count,
    keepSamples: false,
  };
  await gpu.run(distributionSamplesKernel, { ...params, count: 1000 }); // compile the pipeline outside the timing
  await pool.run(distributionSamplesKernel, params); // start the workers outside the timing
  const g = await median(() => gpu.run(distributionSamplesKernel, params));
  const one = await median(() => oneThread.run(distributionSamplesKernel, params));
  const p = await median(() => pool.run(distributionSamplesKernel, params));
  console.log(
    `${distribution.padEnd(12)} webgpu ${g.toFixed(0).padStart(5)} ms · 1 thread ${one.toFixed(0).padStart(5)} ms · ` +
      `pool ${p.toFixed(0).padStart(5)} ms · webgpu speed-up ${(one / g).toFixed(1)}× one thread, ${(p / g).toFixed(1)}× pool`,
  );
}
await releaseEngine();

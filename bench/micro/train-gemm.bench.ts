/**
 * Micro-benchmark: the products of coded gradient descent (W3 shapes: d = 256, m = 32 chunks, 256 runs), in
 * multiply–adds per second (GMAC/s):
 *
 *   npx tsx bench/micro/train-gemm.bench.ts [--cpu-only]
 *
 * - CPU, one thread: the f64 WebAssembly product of the twin (src/train/descent/wasm-gemm.ts) on one 256 × 256
 *   operator with 28 and 128 query points (a complement term's runs per task, and all runs of a task), beside the
 *   same product as a scalar TypeScript loop (four runs per sweep of a row, as the dense twin's chunk gradients);
 * - WebGPU (the adapter Dawn picks; skipped without one or with --cpu-only): the shipped dense kernel
 *   shaders/train/gemm.wgsl (MODE 0, every chunk gradient of every run: 256 × 32 × 256² MACs per dispatch), and a
 *   candidate that decodes inside the product — lane = run, Σ_i α_i H_i x_r accumulated directly with workgroup-
 *   uniform H loads (8 lanes, 8 outputs per lane) — the design suggested for llvmpipe. On llvmpipe (Mesa 25.0) both
 *   are bound by per-lane loads: only addresses that are compile-time constants become scalar loads (NIR's
 *   nir_src_is_always_uniform), so an H load indexed by a loop counter is eight guarded scalar loads per component.
 */

import { releaseEngine } from '../../src/engine/release.js';
import { composeShader } from '../../src/engine/shaders/shader-loader.js';
import { dawnInstance } from '../../src/engine/webgpu/dawn.js';
import { BufferUsage, MapMode } from '../../src/engine/webgpu/gpu-flags.js';
import { TrainGemmParams } from '../../src/train/descent/gpu-layout.js';
import { WasmGemm } from '../../src/train/descent/wasm-gemm.js';

const d = 256;
const m = 32;
const runs = 256;

function values(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Best and median of `reps` timings (ms) of `fn`, after one warm-up call. */
async function time(fn: () => unknown, reps: number): Promise<{ best: number; median: number }> {
  await fn();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    await fn();
    t.push(performance.now() - start);
  }
  t.sort((a, b) => a - b);
  return { best: t[0], median: t[t.length >> 1] };
}

const rows: { kernel: string; 'best GMAC/s': number; 'median GMAC/s': number; 'ms/call': number }[] = [];
function record(kernel: string, macs: number, ms: { best: number; median: number }) {
  rows.push({
    kernel,
    'best GMAC/s': Number((macs / ms.best / 1e6).toPrecision(3)),
    'median GMAC/s': Number((macs / ms.median / 1e6).toPrecision(3)),
    'ms/call': Number(ms.median.toPrecision(3)),
  });
}

// ── CPU, f64 ──────────────────────────────────────────────────────────────────────────────────────────────────────
const M = values(d * d, 1);
for (const vectors of [28, 128]) {
  const kernel = new WasmGemm();
  const blocks = vectors / 4;
  const xOff = d * d;
  const yOff = xOff + blocks * 4 * d;
  const f = kernel.reserve(yOff + blocks * 4 * d);
  f.set(M, 0);
  f.set(values(blocks * 4 * d, 2), xOff);
  const calls = 50;
  const ms = await time(() => {
    for (let c = 0; c < calls; c++) kernel.gemm(0, xOff, yOff, d, d, blocks);
  }, 7);
  record(`cpu f64 WebAssembly 256×256 · ${vectors} vectors`, calls * d * d * vectors, ms);
}
{
  const X = values(128 * d, 3);
  const Y = new Float64Array(128 * d);
  const ms = await time(() => {
    for (let b = 0; b < 128; b += 4) {
      for (let a = 0; a < d; a++) {
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < d; k++) {
          const h = M[a * d + k];
          s0 += h * X[b * d + k];
          s1 += h * X[(b + 1) * d + k];
          s2 += h * X[(b + 2) * d + k];
          s3 += h * X[(b + 3) * d + k];
        }
        Y[b * d + a] = s0;
        Y[(b + 1) * d + a] = s1;
        Y[(b + 2) * d + a] = s2;
        Y[(b + 3) * d + a] = s3;
      }
    }
  }, 7);
  record('cpu f64 TypeScript, 4 runs per row sweep · 128 vectors', d * d * 128, ms);
}

// ── WebGPU, f32 ───────────────────────────────────────────────────────────────────────────────────────────────────
const CANDIDATE = `
const D: u32 = ${d}u; const D4: u32 = ${d / 4}u; const M: u32 = ${m}u;
@group(0) @binding(0) var<storage, read> H: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> Y: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> Al: array<f32>;
@group(0) @binding(3) var<storage, read_write> Out: array<vec4<f32>>;
@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let run = wid.x * 8u + li;
  let t4 = wid.y * 2u;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  for (var kb4 = 0u; kb4 < D4; kb4++) {
    let xv = Y[run * D4 + kb4];
    for (var i = 0u; i < M; i++) {
      let xa = Al[run * M + i] * xv;
      let h = (i * D + kb4 * 4u) * D4 + t4;
      acc0 = fma(H[h], vec4<f32>(xa.x), acc0); acc1 = fma(H[h + 1u], vec4<f32>(xa.x), acc1);
      acc0 = fma(H[h + D4], vec4<f32>(xa.y), acc0); acc1 = fma(H[h + D4 + 1u], vec4<f32>(xa.y), acc1);
      acc0 = fma(H[h + 2u * D4], vec4<f32>(xa.z), acc0); acc1 = fma(H[h + 2u * D4 + 1u], vec4<f32>(xa.z), acc1);
      acc0 = fma(H[h + 3u * D4], vec4<f32>(xa.w), acc0); acc1 = fma(H[h + 3u * D4 + 1u], vec4<f32>(xa.w), acc1);
    }
  }
  Out[run * D4 + t4] = acc0;
  Out[run * D4 + t4 + 1u] = acc1;
}`;

async function gpuRows(): Promise<void> {
  const gpu = await dawnInstance([]);
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    console.log('no WebGPU adapter: GPU rows skipped');
    return;
  }
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
    },
  });
  const buffer = (data: ArrayBufferView, usage: number = BufferUsage.STORAGE) => {
    const b = device.createBuffer({ size: data.byteLength, usage: usage | BufferUsage.COPY_DST });
    device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    return b;
  };
  const H = Float32Array.from(values(m * d * d, 4));
  const state = Float32Array.from(values(3 * runs * d, 5));
  const hBuf = buffer(H);
  const stateBuf = buffer(state);
  const out = device.createBuffer({ size: 4 * m * runs * d, usage: BufferUsage.STORAGE | BufferUsage.COPY_SRC });
  const dispatchAll = async (pipeline: GPUComputePipeline, group: GPUBindGroup, grid: [number, number, number]) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...grid);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  // The shipped dense kernel, MODE 0, with the uniforms gpu-encode.ts writes for W3.
  {
    const module = device.createShaderModule({ code: composeShader('train/gemm.wgsl').code });
    const pipeline = await device.createComputePipelineAsync({
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants: { MODE: 0, WORKGROUP_SIZE: 16 } },
    });
    const yOffset = 2 * runs * d;
    const uniform = buffer(
      new Uint8Array(
        TrainGemmParams.write({
          rows: runs,
          cols4: d / 4,
          depth: d,
          lda: d,
          a_offset: yOffset,
          a_stride: 0,
          ldb4: d / 4,
          b_stride4: (d * d) / 4,
          c_stride4: (runs * d) / 4,
          ldc4: d / 4,
          y_offset4: yOffset / 4,
          ldy4: d / 4,
          ridge: 0,
          inv_n: 0,
        }),
      ),
      BufferUsage.UNIFORM,
    );
    const side = buffer(new Float32Array(m * d));
    const dummy = device.createBuffer({ size: 16, usage: BufferUsage.STORAGE });
    const resources = [uniform, stateBuf, hBuf, out, side, stateBuf, dummy];
    const group = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: resources.map((b, binding) => ({ binding, resource: { buffer: b } })),
    });
    const ms = await time(() => dispatchAll(pipeline, group, [d / 4 / 16, runs / 8, m]), 3);
    record('webgpu f32 shaders/train/gemm.wgsl MODE 0 (all chunk gradients)', runs * m * d * d, ms);
  }
  // The decode-inside candidate.
  {
    const module = device.createShaderModule({ code: CANDIDATE });
    const pipeline = await device.createComputePipelineAsync({
      layout: 'auto',
      compute: { module, entryPoint: 'main' },
    });
    const alpha = buffer(Float32Array.from(values(runs * m, 6)));
    const x = buffer(Float32Array.from(values(runs * d, 7)));
    const group = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [hBuf, x, alpha, out].map((b, binding) => ({ binding, resource: { buffer: b } })),
    });
    const ms = await time(() => dispatchAll(pipeline, group, [runs / 8, d / 8, 1]), 3);
    record('webgpu f32 candidate: lane = run, Σ_i α_i H_i x decoded in the product', runs * m * d * d, ms);
  }
  const read = device.createBuffer({ size: 16, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(out, 0, read, 0, 16);
  device.queue.submit([encoder.finish()]);
  await read.mapAsync(MapMode.READ);
  read.unmap();
  console.log(adapter.info.description || adapter.info.device);
  device.destroy();
}

if (!process.argv.includes('--cpu-only')) await gpuRows();
console.table(rows);
console.log(`node ${process.version}`);
await releaseEngine();

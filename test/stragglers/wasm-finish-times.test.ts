import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { computeFinishTimes, finishTimeSource } from '../../src/protocols/finish-times.js';
import { naturalSchedule } from '../../src/protocols/schedule.js';
import { WasmFinishTimes, wasmCoversModel } from '../../src/protocols/wasm-finish-times.js';
import { philox4x32 } from '../../src/rng/philox.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { sampleDistribution } from '../../src/stragglers/distribution.js';
import { TrialDrawer } from '../../src/stragglers/draws.js';
import { StragglerModelSchema } from '../../src/stragglers/model.js';
import { resolveStragglerModel } from '../../src/stragglers/resolve.js';
import { runTrialsCpu } from '../../src/trials/cpu-twin.js';
import { emptyReduction } from '../../src/trials/reduction.js';
import { codeFromSupport } from '../helpers/code-from-support.js';
import { naturalCell } from '../helpers/trial-cell.js';

const WASM_DIR = join(packageRoot(), 'wasm');
const U24 = 2 ** -24;

interface Exports {
  memory: WebAssembly.Memory;
  philox(lanes: number, groups: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: number): void;
  expTimes(words: number, index: number, n: number, a: number, b: number, out: number): void;
}

/** A fresh instance of the bare module with at least `bytes` of memory. */
function bareKernel(bytes: number): Exports {
  const module = new WebAssembly.Module(readFileSync(join(WASM_DIR, 'finish-times.wasm')));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
  const pages = Math.ceil(bytes / 65536) - exports.memory.buffer.byteLength / 65536;
  if (pages > 0) exports.memory.grow(pages);
  return exports;
}

/** A random code with loads 0 … 9 (so blocks are full, partial and absent) over m chunks. */
function randomCode(rng: PhiloxStream) {
  const m = 12;
  const N = 3 + rng.integer(10);
  const support = Array.from({ length: N }, () => {
    const set = new Set<number>();
    const load = rng.integer(10);
    while (set.size < Math.min(load, m)) set.add(rng.integer(m));
    return [...set];
  });
  return codeFromSupport(support, m);
}

const MODELS = [
  { chunkTime: { dist: 'exponential', rate: 2 } },
  { chunkTime: { dist: 'shifted-exponential', shift: 1, rate: 1 }, failures: { p: 0.2 } },
  { chunkTime: { dist: 'shifted-exponential', shift: 0.3, rate: 0.7 }, slow: { fraction: 0.3, factor: 4 } },
  { chunkTime: { dist: 'exponential', rate: 1 }, speed: { dist: 'uniform', lo: 0.5, hi: 2 }, failures: { p: 0.1 } },
];

afterEach(() => {
  delete process.env.GRADCODE_WASM;
});

describe('wasm/finish-times (WebAssembly SIMD finishing times)', () => {
  it('gives the Philox4x32-10 words of src/rng/philox.ts for arbitrary counters and keys', () => {
    const groups = 64;
    const k = bareKernel(1024 + 16 * groups + 64 * groups);
    const lanes = new Uint32Array(k.memory.buffer, 1024, 4 * groups);
    const rng = new PhiloxStream(5, 255);
    const ref = new Uint32Array(4);
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < lanes.length; i++) lanes[i] = rng.nextU32();
      const [c1, c2, c3, k0, k1] = [rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()];
      k.philox(1024, groups, c1, c2, c3, k0, k1, 1024 + 16 * groups);
      const out = new Uint32Array(k.memory.buffer, 1024 + 16 * groups, 16 * groups);
      for (let b = 0; b < lanes.length; b++) {
        philox4x32(lanes[b], c1, c2, c3, k0, k1, ref);
        expect([...out.subarray(4 * b, 4 * b + 4)]).toEqual([...ref]);
      }
    }
  });

  it('transforms every one of the 2²⁴ uniforms bit-identically to the twin: a − Math.log(1 − u)/b', () => {
    // The whole input domain of the transform (u = (w >>> 8)·2⁻²⁴), so the logarithm — fdlibm's algorithm — is
    // checked to equal V8's Math.log at every point where the kernel can meet it.
    const chunk = 1 << 20;
    const k = bareKernel(1024 + 16 * chunk);
    const words = new Uint32Array(k.memory.buffer, 1024, chunk);
    // Words read in reverse through the index, so the gather is exercised too.
    const index = new Int32Array(k.memory.buffer, 1024 + 4 * chunk, chunk);
    for (let i = 0; i < chunk; i++) index[i] = chunk - 1 - i;
    const out = new Float64Array(k.memory.buffer, 1024 + 8 * chunk, chunk);
    for (const [code, a, b] of [
      [2, 0, 1],
      [3, 0.3, 0.7],
    ]) {
      let mismatches = 0;
      for (let base = 0; base < 1 << 24; base += chunk) {
        for (let i = 0; i < chunk; i++) words[i] = (((base + i) << 8) | (i & 0xff)) >>> 0;
        k.expTimes(1024, 1024 + 4 * chunk, chunk, a, b, 1024 + 8 * chunk);
        for (let i = 0; i < chunk; i++) {
          if (!Object.is(out[i], sampleDistribution(code, a, b, (base + index[i]) * U24))) mismatches++;
        }
      }
      expect(mismatches, `family ${code}, a = ${a}, b = ${b}`).toBe(0);
    }
  });

  it('gives computeFinishTimes bit for bit on random codes and (shifted-)exponential models', () => {
    const rng = new PhiloxStream(11, 255);
    for (let c = 0; c < 12; c++) {
      const code = randomCode(rng);
      const schedule = naturalSchedule(code);
      const model = resolveStragglerModel(StragglerModelSchema.parse(MODELS[c % MODELS.length]), code.N);
      expect(wasmCoversModel(model)).toBe(true);
      const drawer = new TrialDrawer(model, 1000 + c, c);
      const wasm = new WasmFinishTimes(schedule, model, 1000 + c, c);
      const factors = new Float64Array(code.N);
      const times = new Float64Array(Math.max(1, schedule.maxLoad));
      const finish = new Float64Array(code.chunks.length);
      for (let trial = 0; trial < 50; trial++) {
        const t = trial * 7919 + c;
        computeFinishTimes(schedule, drawer, t, factors, times, finish);
        drawer.workerFactors(t, wasm.factors);
        wasm.compute(t);
        for (let e = 0; e < finish.length; e++) expect(Object.is(wasm.finish[e], finish[e])).toBe(true);
      }
    }
  });

  it('leaves trial reductions unchanged: the CPU twin with and without it (GRADCODE_WASM=0)', () => {
    const code = codeFromSupport(
      Array.from({ length: 10 }, (_, j) => [j, (j + 1) % 10, (j + 3) % 10, (j + 7) % 10, (j + 8) % 10]),
      10,
    );
    const stragglers = { chunkTime: { dist: 'exponential', rate: 1 }, failures: { p: 0.1 } };
    const cell = naturalCell(code, stragglers, { kind: 'partial', parts: 2 }, [0.5, 1, 2, 4], {
      trials: 3000,
      seed: 7,
      index: 2,
    });
    const run = () => {
      const r = emptyReduction(cell.grid.length, null);
      runTrialsCpu(cell, 0, cell.trials, r, true);
      return r;
    };
    // The fast path's buffers are views of the module's memory (past its constants); the twin's own their buffer.
    const source = () => finishTimeSource(cell.schedule, new TrialDrawer(cell.stragglers, 7, 2));
    expect(source().finish.byteOffset).toBeGreaterThanOrEqual(1024);
    const fast = run();
    process.env.GRADCODE_WASM = '0';
    expect(source().finish.byteOffset).toBe(0);
    const twin = run();
    expect([...fast.raw!]).toEqual([...twin.raw!]);
    expect(fast.completion).toEqual(twin.completion);
    expect(fast.errors).toEqual(twin.errors);
    expect([...fast.decodable]).toEqual([...twin.decodable]);
  });

  it('is used only where it covers the model (deterministic times and traces take the TypeScript path)', () => {
    const code = codeFromSupport(
      [
        [0, 1],
        [1, 2],
        [2, 0],
      ],
      3,
    );
    const fixed = resolveStragglerModel(
      StragglerModelSchema.parse({ chunkTime: { dist: 'deterministic', value: 1 } }),
      3,
    );
    const pareto = resolveStragglerModel(
      StragglerModelSchema.parse({ chunkTime: { dist: 'pareto', scale: 1, shape: 2 } }),
      3,
    );
    expect(wasmCoversModel(fixed)).toBe(false);
    expect(wasmCoversModel(pareto)).toBe(false);
    expect(() => new WasmFinishTimes(naturalSchedule(code), fixed, 1, 0)).toThrow(RangeError);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  createGemmKernel,
  type GemmKernel,
  multiplyRows,
  ScalarGemm,
  WasmGemm,
} from '../../src/train/descent/wasm-gemm.js';
import { gramOfRows } from '../../src/train/problem/gram.js';

/**
 * The products of the CPU twin (src/train/descent/wasm-gemm.ts) — the WebAssembly f64x2 module wasm/gemm.wat and its
 * TypeScript loops (GRADCODE_WASM=0) — equal the scalar loop Σ_k M[k][a]·x[k] bit for bit (separate multiply and
 * add, k in order), for odd depths, several blocks, and with `accumulate` continuing a sum split over k, and equal
 * each other bit for bit; gramOfRows and multiplyRows built on them equal their scalar definitions bit for bit.
 */
const KERNELS: [string, () => GemmKernel][] = [
  ['WebAssembly', () => new WasmGemm()],
  ['TypeScript', () => new ScalarGemm()],
];

afterEach(() => {
  delete process.env.GRADCODE_WASM;
});
function values(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

describe.each(KERNELS)('%s product', (_, make) => {
  it('gemm equals the scalar loop bit for bit; accumulate continues the sum', () => {
    const kernel = make();
    for (const [depth, cols, blocks] of [
      [1, 4, 1],
      [7, 8, 3],
      [33, 12, 2],
      [256, 256, 5],
    ]) {
      const M = values(depth * cols, depth);
      const X = values(blocks * 4 * depth, cols);
      const mOff = 0;
      const xOff = depth * cols;
      const yOff = xOff + blocks * 4 * depth;
      const f = kernel.reserve(yOff + blocks * 4 * cols);
      f.set(M, mOff);
      f.set(X, xOff);
      kernel.gemm(mOff, xOff, yOff, depth, cols, blocks);
      const once = f.slice(yOff, yOff + blocks * 4 * cols);
      for (let b = 0; b < blocks; b++) {
        for (let q = 0; q < 4; q++) {
          for (let a = 0; a < cols; a++) {
            let s = 0;
            for (let k = 0; k < depth; k++) s += M[k * cols + a] * X[(b * depth + k) * 4 + q];
            expect(once[(b * 4 + q) * cols + a]).toBe(s);
          }
        }
      }
      if (depth < 2) continue;
      // The same sum in two consecutive k ranges: [0, h) then [h, depth) with accumulate.
      const h = depth >> 1;
      const split = new Float64Array(blocks * 4 * (depth - h));
      const head = new Float64Array(blocks * 4 * h);
      for (let b = 0; b < blocks; b++) {
        head.set(X.subarray(b * depth * 4, (b * depth + h) * 4), b * h * 4);
        split.set(X.subarray((b * depth + h) * 4, (b + 1) * depth * 4), b * (depth - h) * 4);
      }
      f.set(head, xOff);
      kernel.gemm(mOff, xOff, yOff, h, cols, blocks);
      f.set(M.subarray(h * cols), mOff);
      f.set(split, xOff);
      kernel.gemm(mOff, xOff, yOff, depth - h, cols, blocks, true);
      expect(f.slice(yOff, yOff + blocks * 4 * cols)).toEqual(once);
    }
  });

  it('multiplyRows equals the scalar triple loop bit for bit (cols not a multiple of 4, several row blocks)', () => {
    const [rows, depth, cols] = [2500, 9, 7];
    const A = values(rows * depth, 1);
    const M = values(depth * cols, 2);
    const out = multiplyRows(A, rows, depth, M, cols);
    for (let r = 0; r < rows; r += 37) {
      for (let c = 0; c < cols; c++) {
        let s = 0;
        for (let k = 0; k < depth; k++) s += A[r * depth + k] * M[k * cols + c];
        expect(out[r * cols + c]).toBe(s);
      }
    }
  });

  it('gramOfRows equals the row-by-row accumulation bit for bit and is symmetric', () => {
    const [n, d] = [600, 10];
    const X = values(n * d, 3);
    const G = gramOfRows(X, d, 13, 590, 1 / n);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let r = 13; r < 590; r++) s += X[r * d + i] * X[r * d + j];
        expect(G[i * d + j]).toBe(s * (1 / n));
        expect(G[i * d + j]).toBe(G[j * d + i]);
      }
    }
  });
});

describe.each(KERNELS)('%s product over listed runs', (_, make) => {
  it('gemmRuns: M·x − β assigned, or subtracted times c, for listed rows, as the scalar update', () => {
    const kernel = make();
    const [depth, cols, rows] = [7, 8, 11];
    const M = values(depth * cols, 5);
    const beta = values(cols, 6);
    const base = values(rows * cols, 7);
    const runs = Int32Array.from([3, 0, 10, 3, 7, 2, 2, 9]);
    const coefs = values(8, 8);
    // Layout (f64 units): M | rows (row stride = cols ≥ depth) | out rows | β | coefs | runs (i32).
    const xOff = depth * cols;
    const outOff = xOff + rows * cols;
    const betaOff = outOff + rows * cols;
    const coefOff = betaOff + cols;
    const runsOff = coefOff + 8;
    const X = values(rows * cols, 9);
    for (const mode of ['assign', 'subtract'] as const) {
      const f = kernel.reserve(runsOff + 8);
      f.set(M, 0);
      f.set(X, xOff);
      f.set(base, outOff);
      f.set(beta, betaOff);
      f.set(coefs, coefOff);
      new Int32Array(f.buffer, runsOff * 8, 8).set(runs);
      // Repeated rows (3 and 2) are updated twice in subtract mode, in list order.
      kernel.gemmRuns(0, runsOff * 2, xOff, outOff, cols, betaOff, coefOff, depth, cols, 2, mode);
      const expected = Float64Array.from(base);
      for (let v = 0; v < 8; v++) {
        const r = runs[v];
        for (let a = 0; a < cols; a++) {
          let s = 0;
          for (let k = 0; k < depth; k++) s += M[k * cols + a] * X[r * cols + k];
          const t = s - beta[a];
          expected[r * cols + a] = mode === 'assign' ? t : expected[r * cols + a] - coefs[v] * t;
        }
      }
      expect(kernel.f64.slice(outOff, outOff + rows * cols)).toEqual(expected);
    }
  });
});

describe('the two product kernels', () => {
  it('give the same bits on the same memory, rows updated in place included', () => {
    const [depth, cols, rows] = [40, 16, 13];
    const memory = values(depth * cols + 3 * rows * cols + cols + 16 + 8, 11);
    const runs = Int32Array.from([5, 1, 12, 5, 0, 7, 3, 3, 9, 2, 11, 4, 6, 8, 10, 12]);
    const layout = { x: depth * cols, out: depth * cols + rows * cols, beta: depth * cols + 3 * rows * cols };
    const coefOff = layout.beta + cols;
    const runsOff = coefOff + 16;
    const results = KERNELS.map(([, make]) => {
      const kernel = make();
      const f = kernel.reserve(memory.length);
      f.set(memory);
      new Int32Array(f.buffer, runsOff * 8, 16).set(runs);
      kernel.gemm(0, layout.x, layout.out, depth, cols, 3, true);
      kernel.gemmRuns(0, runsOff * 2, layout.x, layout.out, cols, layout.beta, coefOff, depth, cols, 4, 'subtract');
      // In place: the updated rows are the multiplied ones.
      kernel.gemmRuns(0, runsOff * 2, layout.out, layout.out, cols, layout.beta, coefOff, cols, cols, 4, 'assign');
      return kernel.f64.slice(0, memory.length);
    });
    expect(results[1]).toEqual(results[0]);
  });

  it('follow GRADCODE_WASM: the TypeScript loops with 0, the module otherwise', () => {
    expect(createGemmKernel()).toBeInstanceOf(WasmGemm);
    process.env.GRADCODE_WASM = '0';
    expect(createGemmKernel()).toBeInstanceOf(ScalarGemm);
  });
});

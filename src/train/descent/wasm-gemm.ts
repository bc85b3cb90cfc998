import { wasmEnabled } from '../../flags.js';
import { wasmModule } from '../../wasm-module.js';

/**
 * The f64 matrix products of the CPU twin (wasm/gemm.wat states them): `gemm`, Y = blocks of X times M, and
 * `gemmRuns`, the product with listed rows of a run-major array fused with their update. A kernel owns a memory of f64
 * values (offsets are in f64 units, `runs` lists in i32 units of the same buffer) that callers fill through
 * {@link reserve}; every output is one accumulator summed over k in order with a separate multiply and add, so the
 * WebAssembly module and the TypeScript loops give the same bits (test/train/wasm-gemm.test.ts).
 */
export interface GemmKernel {
  /** Ensures at least `values` f64 of memory and returns the (possibly new) view; contents are kept. */
  reserve(values: number): Float64Array;
  /** The current f64 view of the memory. */
  readonly f64: Float64Array;
  /**
   * Y[4b + q][a] = Σ_{k < depth} M[k][a]·X_b[k][q] (M depth × cols row-major at m, X_b[k][q] at x + (b·depth + k)·4
   * + q, Y (4·blocks) × cols at y; cols a multiple of 4). With `accumulate` the sums continue from the values already
   * in Y, so splitting k into consecutive ranges gives the same bits as one call.
   */
  gemm(m: number, x: number, y: number, depth: number, cols: number, blocks: number, accumulate?: boolean): void;
  /**
   * For v < 4·blocks, with the row x + runs[v]·row and t = M·x − β (β at `beta`): the row out + runs[v]·row becomes t
   * (`assign`) or out − coefs[v]·t (`subtract`). Runs are taken four at a time: a block's products are formed before
   * its rows are updated, in list order.
   */
  gemmRuns(
    m: number,
    runs: number,
    x: number,
    out: number,
    row: number,
    beta: number,
    coefs: number,
    depth: number,
    cols: number,
    blocks: number,
    mode: 'assign' | 'subtract',
  ): void;
}

const PAGE_BYTES = 65536;

function checkColumns(cols: number): void {
  if (cols % 4 !== 0) throw new RangeError(`cols = ${cols} is not a multiple of 4`);
}

interface GemmExports {
  readonly memory: WebAssembly.Memory;
  gemm(m: number, x: number, y: number, depth: number, cols: number, blocks: number, accumulate: number): void;
  gemmRuns(...args: number[]): void;
}

/** The products in WebAssembly SIMD f64x2 (wasm/gemm.wat): one instance per kernel, its own growable memory. */
export class WasmGemm implements GemmKernel {
  private readonly exports: GemmExports;
  private view: Float64Array;

  constructor() {
    this.exports = new WebAssembly.Instance(wasmModule('gemm')).exports as unknown as GemmExports;
    this.view = new Float64Array(this.exports.memory.buffer);
  }

  reserve(values: number): Float64Array {
    const { memory } = this.exports;
    const bytes = values * 8;
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES));
      this.view = new Float64Array(memory.buffer);
    }
    return this.view;
  }

  get f64(): Float64Array {
    return this.view;
  }

  gemm(m: number, x: number, y: number, depth: number, cols: number, blocks: number, accumulate = false): void {
    checkColumns(cols);
    if (blocks > 0 && depth > 0) this.exports.gemm(m * 8, x * 8, y * 8, depth, cols, blocks, accumulate ? 1 : 0);
    else if (blocks > 0 && !accumulate) this.view.fill(0, y, y + 4 * blocks * cols);
  }

  gemmRuns(
    m: number,
    runs: number,
    x: number,
    out: number,
    row: number,
    beta: number,
    coefs: number,
    depth: number,
    cols: number,
    blocks: number,
    mode: 'assign' | 'subtract',
  ): void {
    checkColumns(cols);
    if (blocks === 0) return;
    const stride = 8 * row;
    this.exports.gemmRuns(
      8 * m,
      4 * runs,
      8 * x,
      stride,
      8 * out,
      stride,
      8 * beta,
      8 * coefs,
      depth,
      cols,
      blocks,
      mode === 'assign' ? 0 : 1,
    );
  }
}

/**
 * The same products as TypeScript loops over an ArrayBuffer memory (GRADCODE_WASM=0): the module's register blocks
 * and loop order, each output summed over k in order, so the bits are the module's.
 */
export class ScalarGemm implements GemmKernel {
  private view = new Float64Array(PAGE_BYTES / 8);

  reserve(values: number): Float64Array {
    if (values > this.view.length) {
      const pages = Math.ceil((values * 8) / PAGE_BYTES);
      const grown = new Float64Array((pages * PAGE_BYTES) / 8);
      grown.set(this.view);
      this.view = grown;
    }
    return this.view;
  }

  get f64(): Float64Array {
    return this.view;
  }

  gemm(m: number, x: number, y: number, depth: number, cols: number, blocks: number, accumulate = false): void {
    checkColumns(cols);
    const f = this.view;
    if (!(blocks > 0 && depth > 0)) {
      if (blocks > 0 && !accumulate) f.fill(0, y, y + 4 * blocks * cols);
      return;
    }
    const acc = new Float64Array(16);
    for (let a = 0; a < cols; a += 4) {
      for (let b = 0; b < blocks; b++) {
        const yAt = y + 4 * b * cols + a;
        for (let q = 0; q < 4; q++) for (let c = 0; c < 4; c++) acc[4 * q + c] = accumulate ? f[yAt + q * cols + c] : 0;
        let mAt = m + a;
        let xAt = x + b * depth * 4;
        for (let k = 0; k < depth; k++, mAt += cols, xAt += 4) {
          for (let q = 0; q < 4; q++) {
            const xs = f[xAt + q];
            for (let c = 0; c < 4; c++) acc[4 * q + c] += f[mAt + c] * xs;
          }
        }
        for (let q = 0; q < 4; q++) for (let c = 0; c < 4; c++) f[yAt + q * cols + c] = acc[4 * q + c];
      }
    }
  }

  gemmRuns(
    m: number,
    runs: number,
    x: number,
    out: number,
    row: number,
    beta: number,
    coefs: number,
    depth: number,
    cols: number,
    blocks: number,
    mode: 'assign' | 'subtract',
  ): void {
    checkColumns(cols);
    if (blocks === 0) return;
    const f = this.view;
    const list = new Int32Array(f.buffer, 4 * runs, 4 * blocks);
    const acc = new Float64Array(16);
    for (let a = 0; a < cols; a += 4) {
      for (let b = 0; b < blocks; b++) {
        acc.fill(0);
        for (let k = 0; k < depth; k++) {
          const mAt = m + k * cols + a;
          for (let q = 0; q < 4; q++) {
            const xs = f[x + list[4 * b + q] * row + k];
            for (let c = 0; c < 4; c++) acc[4 * q + c] += f[mAt + c] * xs;
          }
        }
        for (let q = 0; q < 4; q++) {
          const c0 = f[coefs + 4 * b + q];
          const outAt = out + list[4 * b + q] * row + a;
          for (let c = 0; c < 4; c++) {
            const t = acc[4 * q + c] - f[beta + a + c];
            f[outAt + c] = mode === 'assign' ? t : f[outAt + c] - c0 * t;
          }
        }
      }
    }
  }
}

/** A product kernel with its own memory: the WebAssembly module, or its TypeScript loops with GRADCODE_WASM=0. */
export function createGemmKernel(): GemmKernel {
  return wasmEnabled() ? new WasmGemm() : new ScalarGemm();
}

let shared: GemmKernel | null = null;

/** This thread's shared kernel (the descent's operators stay resident in its memory between tasks). */
export function threadGemm(): GemmKernel {
  shared ??= createGemmKernel();
  return shared;
}

/** Rows per product call of {@link multiplyRows} (bounds the kernel memory it needs). */
const ROWS_PER_CALL = 1024;

let rowsKernel: GemmKernel | null = null;

/**
 * out = A·M for row-major A (rows × depth) and M (depth × cols): out[r][c] = Σ_k A[r][k]·M[k][c], summed over k in
 * order, bit for bit the scalar triple loop (each product a·m is the same IEEE value as m·a). Runs in blocks of
 * {@link ROWS_PER_CALL} rows on this thread's product kernel.
 */
export function multiplyRows(
  A: Float64Array,
  rows: number,
  depth: number,
  M: Float64Array,
  cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols);
  if (rows === 0 || cols === 0) return out;
  const cols4 = Math.ceil(cols / 4) * 4;
  const chunk = Math.min(rows, ROWS_PER_CALL);
  const blocks = Math.ceil(chunk / 4);
  const mOff = 0;
  const xOff = depth * cols4;
  const yOff = xOff + blocks * 4 * depth;
  rowsKernel ??= createGemmKernel();
  const f = rowsKernel.reserve(yOff + blocks * 4 * cols4);
  f.fill(0, mOff, xOff);
  for (let k = 0; k < depth; k++) for (let c = 0; c < cols; c++) f[mOff + k * cols4 + c] = M[k * cols + c];
  for (let first = 0; first < rows; first += chunk) {
    const n = Math.min(chunk, rows - first);
    f.fill(0, xOff, yOff);
    for (let t = 0; t < n; t++) {
      const src = (first + t) * depth;
      const at = xOff + (t >> 2) * 4 * depth + (t & 3);
      for (let k = 0; k < depth; k++) f[at + 4 * k] = A[src + k];
    }
    rowsKernel.gemm(mOff, xOff, yOff, depth, cols4, Math.ceil(n / 4));
    for (let t = 0; t < n; t++) {
      const dst = (first + t) * cols;
      const src = yOff + t * cols4;
      for (let c = 0; c < cols; c++) out[dst + c] = f[src + c];
    }
  }
  return out;
}

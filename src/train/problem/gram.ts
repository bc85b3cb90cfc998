import { createGemmKernel, type GemmKernel } from '../descent/wasm-gemm.js';

/** Rows per product call: keeps the row block (rows × d4 f64) near the core's L2 cache. */
const ROW_BLOCK = 256;

let kernel: GemmKernel | null = null;

/**
 * Gram matrix of a row range of a row-major matrix: G = scale · Σ_{r ∈ [from, to)} x_r x_rᵀ (d × d, row-major, both
 * triangles). Computed by the product kernel (src/train/descent/wasm-gemm.ts) with M = a block of rows and the
 * vectors = 4-column panels of the same rows, block after block into the same accumulators: entry (i, j) is
 * Σ_r x_rj·x_ri summed over r in order, then scaled — the value of the scalar accumulation over rows, exactly
 * symmetric.
 */
export function gramOfRows(X: Float64Array, d: number, from: number, to: number, scale = 1): Float64Array {
  const G = new Float64Array(d * d);
  const rows = to - from;
  if (rows <= 0 || d === 0) return G;
  const d4 = Math.ceil(d / 4) * 4;
  const blocks = d4 / 4;
  const block = Math.min(rows, ROW_BLOCK);
  const mOff = 0;
  const xOff = block * d4;
  const yOff = xOff + block * d4;
  kernel ??= createGemmKernel();
  const f = kernel.reserve(yOff + d4 * d4);
  f.fill(0, 0, yOff);
  for (let first = 0; first < rows; first += block) {
    const n = Math.min(block, rows - first);
    for (let k = 0; k < n; k++) {
      const src = (from + first + k) * d;
      for (let c = 0; c < d; c++) {
        const v = X[src + c];
        f[mOff + k * d4 + c] = v;
        f[xOff + ((c >> 2) * n + k) * 4 + (c & 3)] = v;
      }
    }
    kernel.gemm(mOff, xOff, yOff, n, d4, blocks, first > 0);
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) G[i * d + j] = f[yOff + i * d4 + j] * scale;
  }
  return G;
}

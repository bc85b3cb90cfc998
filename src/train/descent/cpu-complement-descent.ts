import type { WorkRange } from '../../engine/kernel.js';
import { TERM_SLOT } from './complement-operators.js';
import { finishRun, queryPoint, stepState } from './cpu-step.js';
import type { DescentParams, DescentResult } from './params.js';
import { wasmGemm } from './wasm-gemm.js';

/** The operator set this thread's WebAssembly memory holds (copied once per set, then reused by every task). */
let resident = -1;

/**
 * Packs the query points of `count` runs (rows `list[t]` of Y, or rows 0 … count − 1 without a list) into the
 * interleaved product input at `at` (src/train/descent/wasm-gemm.ts), zero-padding the last block; returns blocks.
 */
function pack(
  f: Float64Array,
  at: number,
  Y: Float64Array,
  d: number,
  d4: number,
  list: Int32Array | null,
  count: number,
) {
  const used = Math.ceil(count / 4) * 4;
  for (let t = 0; t < used; t++) {
    const dst = at + (t >> 2) * 4 * d4 + (t & 3);
    if (t < count) {
      const src = (list ? list[t] : t) * d;
      for (let c = 0; c < d; c++) f[dst + 4 * c] = Y[src + c];
      for (let c = d; c < d4; c++) f[dst + 4 * c] = 0;
    } else {
      for (let c = 0; c < d4; c++) f[dst + 4 * c] = 0;
    }
  }
  return used / 4;
}

/**
 * The f64 twin of the complement form (src/train/descent/complement-operators.ts): per iteration, g = H̄y − b̄ for
 * every run of the range, then for each worker j the runs whose round lost j (c_j ≠ 0) are multiplied by K_j together,
 * and ĝ = [g or K_a y − β_a] − Σ_j c_j (K_j y − β_j), the subtraction in ascending j; metrics and step as the dense
 * twin (src/train/descent/cpu-step.ts). Products run in WebAssembly f64x2 (src/train/descent/wasm-gemm.ts); each
 * output is summed over k in order, so a run's result does not depend on which runs shared its products, nor on
 * how the runs are split over threads.
 */
export function runComplementDescentCpu(params: DescentParams, range: WorkRange): DescentResult {
  const ops = params.complement!;
  const { d4, N, baseIsOnes, vectors } = ops;
  const { d } = params.problem;
  const correction = params.correction;
  const R = range.end - range.start;
  const task = stepState(params, range.start, range.end);
  const size = d4 * d4;
  const blocks = Math.ceil(R / 4);
  const xOff = (N + TERM_SLOT) * size;
  const yOff = xOff + blocks * 4 * d4;
  const gemm = wasmGemm();
  const f = gemm.reserve(yOff + blocks * 4 * d4);
  if (resident !== ops.id) {
    f.set(ops.matrices, 0);
    resident = ops.id;
  }
  const Y = new Float64Array(R * d);
  const g = new Float64Array(R * d);
  const ghat = new Float64Array(R * d);
  // Per iteration: the runs of each correction term j (CSR over j) and their coefficients.
  const starts = new Int32Array(N + 1);
  const members = new Int32Array(R * N);
  const weights = new Float64Array(R * N);
  for (let slot = 0; slot < task.slots; slot++) {
    const final = slot === params.count;
    for (let local = 0; local < R; local++) queryPoint(task, local, slot, Y, local * d);
    gemm.gemm(0, xOff, yOff, d4, d4, pack(f, xOff, Y, d, d4, null, R));
    for (let local = 0; local < R; local++) {
      const row = yOff + local * d4;
      for (let c = 0; c < d; c++) g[local * d + c] = f[row + c] - vectors[c];
    }
    if (!final) {
      if (baseIsOnes) ghat.set(g);
      else {
        gemm.gemm(size, xOff, yOff, d4, d4, pack(f, xOff, Y, d, d4, null, R));
        for (let local = 0; local < R; local++) {
          const row = yOff + local * d4;
          for (let c = 0; c < d; c++) ghat[local * d + c] = f[row + c] - vectors[d4 + c];
        }
      }
      starts.fill(0);
      const first = (slot * params.runs + range.start) * N;
      for (let e = 0; e < R * N; e++) if (correction[first + e] !== 0) starts[(e % N) + 1]++;
      for (let j = 0; j < N; j++) starts[j + 1] += starts[j];
      const fill = starts.slice(0, N);
      for (let local = 0; local < R; local++) {
        for (let j = 0; j < N; j++) {
          const cj = correction[first + local * N + j];
          if (cj === 0) continue;
          members[fill[j]] = local;
          weights[fill[j]++] = cj;
        }
      }
      for (let j = 0; j < N; j++) {
        const count = starts[j + 1] - starts[j];
        if (count === 0) continue;
        const list = members.subarray(starts[j], starts[j + 1]);
        gemm.gemm((TERM_SLOT + j) * size, xOff, yOff, d4, d4, pack(f, xOff, Y, d, d4, list, count));
        const beta = (TERM_SLOT + j) * d4;
        for (let t = 0; t < count; t++) {
          const at = list[t] * d;
          const cj = weights[starts[j] + t];
          const row = yOff + t * d4;
          for (let c = 0; c < d; c++) ghat[at + c] -= cj * (f[row + c] - vectors[beta + c]);
        }
      }
    }
    for (let local = 0; local < R; local++) {
      const at = local * d;
      let gradientError = Number.NaN;
      if (!final) {
        gradientError = 0;
        for (let c = 0; c < d; c++) gradientError += (ghat[at + c] - g[at + c]) ** 2;
      }
      finishRun(task, local, slot, Y, at, g, at, ghat, at, gradientError, 0, 0);
    }
  }
  return {
    start: range.start,
    end: range.end,
    slots: task.slots,
    metrics: task.metrics,
    state: task.state,
    aux: task.aux,
  };
}

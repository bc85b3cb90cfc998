import type { WorkRange } from '../../engine/kernel.js';
import { TERM_SLOT } from './complement-operators.js';
import { finishRun, queryPoint, stepState } from './cpu-step.js';
import type { DescentParams, DescentResult } from './params.js';
import { wasmGemm } from './wasm-gemm.js';

/** The operator set this thread's WebAssembly memory holds (copied once per set, then reused by every task). */
let resident = -1;

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
  const { d4, N, baseIsOnes } = ops;
  const { d } = params.problem;
  const R = range.end - range.start;
  const task = stepState(params, range.start, range.end);
  const size = d4 * d4;
  const blocks = Math.ceil(R / 4);
  const opsValues = (N + TERM_SLOT) * size;
  const xOff = opsValues;
  const yOff = xOff + blocks * 4 * d4;
  const gemm = wasmGemm();
  let f = gemm.reserve(yOff + blocks * 4 * d4);
  if (resident !== ops.id) {
    f.set(ops.matrices, 0);
    resident = ops.id;
  }
  const Y = new Float64Array(R * d);
  const g = new Float64Array(R * d);
  const ghat = new Float64Array(R * d);
  const list = new Int32Array(R);
  /** Packs the query points of `count` runs (local indices in `list`) into X, zero-padding the last block. */
  const pack = (count: number, all: boolean) => {
    f = gemm.f64;
    const used = Math.ceil(count / 4) * 4;
    f.fill(0, xOff, xOff + used * d4);
    for (let t = 0; t < count; t++) {
      const local = all ? t : list[t];
      const at = xOff + (t >> 2) * 4 * d4 + (t & 3);
      for (let c = 0; c < d; c++) f[at + 4 * c] = Y[local * d + c];
    }
    return used / 4;
  };
  const vectors = ops.vectors;
  for (let slot = 0; slot < task.slots; slot++) {
    const final = slot === params.count;
    for (let local = 0; local < R; local++) queryPoint(task, local, slot, Y, local * d);
    gemm.gemm(0, xOff, yOff, d4, d4, pack(R, true));
    for (let local = 0; local < R; local++) {
      for (let c = 0; c < d; c++) g[local * d + c] = f[yOff + local * d4 + c] - vectors[c];
    }
    if (!final) {
      if (baseIsOnes) ghat.set(g);
      else {
        gemm.gemm(size, xOff, yOff, d4, d4, pack(R, true));
        for (let local = 0; local < R; local++) {
          for (let c = 0; c < d; c++) ghat[local * d + c] = f[yOff + local * d4 + c] - vectors[d4 + c];
        }
      }
      const entry = (local: number) => (slot * params.runs + range.start + local) * N;
      for (let j = 0; j < N; j++) {
        let count = 0;
        for (let local = 0; local < R; local++) if (params.correction[entry(local) + j] !== 0) list[count++] = local;
        if (count === 0) continue;
        gemm.gemm((TERM_SLOT + j) * size, xOff, yOff, d4, d4, pack(count, false));
        const beta = (TERM_SLOT + j) * d4;
        for (let t = 0; t < count; t++) {
          const local = list[t];
          const cj = params.correction[entry(local) + j];
          for (let c = 0; c < d; c++) ghat[local * d + c] -= cj * (f[yOff + t * d4 + c] - vectors[beta + c]);
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

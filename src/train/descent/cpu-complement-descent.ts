import type { WorkRange } from '../../engine/kernel.js';
import { TERM_SLOT } from './complement-operators.js';
import { finishRun, queryPoint, stepState } from './cpu-step.js';
import type { DescentParams, DescentResult } from './params.js';
import { threadGemm } from './wasm-gemm.js';

/** The operator set this thread's product-kernel memory holds (copied once per set, then reused by every task). */
let resident = -1;

/**
 * The f64 twin of the complement form (src/train/descent/complement-operators.ts): per iteration, g = H̄y − b̄ for
 * every run of the range, then for each worker j the runs whose round lost j (c_j ≠ 0) are multiplied by K_j together,
 * and ĝ = [g or K_a y − β_a] − Σ_j c_j (K_j y − β_j), the subtraction in ascending j; metrics and step as the dense
 * twin (src/train/descent/cpu-step.ts). The products and their updates run in WebAssembly f64x2 (or its TypeScript
 * loops with GRADCODE_WASM=0) on run rows in its memory (`gemmRuns`, src/train/descent/wasm-gemm.ts); each output is summed over k in order, so a run's result
 * does not depend on which runs shared its products, nor on how the runs are split over threads.
 */
export function runComplementDescentCpu(params: DescentParams, range: WorkRange): DescentResult {
  const ops = params.complement!;
  const { d4, N, baseIsOnes } = ops;
  const { d } = params.problem;
  const correction = params.correction;
  const R = range.end - range.start;
  const task = stepState(params, range.start, range.end);
  const size = d4 * d4;
  // Kernel memory (f64 units): operators | their linear terms | query points, g, ĝ (R + 1 rows of d4 each; row R
  // is the scratch target of padding) | coefficients | run lists (i32).
  const linearOff = (N + TERM_SLOT) * size;
  const yOff = linearOff + (N + TERM_SLOT) * d4;
  const gOff = yOff + (R + 1) * d4;
  const hOff = gOff + (R + 1) * d4;
  const capacity = Math.ceil((R + 3) / 4) * 4 * Math.max(1, N);
  const coefOff = hOff + (R + 1) * d4;
  const listOff = coefOff + capacity;
  const gemm = threadGemm();
  const f = gemm.reserve(listOff + Math.ceil(capacity / 2));
  if (resident !== ops.id) {
    f.set(ops.matrices, 0);
    f.set(ops.vectors, linearOff);
    resident = ops.id;
  }
  f.fill(0, yOff, gOff);
  const list = new Int32Array(f.buffer, listOff * 8, capacity);
  const coefs = f.subarray(coefOff, coefOff + capacity);
  /** Lists `count` runs (already in `list`) padded to blocks of 4 with the scratch row R; returns the blocks. */
  const pad = (count: number) => {
    const used = Math.ceil(count / 4) * 4;
    for (let t = count; t < used; t++) {
      list[t] = R;
      coefs[t] = 0;
    }
    return used / 4;
  };
  const all = Math.ceil(R / 4);
  for (let slot = 0; slot < task.slots; slot++) {
    const final = slot === params.count;
    for (let local = 0; local < R; local++) queryPoint(task, local, slot, f, yOff + local * d4);
    for (let r = 0; r < R; r++) list[r] = r;
    pad(R);
    gemm.gemmRuns(0, listOff * 2, yOff, gOff, d4, linearOff, coefOff, d4, d4, all, 'assign');
    if (!final) {
      if (baseIsOnes) f.copyWithin(hOff, gOff, gOff + R * d4);
      else gemm.gemmRuns(size, listOff * 2, yOff, hOff, d4, linearOff + d4, coefOff, d4, d4, all, 'assign');
      const first = (slot * params.runs + range.start) * N;
      for (let j = 0; j < N; j++) {
        let count = 0;
        for (let local = 0; local < R; local++) {
          const cj = correction[first + local * N + j];
          if (cj === 0) continue;
          list[count] = local;
          coefs[count++] = cj;
        }
        if (count === 0) continue;
        const term = TERM_SLOT + j;
        const blocks = pad(count);
        gemm.gemmRuns(
          term * size,
          listOff * 2,
          yOff,
          hOff,
          d4,
          linearOff + term * d4,
          coefOff,
          d4,
          d4,
          blocks,
          'subtract',
        );
      }
    }
    for (let local = 0; local < R; local++) {
      const yAt = yOff + local * d4;
      const gAt = gOff + local * d4;
      const hAt = hOff + local * d4;
      let gradientError = Number.NaN;
      if (!final) {
        gradientError = 0;
        for (let c = 0; c < d; c++) gradientError += (f[hAt + c] - f[gAt + c]) ** 2;
      }
      finishRun(task, local, slot, f, yAt, f, gAt, f, hAt, gradientError, 0, 0);
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

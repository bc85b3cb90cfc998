import type { WorkRange } from '../../engine/kernel.js';
import { sigmoid, softplus } from '../problem/loss.js';
import type { TrainProblem } from '../problem/problem.js';
import { runComplementDescentCpu } from './cpu-complement-descent.js';
import { finishRun, queryPoint, stepState } from './cpu-step.js';
import type { DescentParams, DescentResult } from './params.js';

/** Runs advanced in lockstep so each chunk's data is read once per block of runs (cache reuse). */
const BLOCK = 8;

/**
 * Chunk gradients of a block of query points in f64: G[(i·nb + b)·d + c] = ∂_c f_i(Y_b). Returns the data part of
 * the loss per query point for the direct form (the Gram form's loss comes from the gradient, see below).
 */
function chunkGradients(problem: TrainProblem, Y: Float64Array, nb: number, G: Float64Array, dataLoss: Float64Array) {
  const { d, m, n, lambda } = problem;
  const ridge = lambda / m;
  dataLoss.fill(0);
  for (let i = 0; i < m; i++) {
    for (let b = 0; b < nb; b++) {
      const gb = (i * nb + b) * d;
      for (let c = 0; c < d; c++) G[gb + c] = ridge * Y[b * d + c];
    }
  }
  if (problem.gram) {
    const { H, b: lin } = problem.gram;
    for (let i = 0; i < m; i++) {
      const hb = i * d * d;
      for (let c = 0; c < d; c++) {
        const row = hb + c * d;
        const bias = lin[i * d + c];
        // Four runs per sweep of the Hessian row: four independent accumulator chains share each load of H. Every
        // accumulator still sums k = 0 … d − 1 in order, so the result is bit-identical to one run at a time.
        let b = 0;
        for (; b + 4 <= nb; b += 4) {
          const y0 = b * d;
          const y1 = y0 + d;
          const y2 = y1 + d;
          const y3 = y2 + d;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          for (let k = 0; k < d; k++) {
            const h = H[row + k];
            a0 += h * Y[y0 + k];
            a1 += h * Y[y1 + k];
            a2 += h * Y[y2 + k];
            a3 += h * Y[y3 + k];
          }
          const gb = (i * nb + b) * d + c;
          G[gb] += a0 - bias;
          G[gb + d] += a1 - bias;
          G[gb + 2 * d] += a2 - bias;
          G[gb + 3 * d] += a3 - bias;
        }
        for (; b < nb; b++) {
          const yb = b * d;
          let acc = 0;
          for (let k = 0; k < d; k++) acc += H[row + k] * Y[yb + k];
          G[(i * nb + b) * d + c] += acc - bias;
        }
      }
    }
    return;
  }
  const { X, y, chunkStart } = problem;
  const logistic = problem.loss === 'logistic';
  for (let i = 0; i < m; i++) {
    for (let r = chunkStart[i]; r < chunkStart[i + 1]; r++) {
      const xr = r * d;
      const yr = y[r];
      for (let b = 0; b < nb; b++) {
        const yb = b * d;
        let z = 0;
        for (let k = 0; k < d; k++) z += X[xr + k] * Y[yb + k];
        let res: number;
        if (logistic) {
          const t = -yr * z;
          dataLoss[b] += softplus(t) / n;
          res = (-yr * sigmoid(t)) / n;
        } else {
          dataLoss[b] += (0.5 * (z - yr) * (z - yr)) / n;
          res = (z - yr) / n;
        }
        const gb = (i * nb + b) * d;
        for (let k = 0; k < d; k++) G[gb + k] += res * X[xr + k];
      }
    }
  }
}

/**
 * The f64 CPU twin of the descent kernel (the reference for the WGSL passes in shaders/train/): for each run of the
 * range and each iteration of the window, the chunk gradients g_i at the query point, the exact gradient g = Σ_i g_i,
 * the decoded estimate ĝ (coefficient or message path, {@link DescentParams.path}), the metrics
 *   loss f(y_k), distance ‖x_k − x*‖², gradient error ‖ĝ − g‖², ‖g‖², message energy Σ_j ω_j ‖msg_j‖²,
 * and the GD or AGD step (src/train/descent/cpu-step.ts). With ℓ > 1 parts (d divisible by ℓ, block length s = d/ℓ)
 * worker j's message has length s, msg_j[o] = Σ_{entries e of j} Σ_q B[e, q] g_{chunk(e)}[q·s + o], and block p of ĝ
 * is Σ_j w^(p)_j msg_j. Parameters with complement operators take the complement form instead
 * (src/train/descent/cpu-complement-descent.ts).
 */
export function runDescentCpu(params: DescentParams, range: WorkRange): DescentResult {
  if (params.complement) return runComplementDescentCpu(params, range);
  const { problem, code, path, runs } = params;
  const { d, m } = problem;
  const { N, parts, offsets, chunks, coefficients } = code;
  const s = d / parts;
  const wl = N * parts;
  const al = parts * m * parts;
  const R = range.end - range.start;
  const task = stepState(params, range.start, range.end);
  const energy = params.omega.some((w) => w !== 0);

  const Y = new Float64Array(BLOCK * d);
  const G = new Float64Array(m * BLOCK * d);
  const dataLoss = new Float64Array(BLOCK);
  const g = new Float64Array(d);
  const ghat = new Float64Array(d);
  const msg = new Float64Array(N * s);

  for (let b0 = 0; b0 < R; b0 += BLOCK) {
    const nb = Math.min(BLOCK, R - b0);
    for (let slot = 0; slot < task.slots; slot++) {
      const final = slot === params.count;
      for (let b = 0; b < nb; b++) queryPoint(task, b0 + b, slot, Y, b * d);
      chunkGradients(problem, Y, nb, G, dataLoss);
      for (let b = 0; b < nb; b++) {
        const local = b0 + b;
        const run = range.start + local;
        const e = slot * runs + run;
        g.fill(0);
        for (let i = 0; i < m; i++) {
          const gb = (i * nb + b) * d;
          for (let c = 0; c < d; c++) g[c] += G[gb + c];
        }
        let messageEnergy = 0;
        if (path === 'message' || energy) {
          msg.fill(0);
          for (let j = 0; j < N; j++) {
            for (let en = offsets[j]; en < offsets[j + 1]; en++) {
              const gb = (chunks[en] * nb + b) * d;
              for (let q = 0; q < parts; q++) {
                const coef = coefficients[en * parts + q];
                for (let o = 0; o < s; o++) msg[j * s + o] += coef * G[gb + q * s + o];
              }
            }
            if (energy) {
              let sq = 0;
              for (let o = 0; o < s; o++) sq += msg[j * s + o] ** 2;
              messageEnergy += params.omega[j] * sq;
            }
          }
        }
        let gradientError = Number.NaN;
        if (!final) {
          ghat.fill(0);
          if (path === 'message') {
            for (let p = 0; p < parts; p++) {
              for (let j = 0; j < N; j++) {
                const w = params.weights[e * wl + p * N + j];
                if (w === 0) continue;
                for (let o = 0; o < s; o++) ghat[p * s + o] += w * msg[j * s + o];
              }
            }
          } else {
            for (let p = 0; p < parts; p++) {
              for (let i = 0; i < m; i++) {
                const gb = (i * nb + b) * d;
                for (let q = 0; q < parts; q++) {
                  const a = params.alpha[e * al + p * m * parts + i * parts + q];
                  if (a === 0) continue;
                  for (let o = 0; o < s; o++) ghat[p * s + o] += a * G[gb + q * s + o];
                }
              }
            }
          }
          gradientError = 0;
          for (let c = 0; c < d; c++) gradientError += (ghat[c] - g[c]) ** 2;
        }
        finishRun(task, local, slot, Y, b * d, g, 0, ghat, 0, gradientError, messageEnergy, dataLoss[b]);
      }
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

import { chunkBoundaries, type Dataset } from '../data/dataset.js';
import { gramOfRows } from './gram.js';

/** Loss functions of coded gradient descent. */
export type LossName = 'least-squares' | 'logistic';
/** Names accepted in specs. */
export const LOSS_NAMES: readonly LossName[] = ['least-squares', 'logistic'];

/**
 * How chunk gradients are computed: `gram` from per-chunk Gram matrices, g_i = H_i x − b_i (least squares only; m·d²
 * per evaluation), or `direct` from the rows, g_i = X_iᵀ r_i(X_i x) (2·n·d per evaluation; any loss).
 */
export type GradientForm = 'gram' | 'direct';

/** Per-chunk Gram data of a least-squares problem: f_i(x) = ½xᵀH_i x − b_iᵀx + c_i + (λ/2m)‖x‖². */
export interface GramData {
  /** m · d · d, chunk-major, row-major blocks: H_i = X_iᵀX_i / n. */
  readonly H: Float64Array;
  /** m · d: b_i = X_iᵀy_i / n. */
  readonly b: Float64Array;
  /** m: c_i = ‖y_i‖² / (2n). */
  readonly c: Float64Array;
}

/**
 * A coded-gradient-descent problem as plain data (structured-cloneable, so CPU worker threads receive it):
 *
 *   f(x) = Σ_{i<m} f_i(x),   f_i(x) = (1/n) Σ_{rows r of chunk i} ℓ(x; x_r, y_r) + (λ/2m)‖x‖²,
 *
 * with ℓ = ½(x_rᵀx − y_r)² (least squares) or log(1 + exp(−y_r x_rᵀx)) (logistic, y_r = ±1). The ridge term is split
 * evenly over the chunks so that coded descent, x⁺ = x − γ Σ_i α_i ∇f_i(x), matches the model of Glasgow & Wootters
 * (f = Σ_i f_i, each f_i convex and L′-smooth; core-gc.md §D.4) exactly.
 */
export interface TrainProblem {
  readonly loss: LossName;
  readonly form: GradientForm;
  /** Rows, features, chunks. */
  readonly n: number;
  readonly d: number;
  readonly m: number;
  /** Ridge weight λ ≥ 0. */
  readonly lambda: number;
  /** m + 1 row boundaries: chunk i holds rows chunkStart[i] … chunkStart[i+1] − 1. */
  readonly chunkStart: Int32Array;
  /** n × d row-major (direct form); empty for the Gram form. */
  readonly X: Float64Array;
  /** n targets (direct form); empty for the Gram form. */
  readonly y: Float64Array;
  /** Gram form only. */
  readonly gram: GramData | null;
}

/** The form `auto` picks: Gram when it is cheaper (least squares with d < 2 · rows per chunk), else direct. */
export function autoForm(loss: LossName, n: number, d: number, m: number): GradientForm {
  return loss === 'least-squares' && d < (2 * n) / m ? 'gram' : 'direct';
}

/** Builds the problem for a dataset split into m contiguous chunks. */
export function buildProblem(
  dataset: Dataset,
  m: number,
  loss: LossName,
  lambda: number,
  form: GradientForm,
): TrainProblem {
  const { n, d, X, y } = dataset;
  const chunkStart = chunkBoundaries(n, m);
  if (form === 'direct') {
    return { loss, form, n, d, m, lambda, chunkStart, X, y, gram: null };
  }
  if (loss !== 'least-squares') throw new RangeError('the Gram form needs the least-squares loss');
  // Shared memory: CPU worker threads receive the problem by structured clone, which shares a SharedArrayBuffer
  // instead of copying m·d² values per task.
  const H = new Float64Array(new SharedArrayBuffer(Math.max(8, 8 * m * d * d)));
  const b = new Float64Array(m * d);
  const c = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const from = chunkStart[i];
    const to = chunkStart[i + 1];
    H.set(gramOfRows(X, d, from, to, 1 / n), i * d * d);
    for (let r = from; r < to; r++) {
      const yr = y[r];
      c[i] += (yr * yr) / (2 * n);
      for (let k = 0; k < d; k++) b[i * d + k] += (X[r * d + k] * yr) / n;
    }
  }
  return {
    loss,
    form,
    n,
    d,
    m,
    lambda,
    chunkStart,
    X: new Float64Array(0),
    y: new Float64Array(0),
    gram: { H, b, c },
  };
}

import { agdTheta, type DescentParams, METRIC_COUNT } from './params.js';

/** Per-task state the f64 twins share: the runs' iterates, AGD auxiliaries, metrics, and Σ_i b_i (Gram form). */
export interface StepState {
  readonly params: DescentParams;
  readonly slots: number;
  /** (end − start) · d: x_k (GD) or β_k (AGD). */
  readonly state: Float64Array;
  /** (end − start) · d: u_k (AGD). */
  readonly aux: Float64Array;
  readonly metrics: Float64Array;
  /** Σ_i b_i (Gram form; zeros otherwise). */
  readonly bsum: Float64Array;
}

/** The task state for runs [start, end): copies of their iterates and zeroed metrics. */
export function stepState(params: DescentParams, start: number, end: number): StepState {
  const { problem } = params;
  const { d, m } = problem;
  const slots = params.count + (params.evaluateFinal ? 1 : 0);
  const bsum = new Float64Array(d);
  if (problem.gram) for (let i = 0; i < m; i++) for (let c = 0; c < d; c++) bsum[c] += problem.gram.b[i * d + c];
  return {
    params,
    slots,
    state: params.state.slice(start * d, end * d),
    aux: params.optimizer === 'agd' ? params.aux.slice(start * d, end * d) : new Float64Array(0),
    metrics: new Float64Array((end - start) * slots * METRIC_COUNT),
    bsum,
  };
}

/** Writes the query point y_k of local run `local` at `slot` into Y[at … at + d) (AGD: (1 − θ_k)β_k + θ_k u_k). */
export function queryPoint(s: StepState, local: number, slot: number, Y: Float64Array, at: number): void {
  const { d } = s.params.problem;
  const agd = s.params.optimizer === 'agd' && slot < s.params.count;
  const theta = agdTheta(s.params.first + slot);
  const xb = local * d;
  for (let c = 0; c < d; c++) {
    Y[at + c] = agd ? (1 - theta) * s.state[xb + c] + theta * s.aux[xb + c] : s.state[xb + c];
  }
}

/**
 * Records the metrics of local run `local` at `slot` — loss f(y_k) (Gram form from g: ½yᵀ(g − Σb_i) + Σc_i; direct
 * form from the per-sample losses `dataLoss` + ½λ‖y‖²), ‖x_k − x*‖², ‖ĝ − g‖² (`gradientError`), ‖g‖², the message
 * energy — and, before the final evaluation, takes the GD or AGD step with ĝ. g, ĝ and y are read at offsets gb, hb
 * and yb of their arrays.
 */
export function finishRun(
  s: StepState,
  local: number,
  slot: number,
  Y: Float64Array,
  yb: number,
  g: Float64Array,
  gb: number,
  ghat: Float64Array,
  hb: number,
  gradientError: number,
  messageEnergy: number,
  dataLoss: number,
): void {
  const { params, state, aux } = s;
  const { problem } = params;
  const { d } = problem;
  const final = slot === params.count;
  let loss = 0;
  let norm = 0;
  let distance = 0;
  let yy = 0;
  for (let c = 0; c < d; c++) {
    const yc = Y[yb + c];
    norm += g[gb + c] * g[gb + c];
    distance += (state[local * d + c] - params.xStar[c]) ** 2;
    if (problem.gram) loss += 0.5 * yc * (g[gb + c] - s.bsum[c]);
    else yy += yc * yc;
  }
  loss = problem.gram ? loss + params.lossConstant : dataLoss + 0.5 * problem.lambda * yy;
  const mo = (local * s.slots + slot) * METRIC_COUNT;
  s.metrics[mo] = loss;
  s.metrics[mo + 1] = distance;
  s.metrics[mo + 2] = final ? Number.NaN : gradientError;
  s.metrics[mo + 3] = norm;
  s.metrics[mo + 4] = messageEnergy;
  if (final) return;
  const gamma = params.steps[slot];
  const theta = agdTheta(params.first + slot);
  const xb = local * d;
  for (let c = 0; c < d; c++) {
    if (params.optimizer !== 'agd') state[xb + c] -= gamma * ghat[hb + c];
    else {
      const next = Y[yb + c] - gamma * ghat[hb + c];
      aux[xb + c] = state[xb + c] + (next - state[xb + c]) / theta;
      state[xb + c] = next;
    }
  }
}

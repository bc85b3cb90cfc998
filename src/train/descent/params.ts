import type { GradientCode } from '../../codes/types.js';
import type { TrainProblem } from '../problem/problem.js';
import type { ComplementOperators } from './complement-operators.js';

/** The encoding matrix of a code as plain data (CSR over workers, ℓ coefficients per entry; src/codes/types.ts). */
export type CodeMatrix = Pick<GradientCode, 'N' | 'm' | 'parts' | 'offsets' | 'chunks' | 'coefficients'>;

/** The plain-data encoding matrix of a code. */
export function codeMatrix(code: GradientCode): CodeMatrix {
  const { N, m, parts, offsets, chunks, coefficients } = code;
  return { N, m, parts, offsets, chunks, coefficients };
}

/**
 * How the PS forms its gradient estimate ĝ:
 * - `coefficient`: ĝ = Σ_i α_i g_i with α = B_Sᵀw (per block sum when ℓ > 1) — the exact value of the decoded
 *   gradient, free of the messages' rounding;
 * - `message`: each worker's message Σ_i B_ji g_i is formed, and the PS decodes Σ_j w_j msg_j — in f32 on the GPU,
 *   as a real cluster would, so ill-conditioned codes (large w, cancelling sums) lose accuracy.
 */
export type GradientPath = 'coefficient' | 'message';

/**
 * The descent step. `gd`: x⁺ = x − γ_k ĝ(x). `agd`: the accelerated method of Tandon et al.'s reference code
 * (core-gc.md §A.8, Nesterov/Tseng form): θ_k = 2/(k + 2), y_k = (1 − θ_k)β_k + θ_k u_k, β_{k+1} = y_k − γ_k ĝ(y_k),
 * u_{k+1} = β_k + (β_{k+1} − β_k)/θ_k, from β₀ = u₀ = x₀ (the ridge term lives inside the chunk losses here).
 */
export type Optimizer = 'gd' | 'agd';

/** Per-(run, evaluation) metrics, in this order. */
export const METRICS = ['loss', 'distance', 'gradientError', 'gradientNorm', 'messageEnergy'] as const;
export type MetricName = (typeof METRICS)[number];
/** Number of per-(run, evaluation) metrics. */
export const METRIC_COUNT = METRICS.length;

/**
 * Parameters of the descent kernel: one window of iterations [first, first + count) of `runs` independent coded-GD
 * runs. Work items are runs; every array is plain data (CPU worker threads receive a structured clone).
 */
export interface DescentParams {
  readonly problem: TrainProblem;
  readonly code: CodeMatrix;
  readonly path: GradientPath;
  readonly optimizer: Optimizer;
  readonly runs: number;
  /** First iteration of the window (global index k), its length, and the total K. */
  readonly first: number;
  readonly count: number;
  readonly total: number;
  /** Step sizes γ_k of the window's iterations. */
  readonly steps: Float64Array;
  /** count · runs · N·ℓ decoding weights (iteration-major), used by the message path. */
  readonly weights: Float64Array;
  /** count · runs · ℓ·m·ℓ coefficients α, used by the coefficient path (dense form). */
  readonly alpha: Float64Array;
  /**
   * The complement form (coefficient path, Gram form, ℓ = 1, optimal decoding, no message energy): the operators
   * K_j and, in {@link correction}, α = a₀ − B⁺c per (iteration, run); null for the dense form, which uses α.
   */
  readonly complement: ComplementOperators | null;
  /** count · runs · N correction coefficients c (complement form; zero on survivors), iteration-major. */
  readonly correction: Float64Array;
  /** Per-worker weights ω_j of the message energy Σ_j ω_j ‖msg_j‖² (zeros when no bound needs it). */
  readonly omega: Float64Array;
  /** x* (distance metric). */
  readonly xStar: Float64Array;
  /** Σ_i c_i of the Gram form (the loss constant); 0 for the direct form. */
  readonly lossConstant: number;
  /** runs · d: x_k (GD) or β_k (AGD) at the start of the window. */
  readonly state: Float64Array;
  /** runs · d: u_k (AGD), empty for GD. */
  readonly aux: Float64Array;
  /** Also evaluate the metrics at the iterate reached after the window (the last window does). */
  readonly evaluateFinal: boolean;
}

/** Metrics and end state of runs [start, end). */
export interface DescentResult {
  readonly start: number;
  readonly end: number;
  /** Evaluations per run: count (+1 with evaluateFinal). */
  readonly slots: number;
  /** (end − start) · slots · METRIC_COUNT, run-major. `gradientError` is NaN in the final evaluation slot. */
  readonly metrics: Float64Array;
  /** (end − start) · d. */
  readonly state: Float64Array;
  readonly aux: Float64Array;
}

/** θ_k = 2/(k + 2) of the accelerated method. */
export function agdTheta(k: number): number {
  return 2 / (k + 2);
}

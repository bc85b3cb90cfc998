import { type BoundCurve, notApplicable } from './types.js';

const STRONG =
  '[D] our derivation (core-gc.md §B.4; the paper’s constants are not recoverable): Rakhlin, Shamir & Sridharan ' +
  '(ICML 2012) Lemma 1 with Song & Choi’s unbiased estimate E[ĝ] = g (NeurIPS 2025, Thm 1) and its exact variance ' +
  'Σ_j δ_j‖f_j‖², δ_j = p_j/(1 − p_j); G² = the largest E‖ĝ‖² = ‖g‖² + Σ_j δ_j‖f_j‖² at the visited iterates ' +
  '(measured a posteriori)';
const SMOOTH =
  '[D] our derivation (core-gc.md §B.4): the L-smooth descent lemma with the unbiased estimate and its exact variance ' +
  'V(x) = Σ_j δ_j‖f_j(x)‖², averaged over the runs at each iterate (plug-in)';

/** Inputs of the Song–Choi forms: the per-iteration means over runs of ‖g‖² and V = Σ_j δ_j‖f_j‖². */
export interface SongChoiInputs {
  readonly unbiased: boolean;
  /** Why the estimate is not unbiased, when it is not. */
  readonly biasReason?: string;
  readonly optimizer: 'gd' | 'agd';
  readonly steps: Float64Array;
  readonly mu: number;
  readonly L: number;
  /** Largest ‖g‖² + V over runs and iterations (for G²). */
  readonly secondMomentMax: number;
  /** Mean over runs of V(x_t), t = 0 … K − 1. */
  readonly varianceMean: Float64Array;
  /** f(x₀) − f*. */
  readonly gap0: number;
}

/**
 * Strongly convex form: with γ_k = 1/(μ(k + 1)), E‖x_k − x*‖² ≤ 4G²/(μ²(k + 1)) for k = 0 … K (Rakhlin et al.'s
 * t = k + 1, since x_k is their w_{k+1}).
 */
export function songChoiStronglyConvex(inputs: SongChoiInputs): BoundCurve {
  const title = 'Song–Choi, strongly convex form (γ_k = 1/(μ(k+1)))';
  const { mu, steps } = inputs;
  const G2 = inputs.secondMomentMax;
  const fail = (reason: string) =>
    notApplicable('song-choi-strongly-convex', title, 'ours', STRONG, 'distance', reason, { mu, G2 });
  if (!inputs.unbiased) return fail(inputs.biasReason ?? 'needs an unbiased estimate E[ĝ] = g');
  if (inputs.optimizer !== 'gd') return fail('derived for gradient descent, not AGD');
  if (!(mu > 0)) return fail('f is not strongly convex (μ = 0)');
  for (let k = 0; k < steps.length; k++) {
    if (Math.abs(steps[k] - 1 / (mu * (k + 1))) > 1e-12 * steps[k]) {
      return fail('needs the step schedule γ_k = 1/(μ(k + 1)) (step rule inverse-time, factor 1)');
    }
  }
  const values = new Float64Array(steps.length + 1);
  for (let k = 0; k <= steps.length; k++) values[k] = (4 * G2) / (mu * mu * (k + 1));
  return {
    name: 'song-choi-strongly-convex',
    title,
    derivation: 'ours',
    provenance: STRONG,
    metric: 'distance',
    applies: true,
    constants: { mu, G2 },
    values,
  };
}

/**
 * Smooth form: with a constant γ ≤ 1/L, (1/T) Σ_{t<T} E‖∇f(x_t)‖² ≤ 2(f(x₀) − f*)/(γT) + Lγ·(1/T) Σ_{t<T} E V(x_t),
 * at T = 1 … K (T = 0 has no average).
 */
export function songChoiSmooth(inputs: SongChoiInputs): BoundCurve {
  const title = 'Song–Choi, smooth form (average ‖∇f‖²)';
  const { L, steps, gap0 } = inputs;
  const fail = (reason: string) =>
    notApplicable('song-choi-smooth', title, 'ours', SMOOTH, 'averageGradientNorm', reason, { L, gap0 });
  if (!inputs.unbiased) return fail(inputs.biasReason ?? 'needs an unbiased estimate E[ĝ] = g');
  if (inputs.optimizer !== 'gd') return fail('derived for gradient descent, not AGD');
  const gamma = steps[0];
  if (steps.some((s) => s !== gamma)) return fail('derived for a constant step size');
  if (!(gamma * L <= 1)) return fail(`needs γ ≤ 1/L = ${(1 / L).toPrecision(6)}`);
  const K = steps.length;
  const values = new Float64Array(K + 1).fill(Number.NaN);
  let sum = 0;
  for (let T = 1; T <= K; T++) {
    sum += inputs.varianceMean[T - 1];
    values[T] = (2 * gap0) / (gamma * T) + L * gamma * (sum / T);
  }
  return {
    name: 'song-choi-smooth',
    title,
    derivation: 'ours',
    provenance: SMOOTH,
    metric: 'averageGradientNorm',
    applies: true,
    constants: { L, gamma, gap0 },
    values,
  };
}

import type { AlphaMoments } from './alpha-moments.js';
import type { ProblemConstants } from './constants.js';
import { type BoundCurve, notApplicable } from './types.js';

const VI1 =
  '[V-bp] Glasgow & Wootters, Approximate Gradient Coding with Optimal Decoding (JSAIT 2021; arXiv 2006.09638v4 ' +
  'as transcribed in core-gc.md §D.4), Prop. VI.1 applied through the GCOD ≡ SGD-ALG equivalence (Alg. 2/3): β = α/c, ' +
  'step γc, c = E[α_i]; μ, L, L′, σ² from the data';
const VII2 =
  '[V-bp] Glasgow & Wootters (JSAIT 2021; arXiv 2006.09638v4, core-gc.md §D.4), Cor. VII.2 (Prop. VII.1 with ε = 1): ' +
  'noise floor 4rσ²/(μ − √(μrL′))² from iteration k₀ on, r = the largest ‖α − 1‖² of the run';

/** Relative rounding allowed in the step condition γc(sL′ + L) ≤ 1. */
const STEP_ROUNDING = 1e-12;
/** Relative tolerance on E[α_i]/c − 1 for the exact moments (roundoff). */
const EXACT_BIAS = 1e-9;
/** Tolerance on the same for Monte-Carlo moments (sampling noise of ~10⁴ draws). */
const MONTE_CARLO_BIAS = 0.02;

/** Inputs shared by the Glasgow–Wootters bounds. */
export interface GwInputs {
  readonly constants: ProblemConstants;
  /** Step sizes γ_0 … γ_{K−1}. */
  readonly steps: Float64Array;
  readonly optimizer: 'gd' | 'agd';
  /** Number of chunks (n blocks in the paper). */
  readonly m: number;
  /** ℓ of the code (the statements are for ℓ = 1). */
  readonly parts: number;
  /** ‖x₀ − x*‖². */
  readonly eps0: number;
}

function constantStep(steps: Float64Array): number | null {
  for (let k = 1; k < steps.length; k++) if (steps[k] !== steps[0]) return null;
  return steps[0];
}

/**
 * Prop. VI.1 (random stragglers): with γ′ = γc ≤ 1/(sL′ + L),
 *   E‖x_k − x*‖² ≤ (1 − 2γ′μ(1 − γ′(sL′ + L)))^k ‖x₀ − x*‖² + γ′ r (1 + 1/(m − 1)) σ² / (μ(1 − γ′(sL′ + L))).
 * Applies to GD with a constant step, ℓ = 1, μ > 0 and E[α] ∝ 1 (checked from the moments).
 */
export function propositionVI1(inputs: GwInputs, moments: AlphaMoments): BoundCurve {
  const title = 'Glasgow–Wootters Prop. VI.1 (random stragglers)';
  const { constants: k, m } = inputs;
  const { mu, L, Lprime, sigma2 } = k;
  const { c, r, s } = moments;
  const base = { mu, L, Lprime, sigma2, c, r, s, maxBias: moments.maxBias, samples: moments.samples };
  const fail = (reason: string, extra: Record<string, number> = {}) =>
    notApplicable('glasgow-wootters-vi1', title, 'paper', VI1, 'distance', reason, { ...base, ...extra });
  if (inputs.parts !== 1) return fail('stated for one-part codes (ℓ = 1)');
  if (inputs.optimizer !== 'gd') return fail('stated for gradient descent, not AGD');
  const gamma = constantStep(inputs.steps);
  if (gamma === null) return fail('stated for a constant step size');
  if (!(mu > 0)) return fail('f is not strongly convex (μ = 0)');
  if (!(m > 1)) return fail('needs m > 1 chunks');
  if (!(c > 0)) return fail('E[α] is not positive');
  const tolerance = moments.method === 'exact' ? EXACT_BIAS : MONTE_CARLO_BIAS;
  if (moments.maxBias > tolerance) {
    return fail(`E[α] is not proportional to 1 (max |E[α_i]/c − 1| = ${moments.maxBias.toPrecision(3)})`);
  }
  const g = gamma * c;
  const curvature = s * Lprime + L;
  // The rule `prop-vi1` with factor 1 sets γc = 1/(sL′ + L) exactly; its product may round to 1 + 2⁻⁵².
  if (!(g * curvature <= 1 + STEP_ROUNDING)) {
    return fail(`needs γc ≤ 1/(sL′ + L) = ${(1 / curvature).toPrecision(6)}; γc = ${g.toPrecision(6)}`, {
      gamma,
      effectiveStep: g,
    });
  }
  const slack = Math.max(0, 1 - g * curvature);
  const rho = 1 - 2 * g * mu * slack;
  const floor = slack > 0 ? (g * r * (1 + 1 / (m - 1)) * sigma2) / (mu * slack) : Number.POSITIVE_INFINITY;
  const K = inputs.steps.length;
  const values = new Float64Array(K + 1);
  for (let i = 0; i <= K; i++) values[i] = rho ** i * inputs.eps0 + floor;
  return {
    name: 'glasgow-wootters-vi1',
    title,
    derivation: 'paper',
    provenance: `${VI1}; moments ${moments.method === 'exact' ? 'exact (all 2^N survivor sets)' : `Monte Carlo (${moments.samples} draws)`}`,
    metric: 'distance',
    applies: true,
    constants: { ...base, gamma, effectiveStep: g, rho, floor, eps0: inputs.eps0 },
    values,
  };
}

/** The step size Prop. VII.1 prescribes for ε = 1: γ = aμ/(4(L² + 2√r·L·L′ + 4r·L′²)), a = 1 − √(rL′/μ). */
export function propositionVII1Step(constants: ProblemConstants, r: number): number {
  const { mu, L, Lprime } = constants;
  const a = 1 - Math.sqrt((r * Lprime) / mu);
  return (a * mu) / (4 * (L * L + 2 * Math.sqrt(r) * L * Lprime + 4 * r * Lprime * Lprime));
}

/**
 * Cor. VII.2 (adversarial stragglers, the noise floor): if ‖α^(k) − 1‖² ≤ r at every step and μ > rL′, GD with
 * Prop. VII.1's step (ε = 1) has ‖x_k − x*‖² ≤ 4rσ²/(μ − √(μrL′))² after
 * k₀ = 3(L + 2√r·L′)² log(μ²‖x₀ − x*‖²/(2rσ²)) / (μ − √(μrL′))² iterations (checked at every k ≥ k₀).
 * `r` is the largest coefficient error the run met (e.g. the worst straggler set, every iteration).
 */
export function corollaryVII2(inputs: GwInputs, r: number): BoundCurve {
  const title = 'Glasgow–Wootters Cor. VII.2 (adversarial noise floor)';
  const { mu, L, Lprime, sigma2 } = inputs.constants;
  const base = { mu, L, Lprime, sigma2, r };
  const fail = (reason: string, extra: Record<string, number> = {}) =>
    notApplicable('glasgow-wootters-vii2', title, 'paper', VII2, 'distance', reason, { ...base, ...extra });
  if (inputs.parts !== 1) return fail('stated for one-part codes (ℓ = 1)');
  if (inputs.optimizer !== 'gd') return fail('stated for gradient descent, not AGD');
  // r at roundoff level (≤ 1e-12·m) means every decode was exact.
  if (!(r > 1e-12 * inputs.m)) return fail('r = 0: every decode was exact, there is no noise floor');
  if (!(sigma2 > 0)) return fail('σ² = 0: the chunk gradients vanish at x*, there is no noise floor');
  if (!(mu > r * Lprime)) return fail(`needs μ > rL′ (μ = ${mu.toPrecision(4)}, rL′ = ${(r * Lprime).toPrecision(4)})`);
  const gamma = constantStep(inputs.steps);
  const prescribed = propositionVII1Step(inputs.constants, r);
  if (gamma === null || Math.abs(gamma - prescribed) > 1e-9 * prescribed) {
    return fail(
      `the statement fixes γ = ${prescribed.toPrecision(6)} (step rule prop-vii1); the run used another step`,
      {
        prescribedStep: prescribed,
      },
    );
  }
  const gap = mu - Math.sqrt(mu * r * Lprime);
  const floor = (4 * r * sigma2) / (gap * gap);
  const k0 = Math.max(
    0,
    Math.ceil(
      ((3 * (L + 2 * Math.sqrt(r) * Lprime) ** 2) / (gap * gap)) * Math.log((mu * mu * inputs.eps0) / (2 * r * sigma2)),
    ),
  );
  const K = inputs.steps.length;
  const values = new Float64Array(K + 1).fill(Number.NaN);
  for (let k = Math.min(k0, K + 1); k <= K; k++) values[k] = floor;
  return {
    name: 'glasgow-wootters-vii2',
    title,
    derivation: 'paper',
    provenance: VII2,
    metric: 'distance',
    applies: true,
    reason: k0 > K ? `the floor is reached only from k₀ = ${k0} > K = ${K}` : undefined,
    constants: { ...base, gamma, floor, k0, eps0: inputs.eps0 },
    values,
  };
}

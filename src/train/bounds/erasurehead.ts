import { type BoundCurve, notApplicable } from './types.js';

const PROVENANCE =
  '[D] our derivation (core-gc.md §C.5; ErasureHead’s printed constants are not recoverable): independent node ' +
  'erasures with probability q, groups of r replicas, E[ĝ] = (1 − q^r)∇f and E‖ĝ‖² = (1 − q^r)²‖∇f‖² + ' +
  'q^r(1 − q^r) Σ_b‖G_b‖², L-smooth f, μ-PL (μ-strong convexity), γ ≤ 1/L; S = the largest Σ_b‖G_b‖² at the visited ' +
  'iterates (measured a posteriori)';

/** Inputs of {@link erasureHeadFloor}. */
export interface ErasureHeadInputs {
  /** Why the model's assumptions fail, if they do (decoder, code, straggler model). */
  readonly assumption?: string;
  readonly optimizer: 'gd' | 'agd';
  readonly steps: Float64Array;
  readonly mu: number;
  readonly L: number;
  /** Erasure probability of a node and replicas per group. */
  readonly q: number;
  readonly r: number;
  /** Largest Σ_b ‖G_b‖² over the runs' iterates. */
  readonly S: number;
  /** f(x₀) − f*. */
  readonly gap0: number;
}

/**
 * ErasureHead's PL noise floor: E[f(x_t) − f*] ≤ (1 − γμ(1 − q^r))^t (f(x₀) − f*) + γ L q^r S/(2μ).
 */
export function erasureHeadFloor(inputs: ErasureHeadInputs): BoundCurve {
  const title = 'ErasureHead PL noise floor';
  const { mu, L, q, r, S, gap0, steps } = inputs;
  const base = { mu, L, q, r, S, gap0 };
  const fail = (reason: string) => notApplicable('erasurehead-pl', title, 'ours', PROVENANCE, 'gap', reason, base);
  if (inputs.assumption) return fail(inputs.assumption);
  if (inputs.optimizer !== 'gd') return fail('derived for gradient descent, not AGD');
  if (!(mu > 0)) return fail('f is not strongly convex (μ = 0), so the PL constant is 0');
  const gamma = steps[0];
  if (steps.some((s) => s !== gamma)) return fail('derived for a constant step size');
  if (!(gamma * L <= 1)) return fail(`needs γ ≤ 1/L = ${(1 / L).toPrecision(6)}`);
  const erased = q ** r;
  const rho = 1 - gamma * mu * (1 - erased);
  const floor = (gamma * L * erased * S) / (2 * mu);
  const values = new Float64Array(steps.length + 1);
  for (let t = 0; t <= steps.length; t++) values[t] = rho ** t * gap0 + floor;
  return {
    name: 'erasurehead-pl',
    title,
    derivation: 'ours',
    provenance: PROVENANCE,
    metric: 'gap',
    applies: true,
    constants: { ...base, gamma, rho, floor },
    values,
  };
}

import type { GradientCode } from '../codes/types.js';
import { requireInput } from '../errors.js';
import { type WorstCaseOptions, worstStragglerSet } from './worst-case.js';

/** One scanned straggler count. */
export interface ThresholdStep {
  readonly s: number;
  /** Worst normalised error found at this s (exact, or a lower bound when `method` is the heuristic). */
  readonly worstNormalized: number;
  readonly method: 'exhaustive' | 'greedy-local-search';
}

/** Result of {@link adversarialThreshold}. */
export interface AdversarialThreshold {
  readonly epsilon: number;
  /** τ_ε, or null when even s = N stays below ε. */
  readonly threshold: number | null;
  /**
   * `exact` when every s below the returned threshold was searched exhaustively (so τ_ε is the true value);
   * `upper` when a heuristic search was used below it (its worst error is a lower bound, so the true τ_ε may be
   * smaller).
   */
  readonly bound: 'exact' | 'upper';
  readonly steps: readonly ThresholdStep[];
}

/**
 * Adversarial threshold τ_ε = min{s : max_{|T| = s} e(T) ≥ ε} with e the normalised decoding error (error/m), the
 * smallest number of workers an adversary must straggle to inflict error ε (Kadhe, Koyluoglu & Ramchandran,
 * ISIT 2019; approx-codes.md §A.4, where a symmetric BIBD gives τ_ε = ⌈ε n d²/((1−ε)(d−λ) + ε d²)⌉). Scans
 * s = 0, 1, …, N with {@link worstStragglerSet} (exhaustive or greedy per s).
 */
export function adversarialThreshold(
  code: GradientCode,
  epsilon: number,
  options: WorstCaseOptions = {},
): AdversarialThreshold {
  requireInput(Number.isFinite(epsilon) && epsilon > 0, 'epsilon', `must be a positive number, got ${epsilon}`);
  const steps: ThresholdStep[] = [];
  let exact = true;
  for (let s = 0; s <= code.N; s++) {
    const worst = worstStragglerSet(code, s, options);
    steps.push({ s, worstNormalized: worst.normalizedError, method: worst.method });
    if (worst.normalizedError >= epsilon) {
      return { epsilon, threshold: s, bound: exact ? 'exact' : 'upper', steps };
    }
    if (worst.lowerBound) exact = false;
  }
  return { epsilon, threshold: null, bound: exact ? 'exact' : 'upper', steps };
}

import { requireInput } from '../errors.js';

/** Parameter checks shared by the constructions; each throws an InputError naming `field`. */

/** Requires an integer in [min, max]. */
export function requireInteger(value: number, field: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  requireInput(Number.isInteger(value), field, `must be an integer, got ${value}`);
  requireInput(value >= min, field, `must be ≥ ${min}, got ${value}`);
  requireInput(value <= max, field, `must be ≤ ${max}, got ${value}`);
}

/** Requires a seed usable by PhiloxStream: an integer in [0, 2^53). */
export function requireSeed(seed: number, field = 'seed'): void {
  requireInteger(seed, field, 0);
}

/** Requires a probability in [lo, hi] (inclusive unless the open flags say otherwise). */
export function requireProbability(value: number, field: string, open = false): void {
  requireInput(Number.isFinite(value), field, `must be a number, got ${value}`);
  if (open) requireInput(value > 0 && value < 1, field, `must lie in (0, 1), got ${value}`);
  else requireInput(value >= 0 && value <= 1, field, `must lie in [0, 1], got ${value}`);
}

/** True when n is a prime (n ≤ 2^53; trial division, construction sizes only). */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let f = 3; f * f <= n; f += 2) if (n % f === 0) return false;
  return true;
}

/**
 * Bernoulli threshold as the GPU uses it (DESIGN §6): a draw is `word < floor(p·2³²)` (2³² when p = 1, so p = 1 is
 * always true). Same rule as src/rng's threshold; kept here so constructions do not depend on the engine's API.
 */
export function bernoulliWordThreshold(p: number): number {
  return p >= 1 ? 0x100000000 : Math.floor(p * 0x100000000);
}

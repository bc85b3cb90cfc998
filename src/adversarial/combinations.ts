import { requireInput } from '../errors.js';
import type { PhiloxStream } from '../rng/stream.js';

/** C(n, k) as a double (exact while it stays below 2⁵³). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= kk; i++) c = (c * (n - kk + i)) / i;
  return Math.round(c);
}

/**
 * Calls `visit` with every k-subset of 0..n−1 in lexicographic order. The array passed is reused between calls:
 * copy it to keep it. Returns the number of subsets visited.
 */
export function forEachCombination(n: number, k: number, visit: (subset: Int32Array) => void): number {
  if (k < 0 || k > n) return 0;
  const c = Int32Array.from({ length: k }, (_, i) => i);
  let count = 0;
  for (;;) {
    visit(c);
    count++;
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return count;
    c[i]++;
    for (let t = i + 1; t < k; t++) c[t] = c[t - 1] + 1;
  }
}

/** A uniformly random k-subset of 0..n−1 (partial Fisher–Yates), sorted ascending. */
export function randomSubset(rng: PhiloxStream, n: number, k: number, scratch?: Int32Array): Int32Array {
  const pool = scratch && scratch.length >= n ? scratch : new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.integer(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, k).sort();
}

/**
 * I.i.d. stragglers: worker j straggles when its Philox word x satisfies x < floor(p · 2³²) (the bit-exact Bernoulli
 * rule of DESIGN §6, shared with the GPU). Returns the straggling workers, ascending.
 */
export function bernoulliStragglers(rng: PhiloxStream, n: number, p: number): Int32Array {
  requireInput(Number.isFinite(p) && p >= 0 && p <= 1, 'p', `straggling probability ${p} is outside [0, 1]`);
  const threshold = Math.floor(p * 4294967296);
  const out: number[] = [];
  for (let j = 0; j < n; j++) if (rng.nextU32() < threshold) out.push(j);
  return Int32Array.from(out);
}

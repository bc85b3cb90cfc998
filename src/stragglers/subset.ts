import type { PhiloxStream } from '../rng/stream.js';

/**
 * Marks a uniformly random k-subset of [0, n) in `mask` (cleared first) by Floyd's algorithm (Bentley & Floyd,
 * "A sample of brilliance", CACM 1987): for j = n−k … n−1 draw t ∈ [0, j]; add t, or j if t is already taken.
 * Consumes exactly the integer draws the WGSL twin (`sample_subset` in shaders/lib/stragglers.wgsl) consumes.
 */
export function sampleSubset(rng: PhiloxStream, n: number, k: number, mask: Uint8Array): void {
  mask.fill(0, 0, n);
  for (let j = n - k; j < n; j++) {
    const t = rng.integer(j + 1);
    if (mask[t]) mask[j] = 1;
    else mask[t] = 1;
  }
}

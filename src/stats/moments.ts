/**
 * Streaming mean / variance / extrema with exact parallel merging (Welford 1962; Chan, Golub & LeVeque 1979,
 * "Updating formulae and a pairwise algorithm for computing sample variances"). Per-batch partial moments from either
 * backend are merged in f64 on the host, so the result does not depend on how trials were batched beyond rounding.
 */
export interface Moments {
  /** Number of finite observations. */
  n: number;
  mean: number;
  /** Sum of squared deviations from the mean (M2). */
  m2: number;
  min: number;
  max: number;
}

/** Moments of an empty sample. */
export function emptyMoments(): Moments {
  return { n: 0, mean: 0, m2: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
}

/** Adds one observation (Welford's update). */
export function pushMoment(m: Moments, x: number): void {
  m.n += 1;
  const delta = x - m.mean;
  m.mean += delta / m.n;
  m.m2 += delta * (x - m.mean);
  if (x < m.min) m.min = x;
  if (x > m.max) m.max = x;
}

/** Merges `b` into `a` (Chan et al.'s pairwise combination). */
export function mergeMoments(a: Moments, b: Moments): void {
  if (b.n === 0) return;
  if (a.n === 0) {
    Object.assign(a, b);
    return;
  }
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  a.mean += (delta * b.n) / n;
  a.m2 += b.m2 + (delta * delta * a.n * b.n) / n;
  a.n = n;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
}

/** Moments from a partial reduction given as (n, sum, sum of squared deviations about `mean`), e.g. a GPU workgroup. */
export function momentsFrom(n: number, mean: number, m2: number, min: number, max: number): Moments {
  return n === 0 ? emptyMoments() : { n, mean, m2: Math.max(0, m2), min, max };
}

/** Unbiased sample variance (n − 1 denominator); NaN for fewer than two observations. */
export function sampleVariance(m: Moments): number {
  return m.n > 1 ? m.m2 / (m.n - 1) : Number.NaN;
}

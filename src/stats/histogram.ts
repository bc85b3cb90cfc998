/**
 * Fixed-range histograms for quantiles of streamed values (GPU reductions count into bins with atomics; the CPU twin
 * uses the same binning). Values below `lo` / at or above `hi` go to under/overflow counters; +∞ (censored values) is
 * counted separately so quantiles above the finite mass are reported as +∞, never clipped.
 */
export interface HistogramSpec {
  lo: number;
  hi: number;
  bins: number;
}

/** Bin counts plus under/overflow and +∞ counts. */
export interface Histogram extends HistogramSpec {
  counts: Float64Array;
  underflow: number;
  overflow: number;
  infinite: number;
}

/** A zeroed histogram over [lo, hi) with `bins` equal bins. */
export function emptyHistogram(spec: HistogramSpec): Histogram {
  if (!(spec.hi > spec.lo) || !Number.isInteger(spec.bins) || spec.bins < 1) {
    throw new RangeError(`histogram range [${spec.lo}, ${spec.hi}) with ${spec.bins} bins`);
  }
  return { ...spec, counts: new Float64Array(spec.bins), underflow: 0, overflow: 0, infinite: 0 };
}

/** Bin index of x (−1 underflow, bins overflow); identical formula in shaders/lib/histogram.wgsl. */
export function binIndex(spec: HistogramSpec, x: number): number {
  if (x < spec.lo) return -1;
  if (x >= spec.hi) return spec.bins;
  return Math.min(spec.bins - 1, Math.floor(((x - spec.lo) / (spec.hi - spec.lo)) * spec.bins));
}

/** Counts one value. */
export function addToHistogram(h: Histogram, x: number): void {
  if (x === Number.POSITIVE_INFINITY) h.infinite += 1;
  else {
    const b = binIndex(h, x);
    if (b < 0) h.underflow += 1;
    else if (b >= h.bins) h.overflow += 1;
    else h.counts[b] += 1;
  }
}

/** Adds the counts of `b` into `a` (same spec required). */
export function mergeHistograms(a: Histogram, b: Histogram): void {
  if (a.lo !== b.lo || a.hi !== b.hi || a.bins !== b.bins) throw new Error('mergeHistograms: different bin specs');
  for (let i = 0; i < a.bins; i++) a.counts[i] += b.counts[i];
  a.underflow += b.underflow;
  a.overflow += b.overflow;
  a.infinite += b.infinite;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation inside the bin holding rank q·(n−1) (type-7 convention);
 * accurate to one bin width. Ranks in the underflow, overflow or infinite mass return `lo`, `hi` (as a bound, flagged
 * by `exact: false`) or +∞.
 */
export function histogramQuantile(h: Histogram, q: number): { value: number; exact: boolean } {
  const total = h.underflow + h.overflow + h.infinite + h.counts.reduce((s, c) => s + c, 0);
  if (total === 0) return { value: Number.NaN, exact: false };
  const rank = q * (total - 1);
  if (rank < h.underflow) return { value: h.lo, exact: false };
  let seen = h.underflow;
  const width = (h.hi - h.lo) / h.bins;
  for (let i = 0; i < h.bins; i++) {
    const c = h.counts[i];
    if (c > 0 && rank < seen + c) return { value: h.lo + width * (i + (rank - seen + 0.5) / c), exact: true };
    seen += c;
  }
  if (rank < seen + h.overflow) return { value: h.hi, exact: false };
  return { value: Number.POSITIVE_INFINITY, exact: true };
}

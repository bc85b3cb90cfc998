import { describe, expect, it } from 'vitest';
import { kthSmallest } from '../../src/protocols/order-statistic.js';
import { PhiloxStream } from '../../src/rng/stream.js';

describe('kthSmallest', () => {
  it('equals the k-th element of the sorted values for every k, with ties, zeros and +∞', () => {
    const rng = new PhiloxStream(7, 0);
    const heap = new Float64Array(64);
    for (let round = 0; round < 200; round++) {
      const n = 1 + (round % 40);
      const values = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const u = rng.uniform();
        values[j] = u < 0.1 ? Number.POSITIVE_INFINITY : u < 0.2 ? 0 : Math.round(u * 8) / 2; // many ties
      }
      const sorted = Float64Array.from(values).sort();
      for (let k = 1; k <= n; k++) expect(kthSmallest(values, n, k, heap)).toBe(sorted[k - 1]);
    }
  });

  it('rejects k outside 1..n', () => {
    expect(() => kthSmallest([1, 2], 2, 0, new Float64Array(2))).toThrow(RangeError);
    expect(() => kthSmallest([1, 2], 2, 3, new Float64Array(2))).toThrow(RangeError);
  });
});

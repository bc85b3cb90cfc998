/**
 * The k-th smallest (1-based) of `values[0..n)` without sorting: one pass with a max-heap of the h = min(k, n − k + 1)
 * most extreme values — the k smallest, or (negated) the n − k + 1 largest — so O(n log h) comparisons instead of a
 * sort's O(n log n) (or an insertion sort's O(n²)). `heap` is scratch of length ≥ h. shaders/trials/original.wgsl
 * `kth_done` is the same algorithm on the GPU. The value is unique, so ties need no rule.
 */
export function kthSmallest(values: ArrayLike<number>, n: number, k: number, heap: Float64Array): number {
  if (!(k >= 1 && k <= n)) throw new RangeError(`kthSmallest: k = ${k} outside 1..${n}`);
  const lower = k <= n - k + 1;
  const h = lower ? k : n - k + 1;
  const sign = lower ? 1 : -1;
  let size = 0;
  for (let j = 0; j < n; j++) {
    const w = sign * values[j];
    if (size < h) {
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] >= w) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = w;
    } else if (w < heap[0]) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h) break;
        const c = l + 1 < h && heap[l + 1] > heap[l] ? l + 1 : l;
        if (heap[c] <= w) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = w;
    }
  }
  return sign * heap[0];
}

import type { ChunkOrder } from '../codes/types.js';
import { requireInput } from '../errors.js';
import { checkBareOrder } from './order-validation.js';

/** Qmax of one processing order. */
export interface QmaxResult {
  /** ℓ: copies of every chunk that the guarantee is about. */
  readonly parts: number;
  /** D = Σ_j δ_j, the total number of chunk processings. */
  readonly totalLoad: number;
  /** Q*_ℓ(i) per chunk: the most processings in a progress state that leaves chunk i with fewer than ℓ copies. */
  readonly perChunk: Int32Array;
  /** Q* = max_i Q*_ℓ(i). */
  readonly qStar: number;
  /** Qmax = Q* + 1: after this many processings, in any progress state, every chunk has ≥ ℓ copies. */
  readonly qmax: number;
  /** A chunk attaining Q* (the smallest index). */
  readonly worstChunk: number;
}

/**
 * Holder data of an order: for chunk i, the values r_j = δ_j − pos_j(i) + 1 (processings worker j still has left
 * when it reaches i, i included) over its holders j, as CSR.
 */
export interface HolderRemainders {
  readonly offsets: Int32Array;
  readonly remainders: Int32Array;
  readonly workers: Int32Array;
}

/** Builds the per-chunk holder lists with r_j = δ_j − pos_j(i) + 1. */
export function holderRemainders(order: ChunkOrder, m: number): HolderRemainders {
  const offsets = new Int32Array(m + 1);
  for (const row of order) for (let k = 0; k < row.length; k++) offsets[row[k] + 1]++;
  for (let i = 0; i < m; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, m);
  const remainders = new Int32Array(offsets[m]);
  const workers = new Int32Array(offsets[m]);
  order.forEach((row, j) => {
    for (let k = 0; k < row.length; k++) {
      const slot = fill[row[k]]++;
      remainders[slot] = row.length - k;
      workers[slot] = j;
    }
  });
  return { offsets, remainders, workers };
}

/**
 * Q*_ℓ(i) = D − (sum of the γ_i − ℓ + 1 smallest r_j over holders j of chunk i): every non-holder finishes, the
 * ℓ − 1 holders with the most work left after i finish too, and the others stop just before i. This equals
 * partial-stragglers.md §3.2 (DESIGN §3): Σ_{j∌i} δ_j + Σ_{j∋i}(pos_j(i) − 1) + (ℓ − 1 largest δ_j − pos_j(i) + 1).
 * `scratch` must hold at least γ_i numbers.
 */
export function chunkQStar(
  holders: HolderRemainders,
  i: number,
  totalLoad: number,
  parts: number,
  scratch: Int32Array,
): number {
  const start = holders.offsets[i];
  const gamma = holders.offsets[i + 1] - start;
  const keep = gamma - parts + 1;
  let sum = 0;
  if (parts === 1) {
    for (let k = 0; k < gamma; k++) sum += holders.remainders[start + k];
  } else {
    const values = scratch.subarray(0, gamma);
    values.set(holders.remainders.subarray(start, start + gamma));
    values.sort();
    for (let k = 0; k < keep; k++) sum += values[k];
  }
  return totalLoad - sum;
}

/**
 * Qmax of a processing order for ℓ ≥ 1 copies (closed form; Ramamoorthy, Meng & Girimaji, NeurIPS 2024, as
 * reconstructed and proved in partial-stragglers.md §3.2 — labelled a reconstruction in DESIGN §3):
 *
 *   Qmax_ℓ = 1 + max_i Q*_ℓ(i),  Q*_ℓ(i) = Σ_{j∌i} δ_j + Σ_{j∋i} (pos_j(i) − 1) + top_{ℓ−1}{δ_j − pos_j(i) + 1 : j ∋ i}.
 *
 * `order` is the assignment and the order at once (worker j processes order[j] front to back); `m` the number of
 * chunks. A chunk held by fewer than ℓ workers can never reach ℓ copies: InputError on `parts`.
 */
export function qmax(order: ChunkOrder, m: number, parts = 1): QmaxResult {
  checkBareOrder(order, m);
  requireInput(Number.isInteger(parts) && parts >= 1, 'parts', `must be a positive integer, got ${parts}`);
  const holders = holderRemainders(order, m);
  let totalLoad = 0;
  for (const row of order) totalLoad += row.length;
  let maxGamma = 0;
  for (let i = 0; i < m; i++) {
    const gamma = holders.offsets[i + 1] - holders.offsets[i];
    requireInput(
      gamma >= parts,
      'parts',
      `chunk ${i} is held by ${gamma} worker(s), fewer than ℓ = ${parts}; it can never reach ${parts} copies`,
    );
    if (gamma > maxGamma) maxGamma = gamma;
  }
  const scratch = new Int32Array(maxGamma);
  const perChunk = new Int32Array(m);
  let qStar = -1;
  let worstChunk = 0;
  for (let i = 0; i < m; i++) {
    perChunk[i] = chunkQStar(holders, i, totalLoad, parts, scratch);
    if (perChunk[i] > qStar) {
      qStar = perChunk[i];
      worstChunk = i;
    }
  }
  return { parts, totalLoad, perChunk, qStar, qmax: qStar + 1, worstChunk };
}

/**
 * A lower bound on Qmax_ℓ over every processing order of the same assignment. With T = Σ_j δ_j(δ_j + 1)/2 (each
 * worker's remainders are 1..δ_j, whatever the order) and f = max_i (γ_i − ℓ + 1)/γ_i,
 *
 *   Qmax_ℓ ≥ D − ⌊f · T / m⌋ + 1,
 *
 * because the sum of the γ_i − ℓ + 1 smallest remainders of chunk i is ≤ f · (sum of all of them) and the chunk
 * sums add up to T (partial-stragglers.md §3.2 averaging argument). For ℓ = 1 and the regular class (N = m, all
 * δ_j = γ_i = δ) this is Nδ − δ(δ+1)/2 + 1, met by the Latin ordering; for ℓ > 1 it is weaker than the Latin value
 * Nδ − (δ−ℓ+1)(δ−ℓ+2)/2 + 1 (only conjectured optimal).
 */
export function qmaxLowerBound(order: ChunkOrder, m: number, parts = 1): number {
  checkBareOrder(order, m);
  requireInput(Number.isInteger(parts) && parts >= 1, 'parts', `must be a positive integer, got ${parts}`);
  const gamma = new Int32Array(m);
  let totalLoad = 0;
  let triangle = 0;
  for (const row of order) {
    totalLoad += row.length;
    triangle += (row.length * (row.length + 1)) / 2;
    for (let k = 0; k < row.length; k++) gamma[row[k]]++;
  }
  // f = num/den as an exact fraction: the largest (γ − ℓ + 1)/γ.
  let num = 0;
  let den = 1;
  for (let i = 0; i < m; i++) {
    requireInput(gamma[i] >= parts, 'parts', `chunk ${i} is held by ${gamma[i]} worker(s), fewer than ℓ = ${parts}`);
    const a = gamma[i] - parts + 1;
    if (a * den > num * gamma[i]) {
      num = a;
      den = gamma[i];
    }
  }
  return totalLoad - Math.floor((num * triangle) / (den * m)) + 1;
}

import type { ChunkOrder, GradientCode } from '../codes/types.js';
import { requireInput } from '../errors.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';
import { maximumMatching } from './bipartite-matching.js';
import { naturalOrder } from './natural-order.js';
import { validateOrder } from './order-validation.js';
import { chunkQStar, type HolderRemainders, holderRemainders, qmax, qmaxLowerBound } from './qmax.js';

/** Options for {@link localSearchOrder}. */
export interface LocalSearchOptions {
  /** ℓ (copies required per chunk). Default 1. */
  readonly parts?: number;
  /** Seed of the Philox ordering stream used for perturbations. Default 0. */
  readonly seed?: number | bigint;
  /** Number of perturb-and-climb rounds after the initial climbs. Default 40. */
  readonly restarts?: number;
  /** Starting orders to climb from. Default: the natural order and {@link matchingStartOrder}. */
  readonly starts?: readonly ChunkOrder[];
}

/** Result of {@link localSearchOrder}. */
export interface LocalSearchResult {
  readonly order: ChunkOrder;
  /** Qmax_ℓ of `order`. */
  readonly qmax: number;
  /** {@link qmaxLowerBound} for this assignment. */
  readonly lowerBound: number;
  /** qmax = lowerBound: the order is provably optimal. */
  readonly optimal: boolean;
  /** Swap moves evaluated. */
  readonly evaluations: number;
}

/**
 * Search state: an order, the per-chunk holder remainders r_j = δ_j − pos_j(i) + 1 and the objective
 * (max_i Q*_ℓ(i), #chunks at the max, Σ_i Q*_ℓ(i)²), compared lexicographically.
 */
class SearchState {
  readonly rows: Int32Array[];
  /** slots[j][k]: index into holders.remainders of worker j's chunk at position k. */
  readonly slots: Int32Array[];
  readonly holders: HolderRemainders;
  readonly score: Int32Array;
  readonly histogram: Int32Array;
  max = 0;
  sumSquares = 0;
  private readonly scratch: Int32Array;

  constructor(
    order: ChunkOrder,
    readonly m: number,
    readonly totalLoad: number,
    readonly parts: number,
  ) {
    this.rows = order.map((r) => Int32Array.from(r));
    const holders = holderRemainders(this.rows, m);
    this.holders = {
      offsets: holders.offsets,
      remainders: Int32Array.from(holders.remainders),
      workers: holders.workers,
    };
    // Locate each (worker, position) slot.
    this.slots = this.rows.map((r) => new Int32Array(r.length));
    const fill = holders.offsets.slice(0, m);
    this.rows.forEach((row, j) => {
      for (let k = 0; k < row.length; k++) this.slots[j][k] = fill[row[k]]++;
    });
    let maxGamma = 0;
    for (let i = 0; i < m; i++) maxGamma = Math.max(maxGamma, holders.offsets[i + 1] - holders.offsets[i]);
    this.scratch = new Int32Array(maxGamma);
    this.score = new Int32Array(m);
    this.histogram = new Int32Array(totalLoad + 2);
    for (let i = 0; i < m; i++) {
      const s = chunkQStar(this.holders, i, totalLoad, parts, this.scratch);
      this.score[i] = s;
      this.histogram[s]++;
      this.sumSquares += s * s;
      if (s > this.max) this.max = s;
    }
  }

  /** Swaps positions a and b of worker j, updating scores, histogram, max and Σ². */
  swap(j: number, a: number, b: number): void {
    const row = this.rows[j];
    const slots = this.slots[j];
    const delta = row.length;
    const x = row[a];
    const y = row[b];
    row[a] = y;
    row[b] = x;
    const sx = slots[a];
    const sy = slots[b];
    slots[a] = sy;
    slots[b] = sx;
    this.holders.remainders[sx] = delta - b;
    this.holders.remainders[sy] = delta - a;
    this.rescore(x);
    this.rescore(y);
  }

  private rescore(i: number): void {
    const old = this.score[i];
    const s = chunkQStar(this.holders, i, this.totalLoad, this.parts, this.scratch);
    if (s === old) return;
    this.score[i] = s;
    this.histogram[old]--;
    this.histogram[s]++;
    this.sumSquares += s * s - old * old;
    if (s > this.max) this.max = s;
    else while (this.max > 0 && this.histogram[this.max] === 0) this.max--;
  }

  /** Negative when this state is better than (max, count, sumSquares). */
  compare(max: number, count: number, sumSquares: number): number {
    if (this.max !== max) return this.max - max;
    const c = this.histogram[this.max];
    if (c !== count) return c - count;
    return this.sumSquares - sumSquares;
  }

  objective(): [number, number, number] {
    return [this.max, this.histogram[this.max], this.sumSquares];
  }
}

/** First-improvement hill climbing over within-worker swaps; returns the number of moves evaluated. */
function climb(state: SearchState, target: number): number {
  let evaluations = 0;
  let improved = true;
  while (improved && state.max + 1 > target) {
    improved = false;
    for (let j = 0; j < state.rows.length; j++) {
      const len = state.rows[j].length;
      for (let a = 0; a < len - 1; a++) {
        for (let b = a + 1; b < len; b++) {
          const [max, count, sq] = state.objective();
          state.swap(j, a, b);
          evaluations++;
          if (state.compare(max, count, sq) < 0) improved = true;
          else state.swap(j, a, b);
        }
      }
    }
  }
  return evaluations;
}

/**
 * A matching-based starting order for any assignment: round by round, a maximum matching (Hopcroft–Karp) between
 * workers and their unplaced chunks puts each matched chunk at its worker's next position — the Latin construction
 * where it applies, a spread-out order otherwise.
 */
export function matchingStartOrder(code: GradientCode): ChunkOrder {
  const N = code.N;
  const remaining = Array.from({ length: N }, (_, j) =>
    Array.from(code.chunks.subarray(code.offsets[j], code.offsets[j + 1])),
  );
  const rows: number[][] = Array.from({ length: N }, () => []);
  const offsets = new Int32Array(N + 1);
  for (;;) {
    for (let j = 0; j < N; j++) offsets[j + 1] = offsets[j] + remaining[j].length;
    if (offsets[N] === 0) break;
    const { matchLeft } = maximumMatching(N, code.m, offsets, Int32Array.from(remaining.flat()));
    for (let j = 0; j < N; j++) {
      const i = matchLeft[j];
      if (i < 0) continue;
      rows[j].push(i);
      remaining[j].splice(remaining[j].indexOf(i), 1);
    }
  }
  return rows.map((r) => Int32Array.from(r));
}

/**
 * Heuristic ordering for assignments outside the regular class (documented heuristic, not from the paper):
 * iterated local search minimising, lexicographically, (Qmax_ℓ, number of chunks attaining it, Σ_i Q*_ℓ(i)²) over
 * swaps of two positions within one worker. Each swap changes only the two chunks' scores, so a move costs
 * O(γ log γ). Starts from the natural order and from {@link matchingStartOrder} (or the given `starts`), climbs
 * each, then repeats
 * `restarts` times: perturb the best order with 1–3 random swaps (Philox ordering stream, seeded), climb, keep
 * it if better. Stops early when Qmax reaches {@link qmaxLowerBound}, which proves optimality.
 */
export function localSearchOrder(code: GradientCode, options: LocalSearchOptions = {}): LocalSearchResult {
  const parts = options.parts ?? 1;
  const restarts = options.restarts ?? 40;
  requireInput(
    Number.isInteger(restarts) && restarts >= 0,
    'restarts',
    `must be a non-negative integer, got ${restarts}`,
  );
  const natural = naturalOrder(code);
  const lowerBound = qmaxLowerBound(natural, code.m, parts);
  qmax(natural, code.m, parts); // validates ℓ against the replication
  const totalLoad = code.offsets[code.N];
  let evaluations = 0;
  let best: SearchState | undefined;
  const starts = options.starts ?? [natural, matchingStartOrder(code)];
  requireInput(starts.length > 0, 'starts', 'needs at least one starting order');
  for (const start of starts) {
    validateOrder(code, start, 'starts');
    const state = new SearchState(start, code.m, totalLoad, parts);
    evaluations += climb(state, lowerBound);
    if (!best || state.compare(...best.objective()) < 0) best = state;
  }
  const rng = new PhiloxStream(options.seed ?? 0, Stream.ordering, 0, 0, 1);
  const movable = best!.rows.map((r, j) => (r.length > 1 ? j : -1)).filter((j) => j >= 0);
  for (let round = 0; round < restarts && best!.max + 1 > lowerBound && movable.length > 0; round++) {
    const state = new SearchState(best!.rows, code.m, totalLoad, parts);
    const kicks = 1 + rng.integer(3);
    for (let k = 0; k < kicks; k++) {
      const j = movable[rng.integer(movable.length)];
      const len = state.rows[j].length;
      const a = rng.integer(len);
      let b = rng.integer(len - 1);
      if (b >= a) b++;
      state.swap(j, Math.min(a, b), Math.max(a, b));
    }
    evaluations += climb(state, lowerBound);
    if (state.compare(...best!.objective()) < 0) best = state;
  }
  const order = best!.rows;
  const q = best!.max + 1;
  return { order, qmax: q, lowerBound, optimal: q === lowerBound, evaluations };
}

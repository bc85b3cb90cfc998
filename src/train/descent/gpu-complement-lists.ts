import type { WorkRange } from '../../engine/kernel.js';
import { type ComplementOperators, TERM_SLOT } from './complement-operators.js';
import type { DescentParams } from './params.js';

/** Pairs per product block of shaders/train/complement-gemm.wgsl (one operator, 8 query points). */
export const COMPLEMENT_BLOCK = 8;

/**
 * The complement form's work lists of one GPU batch (runs [start, end), every slot of the window), as
 * shaders/train/complement-gemm.wgsl and step.wgsl (PATH 2) read them:
 *
 * - pairs (operator slot, run) per iteration, grouped by slot and padded to blocks of {@link COMPLEMENT_BLOCK} (the
 *   padding repeats run 0; its products are never read): first H̄ for every run (pair r = run r), then K_a for every
 *   run (a₀ ≠ 1), then K_j for the runs that lost worker j (c_j ≠ 0);
 * - blocks (slot, first pair) per iteration;
 * - per run its correction entries (pair, slot) with coefficient c: ĝ = g − Σ_e c_e (P_e − β_e). For a₀ ≠ 1 the
 *   entries (H̄ pair, +1) and (K_a pair, −1) come first and turn g into K_a y − β_a; then the failed workers in
 *   ascending j — the order of the f64 twin.
 *
 * The final evaluation slot needs g only: its pairs are H̄'s.
 */
export interface ComplementLists {
  readonly pairRuns: Uint32Array;
  /** (slot, first pair within the iteration) per block. */
  readonly blocks: Uint32Array;
  /** (pair within the iteration, operator slot) per correction entry. */
  readonly corrections: Uint32Array;
  readonly coefficients: Float32Array;
  /** Per slot, runs + 1 absolute entry offsets. */
  readonly offsets: Uint32Array;
  /** Per slot: first pair, first block, block count. */
  readonly pairBase: Int32Array;
  readonly blockBase: Int32Array;
  readonly blockCount: Int32Array;
  /** The most pairs of any slot (rows of the products buffer). */
  readonly maxPairs: number;
}

/** Builds the {@link ComplementLists} of a batch. */
export function complementLists(params: DescentParams, range: WorkRange, ops: ComplementOperators): ComplementLists {
  const { count, runs, correction } = params;
  const { N, baseIsOnes } = ops;
  const R = range.end - range.start;
  const slots = count + (params.evaluateFinal ? 1 : 0);
  const pairRuns: number[] = [];
  const blocks: number[] = [];
  const corrections: number[] = [];
  const coefficients: number[] = [];
  const offsets = new Uint32Array(slots * (R + 1));
  const pairBase = new Int32Array(slots);
  const blockBase = new Int32Array(slots);
  const blockCount = new Int32Array(slots);
  let maxPairs = 0;
  const members: number[][] = Array.from({ length: N }, () => []);
  const pairOf = new Int32Array(R * (N + TERM_SLOT));
  for (let slot = 0; slot < slots; slot++) {
    const final = slot === count;
    pairBase[slot] = pairRuns.length;
    blockBase[slot] = blocks.length / 2;
    let pairs = 0;
    const group = (operator: number, list: ArrayLike<number>) => {
      const first = pairs;
      for (let t = 0; t < list.length; t++) {
        pairOf[list[t] * (N + TERM_SLOT) + operator] = pairs + t;
        pairRuns.push(list[t]);
      }
      const padded = Math.ceil(list.length / COMPLEMENT_BLOCK) * COMPLEMENT_BLOCK;
      for (let t = list.length; t < padded; t++) pairRuns.push(0);
      for (let b = 0; b < padded; b += COMPLEMENT_BLOCK) blocks.push(operator, first + b);
      pairs += padded;
    };
    const everyRun = Array.from({ length: R }, (_, r) => r);
    group(0, everyRun);
    if (!final) {
      if (!baseIsOnes) group(1, everyRun);
      for (const list of members) list.length = 0;
      for (let r = 0; r < R; r++) {
        const at = (slot * runs + range.start + r) * N;
        for (let j = 0; j < N; j++) if (correction[at + j] !== 0) members[j].push(r);
      }
      for (let j = 0; j < N; j++) if (members[j].length > 0) group(TERM_SLOT + j, members[j]);
    }
    blockCount[slot] = blocks.length / 2 - blockBase[slot];
    maxPairs = Math.max(maxPairs, pairs);
    const o = slot * (R + 1);
    for (let r = 0; r < R; r++) {
      offsets[o + r] = coefficients.length;
      if (final) continue;
      const row = r * (N + TERM_SLOT);
      if (!baseIsOnes) {
        corrections.push(pairOf[row], 0, pairOf[row + 1], 1);
        coefficients.push(1, -1);
      }
      const at = (slot * runs + range.start + r) * N;
      for (let j = 0; j < N; j++) {
        const c = correction[at + j];
        if (c === 0) continue;
        corrections.push(pairOf[row + TERM_SLOT + j], TERM_SLOT + j);
        coefficients.push(c);
      }
    }
    offsets[o + R] = coefficients.length;
  }
  return {
    pairRuns: Uint32Array.from(pairRuns),
    blocks: Uint32Array.from(blocks),
    corrections: Uint32Array.from(corrections),
    coefficients: Float32Array.from(coefficients),
    offsets,
    pairBase,
    blockBase,
    blockCount,
    maxPairs,
  };
}

import type { GradientCode } from '../codes/types.js';
import type { ArrivalDecoder } from '../decoders/streaming.js';
import { InputError } from '../errors.js';
import { computationsDone } from './finish-times.js';
import type { OriginalScratch } from './original.js';
import { arrivedBy, type TrialOutcome } from './outcome.js';
import type { Schedule } from './schedule.js';

/** The coded part of a Tandon partial-straggler code as a code of its own (N workers, N coded units), with its rule. */
export interface TandonParts {
  /** CRC over the coded units (chunk c − codedChunkOffset). */
  readonly coded: GradientCode;
  /** First coded chunk index in the full code. */
  readonly codedChunkOffset: number;
  /** Private units per worker. */
  readonly privateCount: Int32Array;
  /** k = N − s coded messages suffice. */
  readonly k: number;
}

/** Splits a `tandon-partial` code (src/codes/tandon-partial.ts) into its private counts and its coded CRC part. */
export function tandonParts(code: GradientCode): TandonParts {
  const extra = code.meta.extra;
  if (extra?.kind !== 'tandon-partial')
    throw new InputError('protocol', `tandon-partial needs a tandon-partial code, got ${code.name}`);
  const off = extra.codedChunkOffset;
  const offsets = new Int32Array(code.N + 1);
  const chunks: number[] = [];
  const coefficients: number[] = [];
  const privateCount = new Int32Array(code.N);
  for (let j = 0; j < code.N; j++) {
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
      if (code.chunks[e] >= off) {
        chunks.push(code.chunks[e] - off);
        coefficients.push(code.coefficients[e]);
      } else privateCount[j]++;
    }
    offsets[j + 1] = chunks.length;
  }
  const s = Number(code.meta.stragglerTolerance ?? code.meta.params.s);
  const coded: GradientCode = {
    name: `${code.name}:coded`,
    N: code.N,
    m: code.m - off,
    parts: 1,
    offsets,
    chunks: Int32Array.from(chunks),
    coefficients: Float64Array.from(coefficients),
    recovery: { kind: 'any-k', k: code.N - s },
    meta: { ...code.meta, extra: undefined },
  };
  return { coded, codedChunkOffset: off, privateCount, k: code.N - s };
}

/**
 * Tandon et al.'s partial-straggler protocol (core-gc.md A.6, from the authors' `partial_coded.py`): worker j sends
 * message 1 (the sum of its private units) when those are done and message 2 (its CRC combination of s + 1 coded
 * units) when those are done, in its processing order. The PS needs every message 1 and any N − s message 2s:
 *   completion = max( max_j M1_j , (N − s)-th smallest M2_j ).
 * error(T) = Σ_{j : M1_j > T} (private units of j) + optimal error of the coded part over {j : M2_j ≤ T}.
 * wasted = computations finished by completion that are not in a received message. `coded` is the coded part's
 * least squares, or null without a T grid.
 */
export function tandonPartialTrial(
  schedule: Schedule,
  parts: TandonParts,
  coded: ArrivalDecoder | null,
  finish: Float64Array,
  grid: Float64Array,
  scratch: OriginalScratch & { message1: Float64Array },
  out: TrialOutcome,
): void {
  const { code, chunkAt } = schedule;
  const { N, offsets } = code;
  const { doneAt: message2, arrivals, message1 } = scratch;
  let allPrivate = 0;
  for (let j = 0; j < N; j++) {
    let m1 = 0;
    let m2 = 0;
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      if (chunkAt[e] >= parts.codedChunkOffset) m2 = Math.max(m2, finish[e]);
      else m1 = Math.max(m1, finish[e]);
    }
    message1[j] = m1;
    message2[j] = m2;
    arrivals[j] = j;
    if (m1 > allPrivate) allPrivate = m1;
  }
  arrivals.sort((a, b) => message2[a] - message2[b] || a - b);
  const kth = message2[arrivals[parts.k - 1]];
  const completion = Math.max(allPrivate, kth);

  if (coded) {
    coded.reset();
    let a = 0;
    for (let g = 0; g < grid.length; g++) {
      const T = grid[g];
      while (a < N && arrivedBy(message2[arrivals[a]], T)) coded.add(arrivals[a++]);
      let missing = 0;
      for (let j = 0; j < N; j++) if (!arrivedBy(message1[j], T)) missing += parts.privateCount[j];
      out.errors[g] = missing + coded.error();
    }
  }

  out.completion = completion;
  out.exactAt = completion;
  if (completion === Number.POSITIVE_INFINITY) {
    out.done = Number.NaN;
    out.wasted = Number.NaN;
    return;
  }
  const done = computationsDone(schedule, finish, completion);
  let used = 0;
  for (let j = 0; j < N; j++) {
    const load = offsets[j + 1] - offsets[j];
    if (message1[j] <= completion) used += parts.privateCount[j];
    if (message2[j] <= completion) used += load - parts.privateCount[j];
  }
  out.done = done;
  out.wasted = done - used;
}

import { Stream, seedKey, streamWord } from '../rng/counters.js';
import { philox4x32 } from '../rng/philox.js';
import { PhiloxStream, U24 } from '../rng/stream.js';
import { sampleDistribution } from './distribution.js';
import type { ResolvedStragglerModel } from './resolve.js';
import { sampleSubset } from './subset.js';

/** Largest per-worker load the chunk-time lanes support: lane = (j << 10) | (k >> 2), so k < 4096. */
export const MAX_LOAD = 4096;
/** Largest worker count the chunk-time lanes support (j < 2²²). */
export const MAX_WORKERS = 1 << 22;

/**
 * The CPU twin of the per-trial straggler draws (shaders/lib/stragglers.wgsl mirrors it word for word).
 *
 * Counter lanes (key = seed; counter = (lane, trial, cell, stream<<24 | round)):
 * - chunk time X_{j,k}: stream `chunkTimes`, lane (j << 10) | (k >> 2), word k & 3 — per (worker, position), so
 *   every ordering of a code sees the same times (common random numbers across orderings);
 * - speed_j, slow_j (Bernoulli mode), failure_j: streams `workerSpeed`, `slowWorkers`, `failures`; lane j >> 2, word j & 3;
 * - exact slow set and random fixed set: Floyd's subset sampling on a sequential reader of streams `slowWorkers` and
 *   `stragglerSet` (lanes 0, 1, …);
 * - bursty: a sequential reader of stream `bursty` with trial word 0 and round = window index ⌊t / W⌋.
 */
export class TrialDrawer {
  private readonly k0: number;
  private readonly k1: number;
  private readonly block = new Uint32Array(4);
  private readonly chunkBlock = new Uint32Array(4);
  /** Sequential readers of the exact slow set and the random fixed set, restarted per trial. */
  private slowReader: PhiloxStream | undefined;
  private setReader: PhiloxStream | undefined;
  private readonly mask: Uint8Array;
  private readonly chunkWord: number;

  constructor(
    readonly model: ResolvedStragglerModel,
    readonly seed: number | bigint,
    readonly cell: number,
  ) {
    [this.k0, this.k1] = seedKey(seed);
    this.mask = new Uint8Array(model.N);
    this.chunkWord = streamWord(Stream.chunkTimes);
  }

  /** (stream, trial, lane) of the Philox block in `block`: consecutive workers j share lane j >> 2. */
  private cachedStream = -1;
  private cachedTrial = -1;
  private cachedLane = -1;

  /** Word j of the per-worker stream `stream` for this trial (one Philox block per four workers). */
  private workerWord(stream: number, trial: number, j: number): number {
    const lane = j >>> 2;
    if (lane !== this.cachedLane || trial !== this.cachedTrial || stream !== this.cachedStream) {
      philox4x32(lane, trial, this.cell, streamWord(stream), this.k0, this.k1, this.block);
      this.cachedStream = stream;
      this.cachedTrial = trial;
      this.cachedLane = lane;
    }
    return this.block[j & 3];
  }

  /**
   * Fills `factors[j]` (j < N) with worker j's time factor f_j for `trial`; +∞ for workers that never finish.
   */
  workerFactors(trial: number, factors: Float64Array): void {
    const m = this.model;
    const N = m.N;
    for (let j = 0; j < N; j++) {
      if (m.speed.kind === 'list') factors[j] = m.speed.values[j];
      else if (m.speed.kind === 'dist') {
        const u = (this.workerWord(Stream.workerSpeed, trial, j) >>> 8) * U24;
        factors[j] = sampleDistribution(m.speed.code, m.speed.a, m.speed.b, u);
      } else factors[j] = 1;
    }
    if (m.slow) {
      if (m.slow.mode === 'exact') {
        this.slowReader ??= new PhiloxStream(this.seed, Stream.slowWorkers, this.cell);
        sampleSubset(this.slowReader.restart(trial), N, m.slow.count, this.mask);
        for (let j = 0; j < N; j++) if (this.mask[j]) factors[j] *= m.slow.factor;
      } else {
        for (let j = 0; j < N; j++) {
          if (this.workerWord(Stream.slowWorkers, trial, j) < m.slow.threshold) factors[j] *= m.slow.factor;
        }
      }
    }
    if (m.fixedSet) {
      let mask: Uint8Array;
      if (m.fixedSet.mode === 'random') {
        this.setReader ??= new PhiloxStream(this.seed, Stream.stragglerSet, this.cell);
        sampleSubset(this.setReader.restart(trial), N, m.fixedSet.s, this.mask);
        mask = this.mask;
      } else mask = m.fixedSet.mask;
      for (let j = 0; j < N; j++) if (mask[j]) factors[j] *= m.fixedSet.factor;
    }
    if (m.bursty) {
      const { B, W, lambda, factor } = m.bursty;
      const window = Math.floor(trial / W);
      const offset = trial - window * W;
      const rng = new PhiloxStream(this.seed, Stream.bursty, this.cell, 0, window);
      sampleSubset(rng, N, lambda, this.mask);
      for (let j = 0; j < N; j++) {
        if (!this.mask[j]) continue;
        const start = rng.integer(W - B + 1);
        if (offset >= start && offset < start + B) factors[j] *= factor;
      }
    }
    if (m.failureThresholds) {
      for (let j = 0; j < N; j++) {
        if (this.workerWord(Stream.failures, trial, j) < m.failureThresholds[j]) factors[j] = Number.POSITIVE_INFINITY;
      }
    }
  }

  /**
   * Writes worker j's base chunk times X_{j,0..load−1} for `trial` into `out` (not yet multiplied by f_j).
   */
  chunkTimes(trial: number, j: number, load: number, out: Float64Array): void {
    const m = this.model;
    if (m.trace) {
      const x = m.trace.times[(trial % m.trace.rounds) * m.trace.workers + j];
      out.fill(x, 0, load);
      return;
    }
    const { code, a, b } = m.chunkTime;
    if (code === 0) {
      out.fill(a, 0, load);
      return;
    }
    for (let k = 0; k < load; k += 4) {
      philox4x32((j << 10) | (k >>> 2), trial, this.cell, this.chunkWord, this.k0, this.k1, this.chunkBlock);
      const n = Math.min(4, load - k);
      for (let w = 0; w < n; w++) out[k + w] = sampleDistribution(code, a, b, (this.chunkBlock[w] >>> 8) * U24);
    }
  }
}

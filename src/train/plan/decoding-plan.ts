import type { GradientCode } from '../../codes/types.js';
import type { Decoder } from '../../decoders/types.js';
import { finishTimeSource } from '../../protocols/finish-times.js';
import type { Schedule } from '../../protocols/schedule.js';
import { TrialDrawer } from '../../stragglers/draws.js';
import type { ResolvedStragglerModel } from '../../stragglers/resolve.js';
import { ComplementDecoding } from './complement-decoding.js';
import { RoundScratch, receiveRound, type WaitPolicy } from './wait-policy.js';

/** Everything that turns straggler draws into decoding weights for one scheme. */
export interface StragglerPlanSetup {
  readonly schedule: Schedule;
  readonly stragglers: ResolvedStragglerModel;
  readonly seed: number | bigint;
  /** Counter word c2 of the straggler draws (shared by schemes with the same model: common random numbers). */
  readonly cell: number;
  readonly wait: WaitPolicy;
  readonly decoder: Decoder;
  /** Per-worker straggling probabilities handed to the decoder (Song–Choi unbiased weights). */
  readonly p?: Float64Array;
  /** Replication groups (`collect` wait policy). */
  readonly groups?: Int32Array;
  /** Added to every trial index (default 0): separate draws, e.g. for Monte-Carlo moments beyond the runs. */
  readonly trialBase?: number;
}

/** What a plan window must hold besides α, the round times and the decoding errors. */
export interface PlanOutputs {
  /** The decoding weights w (the message path). Default true. */
  readonly weights?: boolean;
  /**
   * The complement form α = a₀ − B⁺c of optimal decoding (src/train/plan/complement-decoding.ts), for the
   * complement form of descent. Only for the optimal decoder on ℓ = 1 codes the complement applies to
   * ({@link complementOf}); ignored otherwise.
   */
  readonly correction?: boolean;
}

/** Decoding of iterations [first, first + count) for all runs, iteration-major: entry (k − first)·runs + r. */
export interface PlanWindow {
  readonly first: number;
  readonly count: number;
  readonly runs: number;
  /** N·ℓ decoding weights per entry (part-major, as src/decoders returns them); empty unless requested. */
  readonly weights: Float64Array;
  /** ℓ·(m·ℓ) coefficients α = B_Sᵀw per entry. */
  readonly alpha: Float64Array;
  /** N correction coefficients c per entry (α = a₀ − B⁺c, zero on survivors); empty unless requested. */
  readonly correction: Float64Array;
  /** Round time (simulated wall clock) per entry. */
  readonly time: Float64Array;
  /** ‖α − 1‖² (summed over parts) per entry. */
  readonly alphaError: Float64Array;
  /** Messages received per entry. */
  readonly received: Int32Array;
  /** 1 where the decoded gradient is exact. */
  readonly exact: Uint8Array;
  /** Entries whose `exact` wait fell back to waiting for all. */
  readonly censored: number;
}

/** Largest decode cache (entries) per window; order-insensitive decoders only. */
const CACHE_LIMIT = 1 << 16;
/** Survivor sets are cached only for N ≤ this: beyond, repeated sets are rare and the cache only allocates. */
const CACHE_MAX_WORKERS = 24;
/** Decoders whose result depends on the arrival order, not only on the received set. */
const ORDER_SENSITIVE = new Set(['erasure', 'ignore-stragglers']);

/** The Philox trial index of (run, iteration): t = run·K + k (K = total iterations), so runs never share draws. */
export function trialIndex(run: number, iteration: number, iterations: number): number {
  return run * iterations + iteration;
}

const complements = new WeakMap<GradientCode, ComplementDecoding | null>();

/**
 * The complement form of a scheme's decoding (one per code object), or null: it exists for the optimal decoder on
 * ℓ = 1 codes whose B is well conditioned ({@link ComplementDecoding.forCode}).
 */
export function complementOf(code: GradientCode, decoder: Decoder): ComplementDecoding | null {
  if (decoder.name !== 'optimal') return null;
  let hit = complements.get(code);
  if (hit === undefined) {
    hit = ComplementDecoding.forCode(code);
    complements.set(code, hit);
  }
  return hit;
}

/** One decoded survivor set, as the window stores it. */
interface DecodedSet {
  readonly alpha: Float64Array;
  readonly weights: Float64Array | null;
  readonly correction: Float64Array | null;
  readonly error: number;
  readonly exact: boolean;
}

/** A cache key for a survivor mask: its bits as a number for N ≤ 52, else a string. */
function maskKey(survivors: Uint8Array): number | string {
  const N = survivors.length;
  if (N > 52) return Buffer.from(survivors).toString('latin1');
  let key = 0;
  for (let j = 0; j < N; j++) key = key * 2 + (survivors[j] !== 0 ? 1 : 0);
  return key;
}

/**
 * Straggler realisations and decoding weights do not depend on the iterate, so they are computed before descent:
 * for run r and iteration k, the straggler model's trial t = r·K + k (src/stragglers/draws.ts lanes, cell word
 * `setup.cell`) gives finishing times, the wait policy the received set and the round time, and the decoder (f64,
 * src/decoders) the weights w and α = B_Sᵀw. Optimal decoding of an ℓ = 1 code without requested weights uses its
 * complement form (the same α from the failed workers alone, ComplementDecoding); sets it cannot decide go to the
 * decoder.
 */
export function planWindow(
  setup: StragglerPlanSetup,
  iterations: number,
  first: number,
  count: number,
  runs: number,
  outputs: PlanOutputs = {},
): PlanWindow {
  const base = setup.trialBase ?? 0;
  if (base + runs * iterations > 2 ** 32) {
    throw new RangeError(`runs × iterations = ${runs * iterations} (from trial ${base}) exceeds 2^32 trials`);
  }
  const { schedule, decoder } = setup;
  const code: GradientCode = schedule.code;
  const { N, m, parts } = code;
  const wantWeights = outputs.weights ?? true;
  const complement = parts === 1 ? complementOf(code, decoder) : null;
  const wantCorrection = (outputs.correction ?? false) && complement !== null;
  const ordered = ORDER_SENSITIVE.has(decoder.name);
  const drawer = new TrialDrawer(setup.stragglers, setup.seed, setup.cell);
  const source = finishTimeSource(schedule, drawer);
  const finish = source.finish;
  const doneAt = new Float64Array(N);
  const survivors = new Uint8Array(N);
  const scratch = new RoundScratch(code);
  const wl = N * parts;
  const al = parts * m * parts;
  const entries = count * runs;
  const out = {
    first,
    count,
    runs,
    weights: new Float64Array(wantWeights ? entries * wl : 0),
    alpha: new Float64Array(entries * al),
    correction: new Float64Array(wantCorrection ? entries * N : 0),
    time: new Float64Array(entries),
    alphaError: new Float64Array(entries),
    received: new Int32Array(entries),
    exact: new Uint8Array(entries),
    censored: 0,
  };
  const cache = ordered || N > CACHE_MAX_WORKERS ? null : new Map<number | string, DecodedSet>();
  const alpha = new Float64Array(al);
  const correction = new Float64Array(N);
  /** Decodes the current `survivors` into the scratch α / correction (and returns the weights when requested). */
  const decode = (): DecodedSet => {
    if (complement && !wantWeights) {
      const result = complement.decode(survivors, alpha, correction);
      if (result.ok) return { alpha, weights: null, correction, error: result.error, exact: result.exact };
    }
    const result = decoder.decode(code, { survivors, arrivalOrder: scratch.arrivals, p: setup.p });
    alpha.set(result.alpha);
    if (wantCorrection) complement!.correctionOf(result.alpha, survivors, correction);
    return { alpha, weights: result.weights, correction, error: result.error, exact: result.exact };
  };
  for (let kk = 0; kk < count; kk++) {
    for (let r = 0; r < runs; r++) {
      const e = kk * runs + r;
      source.compute(base + trialIndex(r, first + kk, iterations));
      for (let j = 0; j < N; j++)
        doneAt[j] = code.offsets[j + 1] > code.offsets[j] ? finish[code.offsets[j + 1] - 1] : 0;
      const round = receiveRound(code, setup.wait, doneAt, survivors, scratch, setup.groups ?? null, ordered);
      if (round.censored) out.censored++;
      out.time[e] = round.time;
      let received = 0;
      for (let j = 0; j < N; j++) received += survivors[j];
      out.received[e] = received;
      const key = cache ? maskKey(survivors) : 0;
      let result = cache?.get(key);
      if (!result) {
        result = decode();
        if (cache && cache.size < CACHE_LIMIT) {
          result = {
            ...result,
            alpha: result.alpha.slice(),
            weights: result.weights?.slice() ?? null,
            correction: result.correction?.slice() ?? null,
          };
          cache.set(key, result);
        }
      }
      if (wantWeights) out.weights.set(result.weights!, e * wl);
      out.alpha.set(result.alpha, e * al);
      if (wantCorrection) out.correction.set(result.correction!, e * N);
      out.alphaError[e] = result.error;
      out.exact[e] = result.exact ? 1 : 0;
    }
  }
  return out;
}

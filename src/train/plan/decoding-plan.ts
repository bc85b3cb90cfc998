import type { GradientCode } from '../../codes/types.js';
import { decoders } from '../../decoders/registry.js';
import type { ComplementDecoding } from '../../protocols/complement-decoding.js';
import { ComplementLeastSquares } from '../../protocols/complement-least-squares.js';
import { finishTimeSource } from '../../protocols/finish-times.js';
import type { RoundPlan } from '../../protocols/round-plan.js';
import type { Schedule } from '../../protocols/schedule.js';
import { finiteArrivals, sortArrivals, stopRound, workerDoneTimes } from '../../protocols/stop-rules.js';
import { TrialDrawer } from '../../stragglers/draws.js';
import type { ResolvedStragglerModel } from '../../stragglers/resolve.js';

/** Everything that turns straggler draws into decoding weights for one scheme. */
export interface StragglerPlanSetup {
  readonly schedule: Schedule;
  readonly stragglers: ResolvedStragglerModel;
  readonly seed: number | bigint;
  /** Counter word c2 of the straggler draws (shared by schemes with the same model: common random numbers). */
  readonly cell: number;
  /** The rules of a round (src/protocols/round-plan.ts): stop rule, decoder, complement form, tolerances. */
  readonly plan: RoundPlan;
  /** Per-worker straggling probabilities handed to the decoder (Song–Choi unbiased weights). */
  readonly p?: Float64Array;
  /** Added to every trial index (default 0): separate draws, e.g. for Monte-Carlo moments beyond the runs. */
  readonly trialBase?: number;
}

/** What a plan window must hold besides α, the round times and the decoding errors. */
export interface PlanOutputs {
  /** The decoding weights w (the message path). Default true. */
  readonly weights?: boolean;
  /**
   * The complement form α = a₀ − B⁺c of optimal decoding (src/protocols/complement-decoding.ts), for the complement
   * form of descent. Only where the round plan takes the complement ({@link complementOf}); ignored otherwise.
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

/** The Philox trial index of (run, iteration): t = run·K + k (K = total iterations), so runs never share draws. */
export function trialIndex(run: number, iteration: number, iterations: number): number {
  return run * iterations + iteration;
}

/**
 * The complement form of a scheme's decoding (one per code object), or null: where the round plan takes it — the
 * optimal decoder on an ℓ = 1 code whose B is well conditioned (src/protocols/round-plan.ts).
 */
export function complementOf(code: GradientCode, plan: RoundPlan): ComplementDecoding | null {
  return plan.complement.f64 ? ComplementLeastSquares.forCode(code).projection : null;
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
 * `setup.cell`) gives finishing times, the plan's stop rule (src/protocols/stop-rules.ts) the received set and the
 * round time — a rule that never fires takes every message that arrives (`exact`: counted as censored) — and the
 * decoder (f64, src/decoders) the weights w and α = B_Sᵀw. Optimal decoding of an ℓ = 1 code without requested weights uses its
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
  const { schedule, plan } = setup;
  const code: GradientCode = schedule.code;
  const { N, m, parts } = code;
  if (plan.decoder === null) throw new RangeError('a training round plan names its decoder');
  const decoder = decoders[plan.decoder];
  const wantWeights = outputs.weights ?? true;
  const complement = parts === 1 ? complementOf(code, plan) : null;
  const wantCorrection = (outputs.correction ?? false) && complement !== null;
  const ordered = decoder.usesArrivalOrder === true;
  const drawer = new TrialDrawer(setup.stragglers, setup.seed, setup.cell);
  const source = finishTimeSource(schedule, drawer);
  const finish = source.finish;
  const doneAt = new Float64Array(N);
  const survivors = new Uint8Array(N);
  const arrivals = new Int32Array(N);
  const { stop } = plan;
  const seen = new Uint8Array(stop.kind === 'groups' || stop.kind === 'collect-k' ? stop.groups : 0);
  const leastSquares =
    stop.kind === 'least-squares'
      ? decoders.optimal.stream.create(code, { rankTolerance: plan.tolerances.f64.rank })
      : null;
  const exactTolerance = plan.tolerances.f64.exact * m * parts;
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
  /**
   * Applies the plan's stop rule to one round: the received set into `survivors`, the arrival order (ascending D_j,
   * ties by index) into `arrivals`. A rule that never fires takes every message that arrives; for the code's own
   * recovery rule (`wait: exact`) that round is censored. With an order-free decoder, `all` skips the sort (its
   * received set and stop time do not depend on the order; `arrivals` is then left unspecified).
   */
  const receive = (doneAt: Float64Array): { count: number; time: number; censored: boolean } => {
    if (!ordered && stop.kind === 'all') {
      let time = 0;
      let count = 0;
      for (let j = 0; j < N; j++) {
        const finite = doneAt[j] !== Number.POSITIVE_INFINITY;
        survivors[j] = finite ? 1 : 0;
        count += survivors[j];
        if (finite && doneAt[j] > time) time = doneAt[j];
      }
      return { count, time, censored: false };
    }
    sortArrivals(doneAt, N, arrivals);
    const finite = finiteArrivals(doneAt, arrivals, N);
    const round = stopRound(stop, doneAt, arrivals, N, finite, seen, leastSquares, exactTolerance);
    const count = round.received;
    const never = round.time === Number.POSITIVE_INFINITY;
    const time = never ? (finite > 0 ? doneAt[arrivals[finite - 1]] : 0) : round.time;
    survivors.fill(0);
    for (let a = 0; a < count; a++) survivors[arrivals[a]] = 1;
    const recoveryRule = stop.kind === 'any-k' || stop.kind === 'groups' || stop.kind === 'least-squares';
    return { count, time, censored: never && recoveryRule };
  };
  /** Decodes the current `survivors` into the scratch α / correction (and returns the weights when requested). */
  const decode = (): DecodedSet => {
    if (complement && !wantWeights) {
      const result = complement.decode(survivors, alpha, correction);
      if (result.ok) return { alpha, weights: null, correction, error: result.error, exact: result.exact };
    }
    const result = decoder.decode(code, { survivors, arrivalOrder: arrivals, p: setup.p });
    alpha.set(result.alpha);
    if (wantCorrection) complement!.correctionOf(result.alpha, survivors, correction);
    return { alpha, weights: result.weights, correction, error: result.error, exact: result.exact };
  };
  for (let kk = 0; kk < count; kk++) {
    for (let r = 0; r < runs; r++) {
      const e = kk * runs + r;
      source.compute(base + trialIndex(r, first + kk, iterations));
      workerDoneTimes(code, finish, doneAt);
      const received = receive(doneAt);
      out.time[e] = received.time;
      if (received.censored) out.censored++;
      out.received[e] = received.count;
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

import { InputError, requireInput } from '../errors.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';
import { codeFromRows } from './build.js';
import { conditionNumber, residualNorm, solveSquare } from './small-solve.js';
import type { GradientCode } from './types.js';
import { requireInteger, requireSeed } from './validate.js';

/** Parameters of the cyclic repetition code. */
export interface CrcParams {
  /** Workers N (= chunks m). */
  readonly N: number;
  /** Straggler tolerance s, 0 ≤ s < N. */
  readonly s: number;
  /** Seed of the Philox construction stream that draws H (default 0). */
  readonly seed?: number;
  /** How many H to draw (Philox rounds 0, 1, …) before giving up on an ill-conditioned draw (default 8). */
  readonly maxDraws?: number;
  /** Largest accepted 2-norm condition number of any s×s window H[:, S_j[1..s]] (default 1e8). */
  readonly maxCondition?: number;
  /** Philox cell word for H (default 0); composite codes (nested levels) use distinct values. */
  readonly subStream?: number;
}

/** One accepted draw of Tandon's CRC construction, with its checks. */
export interface CrcDraw {
  /** H (s × N, row-major) with H·1 = 0; empty when s = 0. */
  readonly H: Float64Array;
  /** Worker j's coefficients on chunks (j, j+1, …, j+s) mod N; the first is 1. */
  readonly rows: Float64Array[];
  /** Philox round that produced the accepted H. */
  readonly round: number;
  /** Largest window condition number of the accepted H. */
  readonly worstCondition: number;
  /** max_j ‖H_{S_j} x_j + h_{S_j[0]}‖_max relative to the system's scale. */
  readonly worstResidual: number;
  /** max |H·Bᵀ| relative to the scale of the products summed. */
  readonly worstParity: number;
}

/** Relative residual accepted for the s×s solves and for H·Bᵀ = 0 (LU with partial pivoting is backward stable). */
const RESIDUAL_TOLERANCE = 1e-10;

/**
 * Draws H and solves the CRC coefficients (Tandon et al. 2017, Cyclic Repetition Scheme, the algorithm "B_cyc";
 * core-gc.md A.4): H̃ ∈ R^{s×(N−1)} i.i.d. N(0,1) from PhiloxStream(seed, construction, subStream, 0, round), H =
 * [H̃, −H̃·1]; worker j's support is S_j = (j, …, j+s) mod N with B[j, S_j[0]] = 1 and B[j, S_j[1..s]] = x solving
 * H[:, S_j[1..s]]·x = −H[:, S_j[0]].
 *
 * Ill-conditioning policy: a draw is **rejected and H redrawn** (next Philox round) when any window's condition number
 * exceeds `maxCondition`, or when a solve's relative residual or a row of H·Bᵀ exceeds 1e-10; after `maxDraws`
 * rejected draws it throws an InputError on `seed`. Conditioning of the decoding systems B_S (any N − s rows) is not
 * checked here — the decoders report their own residuals.
 */
export function drawCrcCoefficients(
  N: number,
  s: number,
  seed: number,
  options: { maxDraws?: number; maxCondition?: number; subStream?: number } = {},
): CrcDraw {
  const maxDraws = options.maxDraws ?? 8;
  const maxCondition = options.maxCondition ?? 1e8;
  requireInteger(maxDraws, 'maxDraws', 1, 0xffffff);
  requireInput(maxCondition > 1, 'maxCondition', `must be > 1, got ${maxCondition}`);
  if (s === 0) {
    return {
      H: new Float64Array(0),
      rows: Array.from({ length: N }, () => Float64Array.of(1)),
      round: 0,
      worstCondition: 1,
      worstResidual: 0,
      worstParity: 0,
    };
  }
  let failure = '';
  for (let round = 0; round < maxDraws; round++) {
    const stream = new PhiloxStream(seed, Stream.construction, options.subStream ?? 0, 0, round);
    const H = new Float64Array(s * N);
    for (let r = 0; r < s; r++) {
      let sum = 0;
      for (let c = 0; c < N - 1; c++) {
        const v = stream.normal();
        H[r * N + c] = v;
        sum += v;
      }
      H[r * N + N - 1] = -sum;
    }
    const attempt = solveWindows(H, N, s, maxCondition);
    if (typeof attempt === 'string') {
      failure = attempt;
      continue;
    }
    return { H, round, ...attempt };
  }
  throw new InputError(
    'seed',
    `CRC(N = ${N}, s = ${s}): all ${maxDraws} draws of H from seed ${seed} were rejected (${failure}); try another seed`,
  );
}

function solveWindows(
  H: Float64Array,
  N: number,
  s: number,
  maxCondition: number,
): Omit<CrcDraw, 'H' | 'round'> | string {
  const rows: Float64Array[] = [];
  const M = new Float64Array(s * s);
  const rhs = new Float64Array(s);
  let worstCondition = 0;
  let worstResidual = 0;
  let worstParity = 0;
  for (let j = 0; j < N; j++) {
    const window = Array.from({ length: s + 1 }, (_, t) => (j + t) % N);
    for (let r = 0; r < s; r++) {
      rhs[r] = -H[r * N + window[0]];
      for (let c = 0; c < s; c++) M[r * s + c] = H[r * N + window[c + 1]];
    }
    const kappa = conditionNumber(M, s);
    worstCondition = Math.max(worstCondition, kappa);
    if (!(kappa <= maxCondition)) return `window of worker ${j} has condition number ${kappa.toExponential(2)}`;
    const x = solveSquare(M, s, rhs, 1);
    if (!x) return `window of worker ${j} is singular`;
    const scale = maxAbs(M) * maxAbs(x) + maxAbs(rhs);
    const residual = residualNorm(M, s, x, rhs, 1) / scale;
    worstResidual = Math.max(worstResidual, residual);
    if (!(residual <= RESIDUAL_TOLERANCE)) return `solve of worker ${j} has relative residual ${residual}`;
    const row = new Float64Array(s + 1);
    row[0] = 1;
    row.set(x, 1);
    for (let r = 0; r < s; r++) {
      let dot = 0;
      let mag = 0;
      for (let t = 0; t <= s; t++) {
        const v = H[r * N + window[t]] * row[t];
        dot += v;
        mag += Math.abs(v);
      }
      const parity = Math.abs(dot) / mag;
      worstParity = Math.max(worstParity, parity);
      if (!(parity <= RESIDUAL_TOLERANCE)) return `row ${r} of H·Bᵀ for worker ${j} is ${dot}`;
    }
    rows.push(row);
  }
  return { rows, worstCondition, worstResidual, worstParity };
}

/**
 * Cyclic repetition code — Tandon et al., "Gradient Coding: Avoiding Stragglers in Distributed Learning", ICML 2017
 * (arXiv 1612.03301), Cyclic Repetition Scheme from a random Gaussian H (digest: core-gc.md A.4; the authors'
 * `util.getB`). Worker j holds chunks j, …, j+s (mod N) with the coefficients of {@link drawCrcCoefficients}; any
 * N − s workers decode exactly with probability 1 (recovery `any-k`, k = N − s). Seeded: the same (N, s, seed) gives
 * the same code on every machine.
 */
export function cyclicRepetitionCode(params: CrcParams): GradientCode {
  const { N, s } = params;
  const seed = params.seed ?? 0;
  requireInteger(N, 'N', 1);
  requireInteger(s, 's', 0);
  requireInput(s < N, 's', `must be < N = ${N}, got ${s}`);
  requireSeed(seed);
  const draw = drawCrcCoefficients(N, s, seed, params);
  return codeFromRows({
    name: 'crc',
    m: N,
    rows: Array.from({ length: N }, (_, j) => Array.from({ length: s + 1 }, (_, t) => (j + t) % N)),
    coefficients: draw.rows,
    recovery: { kind: 'any-k', k: N - s },
    meta: {
      family: 'Cyclic repetition code',
      params: { N, s, seed },
      citation:
        'Tandon et al., "Gradient Coding: Avoiding Stragglers in Distributed Learning", ICML 2017 (arXiv 1612.03301), Cyclic Repetition Scheme (random H)',
      reconstruction: false,
      stragglerTolerance: s,
      notes:
        `H drawn at Philox round ${draw.round}; worst window condition ${draw.worstCondition.toExponential(2)}, ` +
        `worst relative residual ${draw.worstResidual.toExponential(1)}`,
    },
  });
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

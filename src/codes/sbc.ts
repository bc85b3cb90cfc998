import { requireInput } from '../errors.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';
import { bernoulliWordThreshold, requireInteger, requireProbability, requireSeed } from './validate.js';

/** Parameters of the stochastic block code. */
export interface SbcParams {
  /** Workers N = chunks m. */
  readonly N: number;
  /** Number of communities r; requires r | N. */
  readonly communities: number;
  /** Within-community probability. */
  readonly p: number;
  /** Between-community probability. */
  readonly q: number;
  readonly seed?: number;
}

/**
 * Stochastic block code (SBC) — **our reconstruction** of Charles & Papailiopoulos, "Gradient Coding via the Stochastic
 * Block Model", arXiv 1805.10378 (only the abstract was available; approx-codes.md C.2, parameter names ours). Workers
 * and chunks are split into r communities of N/r consecutive indices (same labels on both sides); B[j][i] = 1
 * independently with probability p when j and i share a community, else q (drawn row-major from
 * PhiloxStream(seed, construction) as word < floor(prob·2³²)). Expected load p·N/r + q·(N − N/r). p = 1, q = 0 with
 * community size s + 1 is FRC; p = q is a Bernoulli code.
 */
export function stochasticBlockCode(params: SbcParams): GradientCode {
  const { N, communities: r, p, q } = params;
  const seed = params.seed ?? 0;
  requireInteger(N, 'N', 1);
  requireInteger(r, 'communities', 1, N);
  requireInput(N % r === 0, 'communities', `must divide N = ${N}, got ${r}`);
  requireProbability(p, 'p');
  requireProbability(q, 'q');
  requireSeed(seed);
  const size = N / r;
  const tp = bernoulliWordThreshold(p);
  const tq = bernoulliWordThreshold(q);
  const stream = new PhiloxStream(seed, Stream.construction);
  const rows: number[][] = [];
  for (let j = 0; j < N; j++) {
    const row: number[] = [];
    const cj = Math.floor(j / size);
    for (let i = 0; i < N; i++) {
      if (stream.nextU32() < (Math.floor(i / size) === cj ? tp : tq)) row.push(i);
    }
    rows.push(row);
  }
  return codeFromRows({
    name: 'sbc',
    m: N,
    rows,
    meta: {
      family: 'Stochastic block code (reconstruction)',
      params: { N, communities: r, p, q, seed },
      citation:
        'Reconstruction of Charles & Papailiopoulos, "Gradient Coding via the Stochastic Block Model", arXiv 1805.10378 (abstract only)',
      reconstruction: true,
      notes:
        "community layout, p/q scaling and symmetry are our choices; the paper's exact SBC definition was not recovered",
    },
  });
}

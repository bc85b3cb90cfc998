import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import { drawCrcCoefficients } from './crc.js';
import type { GradientCode } from './types.js';
import { requireInteger, requireSeed } from './validate.js';

/** Parameters of Tandon's partial-straggler scheme. */
export interface TandonPartialParams {
  /** Workers N. */
  readonly N: number;
  /** Straggler tolerance s of the coded part, 0 ≤ s < N. */
  readonly s: number;
  /** P: pieces of workload per worker (the authors' Makefile default is 20); P ≥ s + 1. */
  readonly P: number;
  /** Seed of the CRC coefficients of the coded part (default 0; same H as `crc:N,s,seed`). */
  readonly seed?: number;
}

/**
 * Tandon et al. 2017's partial-straggler scheme as implemented in the authors' `partial_coded.py` (core-gc.md A.6; the
 * paper's theorem text could not be recovered). The data is cut into m = N(P − s) units. Worker j holds
 *   - P − s − 1 private units j(P−s−1), …, j(P−s−1) + P−s−2 (coefficient 1, sent as message 1), then
 *   - s + 1 coded units N(P−s−1) + ((j+t) mod N), t = 0..s, with the CRC coefficients of `crc:N,s,seed` (message 2).
 * The PS needs every worker's message 1 and any N − s message 2s. The CSR row lists private units first (the
 * processing order); `meta.extra` (kind 'tandon-partial') lists the private units separately and where the coded
 * units start. Tolerance: each straggler may be at most P/(P − s − 1) times slower. As a single message per worker
 * this matrix is not an exact code (recovery `least-squares`): use the 'tandon-partial' protocol.
 */
export function tandonPartialCode(params: TandonPartialParams): GradientCode {
  const { N, s, P } = params;
  const seed = params.seed ?? 0;
  requireInteger(N, 'N', 1);
  requireInteger(s, 's', 0);
  requireInput(s < N, 's', `must be < N = ${N}, got ${s}`);
  requireInteger(P, 'P', 1);
  requireInput(P >= s + 1, 'P', `must be ≥ s + 1 = ${s + 1}, got ${P}`);
  requireSeed(seed);
  const priv = P - s - 1;
  const codedChunkOffset = N * priv;
  const crc = drawCrcCoefficients(N, s, seed);
  const rows: number[][] = [];
  const coefficients: number[][] = [];
  const privateOffsets = new Int32Array(N + 1);
  const privateChunks = new Int32Array(N * priv);
  for (let j = 0; j < N; j++) {
    const row: number[] = [];
    const coef: number[] = [];
    for (let u = 0; u < priv; u++) {
      row.push(j * priv + u);
      coef.push(1);
      privateChunks[j * priv + u] = j * priv + u;
    }
    privateOffsets[j + 1] = (j + 1) * priv;
    for (let t = 0; t <= s; t++) {
      row.push(codedChunkOffset + ((j + t) % N));
      coef.push(crc.rows[j][t]);
    }
    rows.push(row);
    coefficients.push(coef);
  }
  return codeFromRows({
    name: 'tandon-partial',
    m: N * (P - s),
    rows,
    coefficients,
    meta: {
      family: "Tandon et al.'s partial-straggler scheme",
      params: { N, s, P, seed },
      citation:
        "Tandon et al., ICML 2017 (arXiv 1612.03301), partial stragglers; mechanics from the authors' partial_coded.py (rashisht1/gradient_coding)",
      reconstruction: false,
      stragglerTolerance: s,
      notes: `private units per worker ${priv}; coded units ${codedChunkOffset}..${codedChunkOffset + N - 1}; each straggler may be at most P/(P−s−1) = ${priv > 0 ? (P / priv).toFixed(3) : '∞'} times slower`,
      extra: { kind: 'tandon-partial', privateOffsets, privateChunks, pieces: P, codedChunkOffset },
    },
  });
}

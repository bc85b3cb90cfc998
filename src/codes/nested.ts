import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import { cyclicRepetitionCode } from './crc.js';
import { fractionalRepetitionCode } from './frc.js';
import { concatenateColumns } from './product.js';
import type { GradientCode } from './types.js';
import { requireInteger, requireSeed } from './validate.js';

/** Parameters of the nested (concatenated) code. */
export interface NestedParams {
  /** Workers N. */
  readonly N: number;
  /** Straggler tolerance of each level, in processing order (e.g. [3, 1]). */
  readonly s: readonly number[];
  /** Code of every level: Tandon's CRC (default) or FRC (needs (s_t + 1) | N). */
  readonly base?: 'crc' | 'frc';
  /** Seed of the CRC levels (level t uses Philox cell t + 1). */
  readonly seed?: number;
}

/**
 * Nested gradient code — **our reconstruction** of Maßny, Hofmeister, Egger, Bitar, Wachter-Zeh, "Nested Gradient
 * Codes for Straggler Mitigation in Distributed Machine Learning" (arXiv 2212.08580), of which only the abstract was
 * available ("concatenating gradient codes with different straggler tolerances"; approx-codes.md E). Level t is an
 * exact code tolerating s_t stragglers over its own N chunks (chunks t·N … t·N + N − 1); every worker processes level 1's
 * chunks, then level 2's, …, and is meant to send one message per level (`meta.extra.levels`), so that the PS decodes
 * level t from any N − s_t level-t messages. The paper's scheduling, signalling and latency model are not recovered;
 * results from this code are not the paper's numbers. Recovery `least-squares` (one message per worker is not exact).
 */
export function nestedCode(params: NestedParams): GradientCode {
  const { N } = params;
  const base = params.base ?? 'crc';
  const seed = params.seed ?? 0;
  requireInteger(N, 'N', 1);
  requireInput(params.s.length >= 1, 's', 'give at least one level tolerance');
  requireInput(base === 'crc' || base === 'frc', 'base', 'must be crc|frc');
  requireSeed(seed);
  const levels: GradientCode[] = params.s.map((s, t) => {
    requireInteger(s, `s[${t}]`, 0);
    requireInput(s < N, `s[${t}]`, `must be < N = ${N}, got ${s}`);
    requireInput(base !== 'frc' || N % (s + 1) === 0, `s[${t}]`, `FRC level needs (s + 1) | N = ${N}, got s = ${s}`);
    return base === 'crc' ? cyclicRepetitionCode({ N, s, seed, subStream: t + 1 }) : fractionalRepetitionCode({ N, s });
  });
  const cat = concatenateColumns(levels);
  return codeFromRows({
    name: 'nested',
    m: cat.m,
    rows: cat.rows,
    coefficients: cat.coefficients,
    meta: {
      family: 'Nested gradient code (reconstruction)',
      params: { N, s: [...params.s], base, seed },
      citation:
        'Reconstruction of Maßny et al., "Nested Gradient Codes for Straggler Mitigation in Distributed Machine Learning", arXiv 2212.08580 (abstract only)',
      reconstruction: true,
      notes:
        "concatenation of exact codes with the given tolerances, processed in sequence; not the paper's scheduling or signalling — do not compare with its numbers",
      extra: {
        kind: 'nested',
        levels: levels.map((code, t) => ({ s: params.s[t], chunkOffset: cat.chunkOffsets[t], chunks: code.m })),
      },
    },
  });
}

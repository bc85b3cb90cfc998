import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';
import { requireInteger } from './validate.js';

/** Parameters of the fractional repetition code. */
export interface FrcParams {
  /** Workers N (= chunks m; Tandon's n = k). */
  readonly N: number;
  /** Straggler tolerance s; requires (s + 1) | N. */
  readonly s: number;
  /**
   * Which workers replicate each other. `consecutive` (default; the authors' reference code and ErasureHead):
   * workers (s+1)a … (s+1)a + s hold super-block a, as replicas b = 0 … s. `interleaved` (the paper's B_frac = s+1
   * stacked copies of B_block): worker j holds super-block j mod N/(s+1), as replica b = ⌊j / (N/(s+1))⌋.
   */
  readonly layout?: 'consecutive' | 'interleaved';
}

/**
 * Fractional repetition code — Tandon, Lei, Dimakis, Karampatziakis, "Gradient Coding: Avoiding Stragglers in
 * Distributed Learning", ICML 2017 (arXiv 1612.03301), the Fractional Repetition Scheme. The N chunks form N/(s+1)
 * super-blocks of s+1 consecutive chunks; each super-block is held by s+1 workers, each sending the plain sum
 * (coefficients 1). Exact under any s stragglers: recovery rule `groups` (decodable iff every super-block has a
 * surviving replica).
 *
 * Natural processing order: the b-th replica of a super-block (b = 0 … s) starts at the super-block's b-th chunk and
 * wraps around, the rotated layout of the authors' reference code (rashisht1/gradient_coding, `replication.py`: chunk
 * (s+1)·a + (b + i) mod (s+1) at position i). The s+1 replicas then start on different chunks, so every position
 * class is a perfect matching: the natural order is a Latin order and meets the Qmax lower bound Nδ − δ(δ+1)/2 + 1
 * (e.g. 31 for N = 12, s = 2, where starting every replica on the same chunk gives 34).
 */
export function fractionalRepetitionCode(params: FrcParams): GradientCode {
  const { N, s } = params;
  const layout = params.layout ?? 'consecutive';
  requireInteger(N, 'N', 1);
  requireInteger(s, 's', 0);
  requireInput(s < N, 's', `must be < N = ${N}, got ${s}`);
  requireInput(N % (s + 1) === 0, 's', `FRC needs (s + 1) | N; s + 1 = ${s + 1} does not divide N = ${N}`);
  requireInput(layout === 'consecutive' || layout === 'interleaved', 'layout', `must be consecutive|interleaved`);
  const groups = N / (s + 1);
  const group = new Int32Array(N);
  const rows: number[][] = [];
  for (let j = 0; j < N; j++) {
    const a = layout === 'consecutive' ? Math.floor(j / (s + 1)) : j % groups;
    const b = layout === 'consecutive' ? j % (s + 1) : Math.floor(j / groups);
    group[j] = a;
    rows.push(Array.from({ length: s + 1 }, (_, t) => a * (s + 1) + ((b + t) % (s + 1))));
  }
  return codeFromRows({
    name: 'frc',
    m: N,
    rows,
    recovery: { kind: 'groups', group, groups },
    meta: {
      family: 'Fractional repetition code',
      params: { N, s, layout },
      citation:
        'Tandon et al., "Gradient Coding: Avoiding Stragglers in Distributed Learning", ICML 2017 (arXiv 1612.03301), Fractional Repetition Scheme',
      reconstruction: false,
      stragglerTolerance: s,
    },
  });
}

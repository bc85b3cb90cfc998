import { requireInput } from '../errors.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';

/**
 * Stochastic gradient coding (SGC) — Bitar, Wootters & El Rouayheb, "Stochastic Gradient Coding for Straggler
 * Mitigation in Distributed Learning", IEEE JSAIT 1(1), 2020 (approx-codes.md F.2). The assignment is any ℓ = 1 code's
 * support (the paper uses a pair-wise balanced design: a BIBD, a cyclic or a random column-regular assignment here);
 * each chunk i stored by d_i workers gets coefficient 1/d_i on every holder, so with the `unbiased` decoder (weights
 * 1/(1 − p_j)) the estimate is ĝ = Σ_{j alive} (1/(1 − p_j)) Σ_{i∈j} g_i/d_i, unbiased for independent stragglers;
 * for a common p and column weight d this is the paper's (1/(d(1 − p))) Σ_{j alive} f_j. Chunks no worker holds keep
 * no coefficient (they are lost). The base code's coefficients are ignored; its processing order is kept.
 */
export function stochasticGradientCode(base: GradientCode): GradientCode {
  requireInput(base.parts === 1, 'of', `stochastic gradient coding needs ℓ = 1, ${base.name} has ℓ = ${base.parts}`);
  const holders = new Int32Array(base.m);
  for (let e = 0; e < base.chunks.length; e++) holders[base.chunks[e]]++;
  const rows: number[][] = [];
  const coefficients: number[][] = [];
  for (let j = 0; j < base.N; j++) {
    const row = Array.from(base.chunks.subarray(base.offsets[j], base.offsets[j + 1]));
    rows.push(row);
    coefficients.push(row.map((i) => 1 / holders[i]));
  }
  return codeFromRows({
    name: `sgc(${base.name})`,
    m: base.m,
    rows,
    coefficients,
    meta: {
      family: 'Stochastic gradient code (SGC)',
      params: { of: base.name },
      citation:
        'Bitar, Wootters & El Rouayheb, "Stochastic Gradient Coding for Straggler Mitigation in Distributed Learning", IEEE JSAIT 2020',
      reconstruction: false,
      notes:
        'coefficients 1/d_i on the base assignment, for the unbiased decoder (weights 1/(1 − p_j)); the paper’s step sizes and experiments are not recovered',
    },
  });
}

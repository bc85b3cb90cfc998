import { describe, expect, it } from 'vitest';
import { stochasticGradientCode } from '../../src/codes/sgc.js';
import { parseCodeSpec } from '../../src/codes/spec.js';
import { chunkReplication } from '../../src/codes/structure.js';
import { decode } from '../../src/decoders/registry.js';
import { InputError } from '../../src/errors.js';

describe('stochastic gradient code (Bitar et al.)', () => {
  it('keeps the base assignment and gives each chunk coefficients 1/(its holders), so every column sums to 1', () => {
    for (const spec of ['bibd:fano', 'cyclic:N=12,d=3', 'random:bernoulli:N=12,d=3,seed=1']) {
      const base = parseCodeSpec(spec);
      const code = parseCodeSpec(`sgc:(${spec})`);
      expect(code.N).toBe(base.N);
      expect(Array.from(code.chunks)).toEqual(Array.from(base.chunks));
      const holders = chunkReplication(base);
      const columns = new Float64Array(code.m);
      for (let e = 0; e < code.chunks.length; e++) {
        expect(code.coefficients[e]).toBeCloseTo(1 / holders[code.chunks[e]], 15);
        columns[code.chunks[e]] += code.coefficients[e];
      }
      for (let j = 0; j < code.m; j++) expect(columns[j]).toBeCloseTo(holders[j] > 0 ? 1 : 0, 14);
    }
  });

  it('decoded with the unbiased weights 1/(1 − p) it is the paper’s (1/(d(1 − p))) Σ_alive f_i', () => {
    const code = parseCodeSpec('sgc:(bibd:fano)');
    const survivors = Uint8Array.from([1, 0, 1, 1, 0, 1, 1]);
    const p = new Array(7).fill(0.3);
    const { alpha } = decode(code, 'unbiased', { survivors, p });
    const fano = parseCodeSpec('bibd:fano');
    for (let j = 0; j < 7; j++) {
      let alive = 0;
      for (let i = 0; i < 7; i++) {
        const row = Array.from(fano.chunks.subarray(fano.offsets[i], fano.offsets[i + 1]));
        if (survivors[i] && row.includes(j)) alive++;
      }
      expect(alpha[j]).toBeCloseTo(alive / (3 * 0.7), 14);
    }
  });

  it('refuses ℓ > 1 assignments, naming the parameter', () => {
    try {
      stochasticGradientCode(parseCodeSpec('ye-abbe:N=8,s=2,parts=2'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe('of');
    }
  });
});

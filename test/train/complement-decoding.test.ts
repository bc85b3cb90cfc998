import { describe, expect, it } from 'vitest';
import { codeFromRows } from '../../src/codes/build.js';
import { parseCodeSpec } from '../../src/codes/spec.js';
import { optimalDecoder } from '../../src/decoders/optimal.js';
import { ComplementDecoding } from '../../src/protocols/complement-decoding.js';
import { planWindow } from '../../src/train/plan/decoding-plan.js';
import { planSetup } from '../../src/train/run/run-scheme.js';
import { resolveTrainSpec } from '../../src/train/spec/resolve-train.js';

/**
 * The complement form of optimal decoding (src/protocols/complement-decoding.ts) against the rank-revealing
 * least-squares decoder (complete orthogonal decomposition of B_Sᵀ, src/decoders/optimal.ts) on codes of full and
 * deficient rank (CRC N = 32: rank 29; FRC: rank N/(s+1); a graph code with N > m; tandon-partial with m > N) and
 * survivor sets from every failure level: α agrees to 1e-10, α = a₀ − B⁺c with c zero on survivors, the same
 * exactness verdicts.
 */
const CODES = [
  'crc:N=32,s=3',
  'crc:N=10,s=3,seed=1',
  'frc:N=12,s=3',
  'cyclic:N=10,s=2',
  'graph:petersen',
  'bibd:ag2:q=3',
  'random:bernoulli:N=20,d=3,seed=1',
  'tandon-partial:N=10,s=2,P=20,seed=1',
  'nested:N=12,s=[3,1],seed=1',
];

/** A seeded LCG in [0, 1). */
function uniforms(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('complement form of optimal decoding', () => {
  for (const spec of CODES) {
    it(`${spec}: equals the least-squares decoder on random survivor sets`, () => {
      const code = parseCodeSpec(spec);
      const complement = ComplementDecoding.forCode(code);
      expect(complement).not.toBeNull();
      const cd = complement!;
      const { N, m } = code;
      const alpha = new Float64Array(m);
      const c = new Float64Array(N);
      const next = uniforms(7);
      let decided = 0;
      for (let t = 0; t < 300; t++) {
        const p = [0, 0.1, 0.2, 0.4, 0.7, 1][t % 6];
        const survivors = Uint8Array.from({ length: N }, () => (next() < p ? 0 : 1));
        const out = cd.decode(survivors, alpha, c);
        const ref = optimalDecoder.decode(code, { survivors });
        if (!out.ok) continue;
        decided++;
        expect(out.exact).toBe(ref.exact);
        expect(Math.abs(out.error - ref.error)).toBeLessThanOrEqual(1e-10 * (1 + ref.error));
        for (let i = 0; i < m; i++) expect(Math.abs(alpha[i] - ref.alpha[i])).toBeLessThanOrEqual(1e-10);
        for (let j = 0; j < N; j++) if (survivors[j]) expect(c[j]).toBe(0);
        for (let i = 0; i < m; i++) {
          let v = cd.base[i];
          for (let j = 0; j < N; j++) v -= cd.pinv[i + j * m] * c[j];
          expect(Math.abs(v - alpha[i])).toBeLessThanOrEqual(1e-10);
        }
      }
      expect(decided).toBeGreaterThanOrEqual(290);
    });
  }

  it('correctionOf recovers c from the decoder’s α (α = a₀ − B⁺c)', () => {
    const code = parseCodeSpec('crc:N=32,s=3');
    const cd = ComplementDecoding.forCode(code)!;
    const next = uniforms(3);
    const c = new Float64Array(code.N);
    for (let t = 0; t < 50; t++) {
      const survivors = Uint8Array.from({ length: code.N }, () => (next() < 0.25 ? 0 : 1));
      const ref = optimalDecoder.decode(code, { survivors });
      cd.correctionOf(ref.alpha, survivors, c);
      for (let i = 0; i < code.m; i++) {
        let v = cd.base[i];
        for (let j = 0; j < code.N; j++) v -= cd.pinv[i + j * code.m] * c[j];
        expect(Math.abs(v - ref.alpha[i])).toBeLessThanOrEqual(1e-10);
      }
    }
  });

  it('does not apply to ℓ > 1 or to an ill-conditioned B', () => {
    expect(ComplementDecoding.forCode(parseCodeSpec('ye-abbe:N=8,s=2,parts=2'))).toBeNull();
    const meta = { family: 'test', params: {}, citation: 'test', reconstruction: false };
    const rows = [
      [0, 1],
      [1, 2],
      [2, 0],
    ];
    const good = codeFromRows({
      name: 'test',
      m: 3,
      rows,
      coefficients: [
        [1, 1],
        [1, 1],
        [1, 1],
      ],
      meta,
    });
    const bad = codeFromRows({
      name: 'test',
      m: 3,
      rows,
      coefficients: [
        [1, 1],
        [1, 1],
        [1e-9, 1e-9],
      ],
      meta,
    });
    expect(ComplementDecoding.forCode(good)).not.toBeNull();
    expect(ComplementDecoding.forCode(bad)).toBeNull();
  });

  it('the plan decodes the same with the complement form as with the decoder', () => {
    const resolved = resolveTrainSpec({
      dataset: { kind: 'synthetic-least-squares', rows: 64, features: 4, condition: 2, noise: 0.1 },
      iterations: 6,
      runs: 40,
      seed: 5,
      code: 'crc:N=32,s=3',
      decoder: 'optimal',
      stragglers: { failures: { p: 0.2 } },
      step: 0.1,
    });
    const setup = planSetup(resolved, resolved.schemes[0]);
    const fast = planWindow(setup, 6, 0, 6, 40, { weights: false, correction: true });
    const full = planWindow(setup, 6, 0, 6, 40, { weights: true });
    expect(fast.received).toEqual(full.received);
    expect(fast.time).toEqual(full.time);
    expect(fast.exact).toEqual(full.exact);
    expect(fast.weights.length).toBe(0);
    expect(fast.correction.length).toBe(6 * 40 * 32);
    for (let k = 0; k < fast.alpha.length; k++) expect(Math.abs(fast.alpha[k] - full.alpha[k])).toBeLessThan(1e-10);
    for (let e = 0; e < fast.alphaError.length; e++) {
      expect(Math.abs(fast.alphaError[e] - full.alphaError[e])).toBeLessThan(1e-10);
    }
  });
});

/**
 * Decoders, orderings and adversarial search on the real constructions of src/codes (the other tests use local
 * fixtures so that they pin the decoders independently of the constructions).
 */
import { describe, expect, it } from 'vitest';
import { stragglerStatistics } from '../../src/adversarial/straggler-statistics.js';
import { worstStragglerSet } from '../../src/adversarial/worst-case.js';
import { CODE_FAMILIES } from '../../src/codes/registry.js';
import { parseCodeSpec } from '../../src/codes/spec.js';
import type { GradientCode } from '../../src/codes/types.js';
import { survivorsFromStragglers } from '../../src/decoders/coefficient-space.js';
import { decode } from '../../src/decoders/registry.js';
import { IncrementalProjector } from '../../src/linalg/incremental-projector.js';
import { latinOrder } from '../../src/ordering/latin-ordering.js';
import { naturalOrder } from '../../src/ordering/natural-order.js';
import { optimalOrder } from '../../src/ordering/optimal-order.js';
import { qmax } from '../../src/ordering/qmax.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { subsets } from './fixtures.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function projectorError(code: GradientCode, mask: Uint8Array): number {
  const proj = new IncrementalProjector(code.m, code.parts);
  const row = new Float64Array(code.m * code.parts);
  for (let j = 0; j < code.N; j++) {
    if (!mask[j]) continue;
    row.fill(0);
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
      for (let q = 0; q < code.parts; q++) row[code.chunks[e] * code.parts + q] = code.coefficients[e * code.parts + q];
    }
    proj.add(row);
  }
  return proj.error;
}

describe('decoders on every registered construction', () => {
  const examples = CODE_FAMILIES.filter((f) => f.id !== 'file').map((f) => f.example);

  it('optimal decoding equals the incremental projector on random survivor sets of every family example', () => {
    const rng = new PhiloxStream(60, Stream.test);
    expect(examples.length).toBeGreaterThan(15);
    for (const example of examples) {
      const code = parseCodeSpec(example);
      for (let trial = 0; trial < 5; trial++) {
        const mask = Uint8Array.from({ length: code.N }, () => (rng.uniform() < 0.3 ? 0 : 1));
        const r = decode(code, 'optimal', { survivors: mask });
        expect(r.error, example).toBeCloseTo(projectorError(code, mask), 8);
        expect(r.alpha.length).toBe(code.parts * code.m * code.parts);
      }
    }
  });

  it('exact codes (Tandon example, FRC, CRC, Ye–Abbe ℓ = 2) decode every survivor set within their tolerance', () => {
    for (const [spec, s] of [
      ['tandon:example', 1],
      ['frc:N=12,s=3', 3],
      ['crc:N=10,s=3,seed=1', 3],
      ['ye-abbe:N=8,s=2,parts=2,nodes=chebyshev', 2],
    ] as const) {
      const code = parseCodeSpec(spec);
      for (const T of subsets(code.N, s)) {
        const r = decode(code, 'exact', { survivors: survivorsFromStragglers(code.N, T) });
        expect(r.exact, `${spec} stragglers ${T}`).toBe(true);
      }
    }
  });

  it('graph codes (Petersen, cycle, complete, random regular, Margulis multigraph with loops): graph decoder = least squares', () => {
    const rng = new PhiloxStream(61, Stream.test);
    for (const spec of [
      'graph:petersen',
      'graph:cycle:n=9',
      'graph:complete:n=6',
      'graph:random-regular:n=50,d=3,seed=1',
      'graph:margulis:n=3',
    ]) {
      const code = parseCodeSpec(spec);
      for (let trial = 0; trial < 60; trial++) {
        const p = [0.2, 0.5, 0.8][trial % 3];
        const mask = Uint8Array.from({ length: code.N }, () => (rng.uniform() < p ? 0 : 1));
        const fast = decode(code, 'graph', { survivors: mask });
        const ls = decode(code, 'optimal', { survivors: mask });
        expect(maxAbsDiff(fast.alpha, ls.alpha), spec).toBeLessThan(1e-9);
      }
    }
  });

  it('BIBD constructions (PG(2,3), Paley n = 11, AG(2,3), complement): fixed BIBD weight = least squares for every S', () => {
    for (const spec of ['bibd:pg2:q=3', 'bibd:difference-set:n=11', 'bibd:ag2:q=3', 'bibd:complement:pg2:q=2']) {
      const code = parseCodeSpec(spec);
      const extra = code.meta.extra as { r: number; lambda: number };
      for (let s = 0; s <= 3; s++) {
        for (const T of subsets(code.N, s)) {
          const mask = survivorsFromStragglers(code.N, T);
          const fixed = decode(code, 'bibd', { survivors: mask });
          const ls = decode(code, 'optimal', { survivors: mask });
          expect(maxAbsDiff(fixed.alpha, ls.alpha), spec).toBeLessThan(1e-10);
          const nS = code.N - s;
          expect(ls.error).toBeCloseTo(code.m - (nS * extra.r ** 2) / (extra.r + extra.lambda * (nS - 1)), 10);
        }
      }
    }
  });

  it('product (Fano ⊗ Fano): rectangle attacks reach 1 − (1 − e1)(1 − e2) and the adversary finds them', () => {
    const code = parseCodeSpec('product:(bibd:fano)x(bibd:fano)');
    const e = (s: number) => (2 * s) / ((7 - s) * 9 + 2 * s);
    const mask = Uint8Array.from({ length: 49 }, (_, w) => (Math.floor(w / 7) < 2 || w % 7 === 3 ? 0 : 1));
    expect(decode(code, 'optimal', { survivors: mask }).normalizedError).toBeCloseTo(1 - (1 - e(2)) * (1 - e(1)), 12);
    expect(worstStragglerSet(code, 7, { seed: 1 }).normalizedError).toBeCloseTo(e(1), 10);
  });

  it('Song–Choi Schemes I and II: E[α] = 1 exactly under the unbiased decoder (expectation over all 2^N patterns)', () => {
    for (const scheme of ['I', 'II']) {
      const p = [0.1, 0.25, 0.3, 0.45, 0.6, 0.2];
      const code = parseCodeSpec(`heterogeneous:scheme=${scheme},p=[${p.join(',')}]`);
      const mean = new Float64Array(code.m);
      const N = code.N;
      for (let bits = 0; bits < 1 << N; bits++) {
        const mask = Uint8Array.from({ length: N }, (_, j) => (bits >> j) & 1);
        let prob = 1;
        for (let j = 0; j < N; j++) prob *= mask[j] ? 1 - p[j] : p[j];
        const r = decode(code, 'unbiased', { survivors: mask });
        r.alpha.forEach((a, i) => {
          mean[i] += prob * a;
        });
      }
      expect(maxAbsDiff(mean, new Float64Array(code.m).fill(1))).toBeLessThan(1e-12);
    }
  });

  it('FRC under the erasure decoder matches the optimal error for every straggler set (d × uncovered groups)', () => {
    const code = parseCodeSpec('frc:N=12,s=2');
    const stats = stragglerStatistics(code, { kind: 'exhaustive', s: 5 }, { decoder: 'erasure' });
    const optimal = stragglerStatistics(code, { kind: 'exhaustive', s: 5 });
    expect(stats.error.mean).toBeCloseTo(optimal.error.mean, 12);
    expect(stats.error.max).toBeCloseTo(3, 12);
    expect(stats.exactFraction).toBeCloseTo(optimal.exactFraction, 12);
  });
});

describe('orderings on the constructions', () => {
  it('cyclic codes are Latin in natural order; random regular codes get the matching bound; others need the heuristic', () => {
    const cyc = parseCodeSpec('cyclic:N=10,s=2');
    expect(qmax(naturalOrder(cyc), 10).qmax).toBe(10 * 3 - 6 + 1);
    const reg = parseCodeSpec('random:regular:N=64,d=4,seed=1');
    const latin = latinOrder(reg);
    expect(latin).toBeDefined();
    expect(qmax(latin!, 64).qmax).toBe(64 * 4 - 10 + 1);
    const nested = parseCodeSpec('nested:N=12,s=[3,1],seed=1');
    const h = optimalOrder(nested, { heuristic: true, parts: 1 });
    expect(h.method).toBe('heuristic');
    expect(h.qmax).toBeLessThanOrEqual(qmax(naturalOrder(nested), nested.m).qmax);
    expect(h.qmax).toBeGreaterThanOrEqual(h.lowerBound);
  });
});

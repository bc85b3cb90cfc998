import { describe, expect, it } from 'vitest';
import type { GradientCode } from '../../src/codes/types.js';
import { survivorsFromList, survivorsFromStragglers } from '../../src/decoders/coefficient-space.js';
import { decode, decoderNames, getDecoder } from '../../src/decoders/registry.js';
import { InputError } from '../../src/errors.js';
import { IncrementalProjector } from '../../src/linalg/incremental-projector.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { meanInterval } from '../../src/stats/confidence.js';
import { emptyMoments, pushMoment } from '../../src/stats/moments.js';
import {
  codeFromDense,
  codeFromSupport,
  crc,
  cyclic,
  differenceSetCode,
  fano,
  frc,
  graphCode,
  kronecker,
  petersenEdges,
  randomGraph,
  songChoiSchemeI,
  subsets,
} from './fixtures.js';

function expectInputError(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe(field);
    return;
  }
  throw new Error(`expected an InputError for ${field}`);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

/** All 2^N survivor masks. */
function* allMasks(N: number): Generator<Uint8Array> {
  for (let bits = 0; bits < 1 << N; bits++) yield Uint8Array.from({ length: N }, (_, j) => (bits >> j) & 1);
}

describe('decoder registry', () => {
  it('lists every decoder and rejects unknown names with an InputError on --decoder listing them', () => {
    expect(decoderNames).toEqual([
      'exact',
      'optimal',
      'graph',
      'fixed',
      'bibd',
      'erasure',
      'unbiased',
      'ignore-stragglers',
    ]);
    for (const name of decoderNames) expect(getDecoder(name).name).toBe(name);
    try {
      getDecoder('lstsq', '--decoder');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe('--decoder');
      expect((e as Error).message).toContain('optimal');
      expect((e as Error).message).toContain('ignore-stragglers');
    }
    expectInputError(() => getDecoder('toString'), 'decoder');
  });
});

describe('exact and optimal decoding', () => {
  it("Tandon's 3-worker example: the exact decoder returns the paper's rows of A and α = 1", () => {
    const code = codeFromDense([
      [0.5, 1, 0],
      [0, 1, -1],
      [0.5, 0, 1],
    ]);
    const rowsOfA = [
      [0, 1, 2],
      [1, 0, 1],
      [2, -1, 0],
    ];
    for (let straggler = 0; straggler < 3; straggler++) {
      const r = decode(code, 'exact', { survivors: survivorsFromStragglers(3, [straggler]) });
      expect(r.exact).toBe(true);
      expect(maxAbsDiff(r.weights, rowsOfA[straggler])).toBeLessThan(1e-14);
      expect(maxAbsDiff(r.alpha, [1, 1, 1])).toBeLessThan(1e-14);
      expect(r.rank).toBe(2);
    }
    // Two stragglers: the single survivor's row is not parallel to 1 → not decodable, nothing returned.
    const r = decode(code, 'exact', { survivors: survivorsFromList(3, [1]) });
    expect(r.exact).toBe(false);
    expect(Array.from(r.weights)).toEqual([0, 0, 0]);
    expect(r.error).toBe(3);
    expect(r.residual).toBeGreaterThan(0.5);
  });

  it('CRC decodes exactly under every s-subset and fails for some (s+1)-subsets; FRC likewise', () => {
    const rng = new PhiloxStream(31, Stream.test);
    for (const [N, s] of [
      [5, 2],
      [10, 3],
      [12, 1],
      [7, 4],
    ]) {
      const code = crc(N, s, rng);
      let count = 0;
      for (const T of subsets(N, s)) {
        const r = decode(code, 'exact', { survivors: survivorsFromStragglers(N, T) });
        expect(r.exact).toBe(true);
        expect(r.error).toBeLessThan(1e-16 * N);
        count++;
      }
      expect(count).toBeGreaterThan(4);
      // s + 1 cyclically consecutive stragglers remove every holder of a chunk → not decodable.
      const T = Array.from({ length: s + 1 }, (_, t) => t);
      const r = decode(code, 'exact', { survivors: survivorsFromStragglers(N, T) });
      expect(r.exact).toBe(false);
      expect(r.error).toBe(N);
    }
    for (const [N, s] of [
      [6, 2],
      [8, 1],
      [12, 3],
    ]) {
      const code = frc(N, s);
      for (const T of subsets(N, s)) {
        expect(decode(code, 'exact', { survivors: survivorsFromStragglers(N, T) }).exact).toBe(true);
      }
    }
  });

  it('optimal error on FRC is d × (number of groups with no survivor) for every straggler set', () => {
    const N = 6;
    const s = 2;
    const code = frc(N, s);
    const g = N / (s + 1);
    for (const mask of allMasks(N)) {
      let uncovered = 0;
      for (let group = 0; group < g; group++) {
        if (![0, 1, 2].some((t) => mask[group + t * g] === 1)) uncovered++;
      }
      const r = decode(code, 'optimal', { survivors: mask });
      expect(r.error).toBeCloseTo((s + 1) * uncovered, 12);
      expect(r.normalizedError).toBeCloseTo(((s + 1) * uncovered) / N, 12);
      expect(r.exact).toBe(uncovered === 0);
    }
  });

  it('optimal error equals the incremental projector and the weights reproduce α (ℓ = 1, 2, 3)', () => {
    const rng = new PhiloxStream(32, Stream.test);
    for (let trial = 0; trial < 80; trial++) {
      const parts = 1 + (trial % 3);
      const N = 3 + rng.integer(6);
      const m = 2 + rng.integer(6);
      const support = Array.from({ length: N }, () => {
        const set = new Set<number>();
        const size = 1 + rng.integer(Math.min(m, 3));
        while (set.size < size) set.add(rng.integer(m));
        return [...set];
      });
      const coefficients = support.map((s) => s.map(() => Array.from({ length: parts }, () => rng.normal())));
      const code = codeFromSupport(m, support, coefficients, parts);
      const mask = Uint8Array.from({ length: N }, () => (rng.integer(3) === 0 ? 0 : 1));
      const r = decode(code, 'optimal', { survivors: mask });
      const proj = new IncrementalProjector(m, parts);
      const row = new Float64Array(m * parts);
      for (let j = 0; j < N; j++) {
        if (!mask[j]) continue;
        row.fill(0);
        for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
          for (let q = 0; q < parts; q++) row[code.chunks[e] * parts + q] = code.coefficients[e * parts + q];
        }
        proj.add(row);
      }
      expect(r.error).toBeCloseTo(proj.error, 9);
      expect(r.residual!).toBeCloseTo(r.error, 9);
      for (let j = 0; j < N; j++) if (!mask[j]) for (let p = 0; p < parts; p++) expect(r.weights[p * N + j]).toBe(0);
      expect(r.alpha.length).toBe(parts * m * parts);
    }
  });

  it('ℓ = 2: one worker per block sum decodes exactly; losing it loses that whole block sum (error m)', () => {
    // Worker 0 sends g_0^(0) + g_1^(0); worker 1 sends g_0^(1) + g_1^(1); worker 2 sends a useless mix.
    const code = codeFromSupport(
      2,
      [[0, 1], [0, 1], [0]],
      [
        [
          [1, 0],
          [1, 0],
        ],
        [
          [0, 1],
          [0, 1],
        ],
        [[1, 1]],
      ],
      2,
    );
    const all = decode(code, 'optimal', { survivors: Uint8Array.of(1, 1, 0) });
    expect(all.exact).toBe(true);
    expect(maxAbsDiff(all.weights, [1, 0, 0, 0, 1, 0])).toBeLessThan(1e-15);
    const lost = decode(code, 'optimal', { survivors: Uint8Array.of(1, 0, 0) });
    expect(lost.errorPerPart[0]).toBeLessThan(1e-28);
    expect(lost.errorPerPart[1]).toBeCloseTo(2, 14);
    expect(lost.normalizedError).toBeCloseTo(1, 14);
  });
});

describe('graph decoder (linear time) equals least squares', () => {
  it('on 1200 random graphs and straggler sets, including trees, bipartite and odd components and isolated vertices', () => {
    const rng = new PhiloxStream(33, Stream.test);
    const seen = { unbalancedBipartite: 0, odd: 0, isolated: 0 };
    for (let trial = 0; trial < 1200; trial++) {
      const n = 2 + rng.integer(11);
      const maxEdges = (n * (n - 1)) / 2;
      const edges = randomGraph(rng, n, 1 + rng.integer(Math.min(maxEdges, 2 * n)));
      const scale = trial % 5 === 0 ? 1 / 3 : 1;
      const code = graphCode(n, edges, scale);
      const straggleP = [0.1, 0.3, 0.5, 0.7][trial % 4];
      const mask = Uint8Array.from({ length: edges.length }, () => (rng.uniform() < straggleP ? 0 : 1));
      const fast = decode(code, 'graph', { survivors: mask });
      const ls = decode(code, 'optimal', { survivors: mask });
      expect(maxAbsDiff(fast.alpha, ls.alpha)).toBeLessThan(1e-9);
      expect(fast.error).toBeCloseTo(ls.error, 9);
      for (let e = 0; e < edges.length; e++) if (!mask[e]) expect(fast.weights[e]).toBe(0);
      for (const a of fast.alpha) {
        if (Math.abs(a) < 1e-12) seen.isolated++;
        else if (Math.abs(a - 1) > 1e-9) seen.unbalancedBipartite++;
      }
      if (fast.alpha.every((a) => Math.abs(a - 1) < 1e-9) && mask.some((x) => x === 1)) seen.odd++;
    }
    expect(seen.isolated).toBeGreaterThan(100);
    expect(seen.unbalancedBipartite).toBeGreaterThan(100);
    expect(seen.odd).toBeGreaterThan(20);
  });

  it('Petersen: α* follows the component rules (odd cycle → 1, a path of 3 vertices → 1 ∓ 1/3, isolated → 0)', () => {
    const edges = petersenEdges();
    const code = graphCode(10, edges);
    const r = decode(code, 'graph', { survivors: new Uint8Array(15).fill(1) });
    expect(r.exact).toBe(true);
    // Keep only the path 0–1–2 (edges 0: (0,1) and 3: (1,2)): |L| = 2 ({0, 2}), |R| = 1 ({1}).
    const path = decode(code, 'graph', { survivors: survivorsFromList(15, [0, 3]) });
    expect(path.alpha[0]).toBeCloseTo(2 / 3, 14);
    expect(path.alpha[1]).toBeCloseTo(4 / 3, 14);
    expect(path.alpha[2]).toBeCloseTo(2 / 3, 14);
    for (let v = 3; v < 10; v++) expect(path.alpha[v]).toBe(0);
    expect(path.error).toBeCloseTo(2 * (1 / 9) + 1 / 9 + 7, 13);
  });

  it('rejects codes that are not graph codes', () => {
    expectInputError(() => decode(frc(6, 2), 'graph', { survivors: new Uint8Array(6).fill(1) }), 'decoder');
  });
});

describe('BIBD decoders', () => {
  const closedForm = (K: number, r: number, lambda: number, nS: number) => K - (nS * r * r) / (r + lambda * (nS - 1));

  for (const [label, code, r, lambda] of [
    ['Fano (7,3,1)', fano(), 3, 1],
    ['complement of Fano (7,4,2)', differenceSetCode(7, [2, 4, 5, 6], 2), 4, 2],
    ['Paley biplane (11,5,2)', differenceSetCode(11, [1, 3, 4, 5, 9], 2), 5, 2],
  ] as const) {
    it(`${label}: r/(r + λ(|S|−1)) equals least squares and err(|S|) = K − |S|r²/(r + λ(|S|−1)) for every S`, () => {
      const N = code.N;
      for (const mask of allMasks(N)) {
        const nS = mask.reduce((a, b) => a + b, 0);
        const fixed = decode(code, 'bibd', { survivors: mask });
        const ls = decode(code, 'optimal', { survivors: mask });
        expect(maxAbsDiff(fixed.alpha, ls.alpha)).toBeLessThan(1e-12);
        expect(maxAbsDiff(fixed.weights, ls.weights)).toBeLessThan(1e-12);
        const expected = nS === 0 ? code.m : closedForm(code.m, r, lambda, nS);
        expect(ls.error).toBeCloseTo(expected, 12);
        expect(fixed.error).toBeCloseTo(expected, 12);
      }
    });
  }

  it('refuses codes without BIBD metadata', () => {
    expectInputError(() => decode(cyclic(7, 3), 'bibd', { survivors: new Uint8Array(7).fill(1) }), 'decoder');
  });
});

describe('product codes', () => {
  it('Fano ⊗ Fano: rectangle survivor sets S1 × S2 have error 1 − (1 − e1)(1 − e2) (normalised)', () => {
    const product = kronecker(fano(), fano());
    expect([product.N, product.m]).toEqual([49, 49]);
    const eFano = (s: number) => (2 * s) / ((7 - s) * 9 + 2 * s); // (d − λ)s / ((n − s)d² + (d − λ)s), d = 3, λ = 1
    const rng = new PhiloxStream(34, Stream.test);
    for (let trial = 0; trial < 25; trial++) {
      const t1 = rng.integer(5);
      const t2 = rng.integer(5);
      const order1 = [0, 1, 2, 3, 4, 5, 6];
      const order2 = [0, 1, 2, 3, 4, 5, 6];
      rng.shuffle(order1);
      rng.shuffle(order2);
      const T1 = new Set(order1.slice(0, t1));
      const T2 = new Set(order2.slice(0, t2));
      const mask = Uint8Array.from({ length: 49 }, (_, w) => (T1.has(Math.floor(w / 7)) || T2.has(w % 7) ? 0 : 1));
      const r = decode(product, 'optimal', { survivors: mask });
      const expected = 1 - (1 - eFano(t1)) * (1 - eFano(t2));
      expect(r.normalizedError).toBeCloseTo(expected, 12);
    }
  });
});

describe('erasure, unbiased, fixed and ignore-stragglers decoders', () => {
  it('erasure on FRC: first arrival per group gets weight 1, error = d × uncovered groups, no rescaling', () => {
    const N = 6;
    const s = 2;
    const code = frc(N, s);
    const rng = new PhiloxStream(35, Stream.test);
    for (const mask of allMasks(N)) {
      const arrival = [0, 1, 2, 3, 4, 5];
      rng.shuffle(arrival);
      const r = decode(code, 'erasure', { survivors: mask, arrivalOrder: arrival });
      const groupsCovered = new Set<number>();
      for (const j of arrival) {
        if (!mask[j]) {
          expect(r.weights[j]).toBe(0);
          continue;
        }
        const g = j % 2;
        expect(r.weights[j]).toBe(groupsCovered.has(g) ? 0 : 1);
        groupsCovered.add(g);
      }
      expect(r.error).toBe((s + 1) * (2 - groupsCovered.size));
      for (const a of r.alpha) expect(a === 0 || a === 1).toBe(true);
    }
    // Without the groups rule, identical rows are grouped the same way.
    const plain = codeFromDense(
      Array.from({ length: 6 }, (_, j) => [0, 1, 2, 3, 4, 5].map((i) => (Math.floor(i / 3) === j % 2 ? 1 : 0))),
    );
    const r = decode(plain, 'erasure', { survivors: Uint8Array.of(1, 0, 1, 1, 0, 0), arrivalOrder: [3, 2, 0] });
    expect(Array.from(r.weights)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('Song–Choi Scheme I with weights 1/(1 − p): E[α] = 1 and E‖α − 1‖² = Σ δ_j Σ_i a_ji² by Monte Carlo', () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const code = songChoiSchemeI(p);
    const rng = new PhiloxStream(36, Stream.test);
    const trials = 40000;
    const alphaMoments = Array.from({ length: 4 }, () => emptyMoments());
    const naiveMoments = Array.from({ length: 4 }, () => emptyMoments());
    const errorMoments = emptyMoments();
    for (let t = 0; t < trials; t++) {
      const mask = Uint8Array.from(p, (pj) => (rng.uniform() < pj ? 0 : 1));
      const r = decode(code, 'unbiased', { survivors: mask });
      r.alpha.forEach((a, i) => pushMoment(alphaMoments[i], a));
      pushMoment(errorMoments, r.error);
      // Negative control: weight 1 on survivors (no 1/(1 − p) correction) is biased.
      const naive = new Float64Array(4);
      for (let j = 0; j < 4; j++) {
        if (!mask[j]) continue;
        for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) naive[code.chunks[e]] += code.coefficients[e];
      }
      naive.forEach((a, i) => pushMoment(naiveMoments[i], a));
    }
    for (let i = 0; i < 4; i++) {
      const ci = meanInterval(alphaMoments[i], 0.999);
      expect(ci.lo).toBeLessThan(1);
      expect(ci.hi).toBeGreaterThan(1);
    }
    expect(naiveMoments.some((m) => meanInterval(m, 0.999).hi < 1)).toBe(true);
    // Σ_j δ_j Σ_i a_ji² with δ_j = p_j/(1 − p_j).
    let expected = 0;
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) s += code.coefficients[e] ** 2;
      expected += (p[j] / (1 - p[j])) * s;
    }
    const ci = meanInterval(errorMoments, 0.999);
    expect(ci.lo).toBeLessThan(expected);
    expect(ci.hi).toBeGreaterThan(expected);
  });

  it('unbiased decoder takes p from the request or the code, and rejects p outside [0, 1)', () => {
    const code = songChoiSchemeI([0.1, 0.2, 0.3, 0.4]);
    const r = decode(code, 'unbiased', { survivors: Uint8Array.of(1, 1, 0, 1) });
    expect(maxAbsDiff(r.weights, [1 / 0.9, 1 / 0.8, 0, 1 / 0.6])).toBeLessThan(1e-15);
    const r2 = decode(code, 'unbiased', { survivors: Uint8Array.of(1, 1, 0, 1), p: [0, 0, 0, 0.5] });
    expect(Array.from(r2.weights)).toEqual([1, 1, 0, 2]);
    expectInputError(() => decode(code, 'unbiased', { survivors: new Uint8Array(4), p: [0.1, 1, 0.1, 0.1] }), 'p');
    expectInputError(() => decode(code, 'unbiased', { survivors: new Uint8Array(4), p: [0.1, 0.1] }), 'p');
    expectInputError(() => decode(frc(4, 1), 'unbiased', { survivors: new Uint8Array(4) }), 'p');
  });

  it('fixed decoder: n/(n − s) on unit-column-sum codes, and E_S[α] = 1 over all S of a given size', () => {
    // Raviv-style normalised code: cyclic 0/1 support scaled by 1/d.
    const N = 8;
    const d = 3;
    const code = cyclic(N, d, () => 1 / d);
    for (const s of [0, 1, 2, 3]) {
      const mean = new Float64Array(N);
      let count = 0;
      for (const T of subsets(N, s)) {
        const r = decode(code, 'fixed', { survivors: survivorsFromStragglers(N, T) });
        for (let j = 0; j < N; j++) if (!T.includes(j)) expect(r.weights[j]).toBeCloseTo(N / (N - s), 14);
        r.alpha.forEach((a, i) => {
          mean[i] += a;
        });
        count++;
      }
      for (const x of mean) expect(x / count).toBeCloseTo(1, 12);
    }
    // 0/1 code with column weight d: c = n/(d(n − s)).
    const r = decode(frc(6, 2), 'fixed', { survivors: survivorsFromStragglers(6, [0]) });
    expect(r.weights[1]).toBeCloseTo(6 / (3 * 5), 15);
  });

  it('ignore-stragglers: greedy disjoint supports in arrival order, weight 1', () => {
    const uncoded = codeFromDense([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    const r = decode(uncoded, 'ignore-stragglers', { survivors: Uint8Array.of(1, 0, 1, 1) });
    expect(Array.from(r.weights)).toEqual([1, 0, 1, 1]);
    expect(r.error).toBe(1);
    // Cyclic d = 2 on 6 chunks, arrival 1, 2, 4, 0: worker 1 {1,2}; 2 {2,3} overlaps; 4 {4,5}; 0 {0,1} overlaps.
    const code = cyclic(6, 2);
    const c = decode(code, 'ignore-stragglers', { survivors: new Uint8Array(6).fill(1), arrivalOrder: [1, 2, 4, 0] });
    expect(Array.from(c.weights)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(Array.from(c.alpha)).toEqual([0, 1, 1, 0, 1, 1]);
    expect(c.error).toBe(2);
  });
});

describe('bad input', () => {
  const code: GradientCode = frc(6, 2);
  it('names the offending parameter', () => {
    expectInputError(() => decode(code, 'optimal', { survivors: new Uint8Array(5) }), 'survivors');
    expectInputError(() => decode(code, 'optimal', { survivors: new Uint8Array(6), tolerance: -1 }), 'tolerance');
    expectInputError(
      () => decode(code, 'erasure', { survivors: new Uint8Array(6), arrivalOrder: [0, 0] }),
      'arrivalOrder',
    );
    expectInputError(
      () => decode(code, 'erasure', { survivors: new Uint8Array(6), arrivalOrder: [7] }),
      'arrivalOrder',
    );
    expectInputError(() => survivorsFromStragglers(6, [1, 1]), 'stragglers');
    expectInputError(() => survivorsFromStragglers(6, [6]), 'stragglers');
    expectInputError(() => survivorsFromList(6, [-1]), 'survivors');
    const twoParts = codeFromSupport(2, [[0], [1]], undefined, 2);
    for (const name of ['fixed', 'erasure', 'unbiased', 'ignore-stragglers', 'graph', 'bibd']) {
      expectInputError(() => decode(twoParts, name, { survivors: Uint8Array.of(1, 1), p: [0.1, 0.1] }), 'decoder');
    }
    expectInputError(() => decode(codeFromDense([[1, -1]]), 'fixed', { survivors: Uint8Array.of(1) }), 'decoder');
  });
});

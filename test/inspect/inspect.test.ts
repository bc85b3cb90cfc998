import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binomial } from '../../src/adversarial/combinations.js';
import { buildCode } from '../../src/codes/spec.js';
import { InputError } from '../../src/errors.js';
import { inspectCode } from '../../src/inspect/inspect.js';
import { defaultStragglerSpec } from '../../src/inspect/straggler-choice.js';
import { qmaxBruteForce } from '../../src/ordering/qmax-brute-force.js';
import { randomOrder } from '../../src/ordering/random-order.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The InputError `fn` throws (fails the test when it throws something else or nothing). */
function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('inspectCode: FRC against closed forms', () => {
  // FRC(N, s): G = N/g groups of g = s + 1 workers holding the same g chunks. With t stragglers, a set loses
  // error g for every group it straggles completely, and nothing else (optimal decoding).
  function frcClosedForm(N: number, g: number, t: number) {
    const G = N / g;
    const sets = binomial(N, t);
    // P(at least one full group) by inclusion–exclusion; E[#full groups] by linearity.
    let failing = 0;
    for (let k = 1; k <= G && k * g <= t; k++) {
      failing += (-1) ** (k + 1) * binomial(G, k) * binomial(N - k * g, t - k * g);
    }
    const meanGroups = (G * binomial(N - g, t - g)) / sets;
    return {
      sets,
      exactFraction: (sets - failing) / sets,
      min: g * Math.max(0, t - G * (g - 1)),
      mean: g * meanGroups,
      max: g * Math.floor(t / g),
    };
  }

  for (const [N, s] of [
    [12, 3],
    [12, 2],
  ]) {
    it(`frc:N=${N},s=${s}: every exhaustive t has the closed-form exact fraction and errors`, () => {
      for (let t = 0; t <= N; t++) {
        const r = inspectCode(`frc:N=${N},s=${s}`, { stragglers: `exhaustive:${t}` });
        const want = frcClosedForm(N, s + 1, t);
        expect(r.stragglers.sets).toBe(want.sets);
        expect(r.exactFraction).toBeCloseTo(want.exactFraction, 12);
        expect(r.error.min).toBeCloseTo(want.min, 9);
        expect(r.error.mean).toBeCloseTo(want.mean, 9);
        expect(r.error.max).toBeCloseTo(want.max, 9);
        expect(r.error.maxNormalized).toBeCloseTo(want.max / N, 9);
        expect(r.error.meanNormalized).toBeCloseTo(want.mean / N, 9);
        if (t <= s) expect(r.exactFraction).toBe(1);
      }
    });
  }

  it('defaults to exhaustive:s (the code’s tolerance) and reports structure and provenance', () => {
    const r = inspectCode('frc:N=12,s=3');
    expect(r.stragglers).toMatchObject({ spec: 'exhaustive:3', defaulted: true, sets: 220, lowerBound: false });
    expect(r.exactFraction).toBe(1);
    expect(r).toMatchObject({
      name: 'frc',
      family: 'Fractional repetition code',
      params: { N: 12, s: 3, layout: 'consecutive' },
      reconstruction: false,
      spec: 'frc:N=12,s=3,layout=consecutive',
      N: 12,
      m: 12,
      parts: 1,
      codeParts: 1,
      supportSize: 48,
      load: { min: 4, mean: 4, max: 4 },
      replication: { min: 4, mean: 4, max: 4 },
      regular: true,
      regularDegree: 4,
      stragglerTolerance: 3,
      recovery: { kind: 'groups', groups: 3 },
      decoder: 'optimal',
    });
    expect(r.citation).toMatch(/Tandon/);
    expect(r.objective).toBeUndefined();
    expect(r.threshold).toBeUndefined();
  });

  it('adversarial:S reports the worst set (a full group plus one) from the exhaustive search', () => {
    const r = inspectCode('frc:N=12,s=2', { stragglers: 'adversarial:4' });
    expect(r.stragglers.sets).toBe(1);
    expect(r.stragglers.lowerBound).toBe(false);
    expect(r.error.max).toBeCloseTo(3, 12);
    expect(r.stragglers.worst.stragglers).toHaveLength(4);
    expect(r.exactFraction).toBe(0);
  });

  it('random:P extremes: nobody straggles → all exact; everybody straggles → error m', () => {
    const none = inspectCode('frc:N=12,s=3', { stragglers: 'random:0:50' });
    expect(none.stragglers.sets).toBe(50);
    expect(none.exactFraction).toBe(1);
    const all = inspectCode('frc:N=12,s=3', { stragglers: 'random:1:20' });
    expect(all.error.min).toBe(12);
    expect(all.error.maxNormalized).toBe(1);
    expect(all.exactFraction).toBe(0);
  });
});

describe('inspectCode: BIBD error depends only on the number of stragglers', () => {
  // Symmetric (v, k, λ) design, workers = points, each holding r = k blocks: B Bᵀ = (r − λ)I + λJ, so with n
  // survivors err* = m − r²n / (r − λ + λn) (approx-codes.md §A.4).
  const designs = [
    { spec: 'bibd:pg2:q=3', v: 13, r: 4, lambda: 1 },
    { spec: 'bibd:difference-set:n=11', v: 11, r: 5, lambda: 2 },
  ];
  const closedForm = (v: number, r: number, lambda: number, n: number) =>
    n === 0 ? v : v - (r * r * n) / (r - lambda + lambda * n);

  for (const { spec, v, r, lambda } of designs) {
    it(`${spec}: min = max = the closed form at every s (exhaustive and random s-sets)`, () => {
      for (let s = 0; s <= 5; s++) {
        const want = closedForm(v, r, lambda, v - s);
        for (const stragglers of [`exhaustive:${s}`, `random-s:${s}:40`]) {
          const rep = inspectCode(spec, { stragglers, seed: 3 });
          expect(rep.error.min).toBeCloseTo(want, 10);
          expect(rep.error.max).toBeCloseTo(want, 10);
          expect(rep.error.max - rep.error.min).toBeLessThan(1e-10);
          expect(rep.error.minNormalized).toBeCloseTo(want / v, 10);
          expect(rep.exactFraction).toBe(s === 0 ? 1 : 0);
        }
      }
    });

    it(`${spec}: adversarial threshold τ_ε equals the first s whose closed-form error/m reaches ε`, () => {
      for (const epsilon of [0.02, 0.1, 0.3]) {
        let tau = -1;
        for (let s = 0; s <= v && tau < 0; s++) if (closedForm(v, r, lambda, v - s) / v >= epsilon) tau = s;
        const rep = inspectCode(spec, { threshold: epsilon, stragglers: 'exhaustive:1' });
        expect(rep.threshold?.value).toBe(tau);
        expect(rep.threshold?.bound).toBe('exact');
        expect(rep.threshold?.epsilon).toBe(epsilon);
      }
    });
  }

  it('a threshold above every reachable error is null', () => {
    // Normalised error is at most ℓ = 1 (everybody straggles).
    expect(inspectCode('bibd:fano', { threshold: 1.5 }).threshold?.value).toBeNull();
  });
});

describe('inspectCode: Qmax of the given order and of the optimal order', () => {
  const latinBound = (N: number, d: number, l = 1) => N * d - ((d - l + 1) * (d - l + 2)) / 2 + 1;

  it('cyclic natural order is already Latin: Qmax = Nδ − δ(δ+1)/2 + 1, and Nδ − (δ−ℓ+1)(δ−ℓ+2)/2 + 1 for ℓ = 2', () => {
    const r = inspectCode('cyclic:N=10,d=3');
    expect(r.qmax).toBe(latinBound(10, 3));
    expect(r.qmax).toBe(25);
    expect(r.qmaxOptimal).toEqual({ qmax: 25, method: 'latin', lowerBound: 25, provablyOptimal: true });
    const two = inspectCode('cyclic:N=10,d=3', { parts: 2 });
    expect(two.parts).toBe(2);
    expect(two.codeParts).toBe(1);
    expect(two.qmax).toBe(latinBound(10, 3, 2));
    expect(two.qmaxOptimal?.qmax).toBe(28);
  });

  it('FRC natural order is the reference code’s rotated layout and meets the Latin bound; starting every replica on the same chunk does not', () => {
    // rashisht1/gradient_coding (replication.py): replica b of super-block a holds chunk (s+1)a + (b+i) mod (s+1) at
    // position i, so the replicas start on different chunks and each position class is a perfect matching.
    for (const layout of ['consecutive', 'interleaved']) {
      const natural = inspectCode(`frc:N=12,s=3,layout=${layout}`);
      expect(natural.order).toEqual({ spec: 'natural', method: 'natural' });
      expect(natural.qmax).toBe(latinBound(12, 4));
      expect(natural.qmaxOptimal?.qmax).toBe(latinBound(12, 4));
    }
    expect(inspectCode('frc:N=12,s=2').qmax).toBe(31);
    // Every replica in chunk order (a chunk last at all its holders): Qmax = D − γ + 1 = 48 − 4 + 1.
    const sameStart = Array.from({ length: 12 }, (_, j) => [0, 1, 2, 3].map((t) => 4 * Math.floor(j / 4) + t));
    const unrotated = inspectCode('frc:N=12,s=3', { order: file('frc-same-start.json', JSON.stringify(sameStart)) });
    expect(unrotated.qmax).toBe(48 - 4 + 1);
    const optimal = inspectCode('frc:N=12,s=3', { order: 'optimal' });
    expect(optimal.order).toEqual({ spec: 'optimal', method: 'latin' });
    expect(optimal.qmax).toBe(39);
  });

  it('on random regular-class codes the Latin ordering meets Nδ − δ(δ+1)/2 + 1', () => {
    for (const [N, d, seed] of [
      [8, 3, 1],
      [12, 4, 2],
      [20, 5, 3],
      [15, 2, 4],
    ]) {
      const r = inspectCode(`random:regular:N=${N},d=${d},seed=${seed}`, { order: 'optimal' });
      expect(r.regularDegree).toBe(d);
      expect(r.qmax).toBe(latinBound(N, d));
      expect(r.qmaxOptimal).toMatchObject({ qmax: latinBound(N, d), method: 'latin', provablyOptimal: true });
    }
  });

  it('Qmax of random:SEED, a file and a given order equals the brute-force progress-state search', () => {
    const code = buildCode('random:column-regular:N=6,d=2,seed=5');
    for (const l of [1, 2]) {
      const order = randomOrder(code, 9n);
      const want = qmaxBruteForce(order, code.m, l);
      expect(inspectCode({ code }, { order: 'random:9', parts: l }).qmax).toBe(want);
      expect(inspectCode({ code }, { order, parts: l }).qmax).toBe(want);
      const path = file(`order-${l}.json`, JSON.stringify(order.map((row) => Array.from(row))));
      const fromFile = inspectCode({ code }, { order: path, parts: l });
      expect(fromFile.qmax).toBe(want);
      expect(fromFile.order).toEqual({ spec: path, method: 'file' });
    }
  });

  it('non-regular assignments: qmaxOptimal comes from the heuristic (labelled); --order optimal needs heuristic', () => {
    const r = inspectCode('graph:petersen');
    expect(r.regularDegree).toBeNull();
    expect(r.qmaxOptimal?.method).toBe('heuristic');
    expect(r.qmaxOptimal?.qmax).toBeGreaterThanOrEqual(r.qmaxOptimal?.lowerBound ?? Number.POSITIVE_INFINITY);
    const e = inputError(() => inspectCode('graph:petersen', { order: 'optimal' }));
    expect(e.field).toBe('order');
    expect(e.message).toMatch(/heuristic/);
    const h = inspectCode('graph:petersen', { order: 'optimal', heuristic: true });
    expect(h.order.method).toBe('heuristic');
    expect(h.qmax).toBe(h.qmaxOptimal?.qmax);
  });

  it('a chunk nobody holds: Qmax is null with a note; an explicit ℓ it cannot meet is an error on parts', () => {
    const path = file(
      'uncovered.json',
      JSON.stringify([
        [1, 1, 0],
        [0, 1, 0],
      ]),
    );
    const r = inspectCode({ matrix: path });
    // N = 2 workers, m = 3 chunks: with nobody straggling only chunk 2 is missed, error 1, normalised by m.
    expect(r).toMatchObject({ N: 2, m: 3 });
    const full = inspectCode({ matrix: path }, { stragglers: 'exhaustive:0' }).error;
    expect(full.max).toBeCloseTo(1, 12);
    expect(full.maxNormalized).toBeCloseTo(1 / 3, 12);
    expect(r.qmax).toBeNull();
    expect(r.qmaxNote).toMatch(/chunk 2 is held by 0 worker/);
    expect(r.qmaxOptimal).toBeNull();
    expect(r.replication).toEqual({ min: 0, mean: 1, max: 2 });
    expect(inputError(() => inspectCode({ matrix: path }, { parts: 1 })).field).toBe('parts');
    expect(inputError(() => inspectCode({ matrix: path }, { order: 'optimal', heuristic: true })).field).toBe('order');
  });

  it('ℓ is fixed by codes built with ℓ > 1', () => {
    const r = inspectCode('ye-abbe:N=8,s=2,parts=2', { stragglers: 'exhaustive:2' });
    expect(r.parts).toBe(2);
    expect(r.codeParts).toBe(2);
    expect(r.exactFraction).toBe(1);
    expect(r.recovery).toEqual({ kind: 'any-k', k: 6 });
    expect(inputError(() => inspectCode('ye-abbe:N=8,s=2,parts=2', { parts: 3 })).field).toBe('parts');
  });
});

describe('inspectCode: heterogeneous codes, files, seeds', () => {
  it('Song–Choi objective = m² / Σ δ_l⁻¹ with δ_l = p_l/(1 − p_l), from --p or the spec', () => {
    const p = [0.1, 0.2, 0.3, 0.4, 0.25];
    const inverse = p.reduce((sum, x) => sum + (1 - x) / x, 0);
    for (const scheme of ['I', 'II']) {
      const r = inspectCode(`heterogeneous:scheme=${scheme}`, { p });
      expect(r.N).toBe(5);
      expect(r.objective).toBeCloseTo(25 / inverse, 12);
      const m7 = inspectCode(`heterogeneous:scheme=${scheme},m=7,p=[${p.join(',')}]`);
      expect(m7.m).toBe(7);
      expect(m7.objective).toBeCloseTo(49 / inverse, 12);
    }
  });

  it('a probability outside (0, 1) names p[i]: the option when it came from --p, the spec otherwise', () => {
    const fromOption = inputError(() => inspectCode('heterogeneous:scheme=I', { p: [0.1, 1.2, 0.3] }));
    expect(fromOption.field).toBe('p[1]');
    const fromSpec = inputError(() => inspectCode('heterogeneous:scheme=I,p=[0.1,0,0.3]'));
    expect(fromSpec.field).toBe('code.p[1]');
  });

  it('custom codes from JSON and CSV: Tandon’s example decodes every single straggler, closed-form errors for two', () => {
    const rows = [
      [0.5, 1, 0],
      [0, 1, -1],
      [0.5, 0, 1],
    ];
    const json = file('tandon.json', JSON.stringify(rows));
    const csv = file('tandon.csv', rows.map((r) => r.join(',')).join('\n'));
    for (const matrix of [json, csv]) {
      const one = inspectCode({ matrix }, { stragglers: 'exhaustive:1' });
      expect(one.matrix).toBe(matrix);
      expect(one.spec).toBeNull();
      expect(one.exactFraction).toBe(1);
      // One survivor b: err = 3 − (1ᵀb)²/‖b‖²: 1.2 for rows 0 and 2, 3 for row 1 (1ᵀb = 0).
      const two = inspectCode({ matrix }, { stragglers: 'exhaustive:2' });
      expect(two.error.min).toBeCloseTo(1.2, 12);
      expect(two.error.max).toBeCloseTo(3, 12);
      expect(two.error.mean).toBeCloseTo(1.8, 12);
    }
  });

  it('malformed matrices are InputErrors on matrix naming the file', () => {
    for (const [name, text] of [
      ['bad-json.json', '[[1, 0], [0'],
      ['bad-entry.json', '[[1, 0], [0, "x"]]'],
      ['ragged.csv', '1,0\n0,1,1\n'],
    ]) {
      const e = inputError(() => inspectCode({ matrix: file(name, text) }));
      expect(e.field).toBe('matrix');
      expect(e.message).toContain(name);
    }
    expect(inputError(() => inspectCode({ matrix: join(dir, 'missing.json') })).field).toBe('matrix');
  });

  it('orders that are not a permutation of a worker’s chunks name the worker', () => {
    const good = Array.from({ length: 10 }, (_, j) => [j, (j + 1) % 10, (j + 2) % 10]);
    const bad = good.map((row, j) => (j === 3 ? [3, 4, 6] : row));
    expect(
      inputError(() => inspectCode('cyclic:N=10,d=3', { order: file('bad.json', JSON.stringify(bad)) })).field,
    ).toBe('order[3]');
    expect(inputError(() => inspectCode('cyclic:N=10,d=3', { order: file('short.json', '[[0,1,2]]') })).field).toBe(
      'order',
    );
    expect(inputError(() => inspectCode('cyclic:N=10,d=3', { order: file('junk.json', '{') })).field).toBe('order');
    expect(inspectCode('cyclic:N=10,d=3', { order: file('good.json', JSON.stringify(good)) }).qmax).toBe(25);
  });

  it('the seed feeds seeded codes without their own seed and the random straggler models', () => {
    const a = inspectCode('crc:N=10,s=2', { seed: 4, stragglers: 'random-s:3:200' });
    const b = inspectCode('crc:N=10,s=2,seed=4', { seed: 4, stragglers: 'random-s:3:200' });
    expect(a.spec).toBe('crc:N=10,s=2,seed=4');
    expect(a.error).toEqual(b.error);
    const c = inspectCode('crc:N=10,s=2,seed=4', { seed: 5, stragglers: 'random-s:3:200' });
    expect(c.error.mean).not.toBe(b.error.mean);
    expect(a.stragglers.seed).toBe(4);
  });

  it('bad options name themselves', () => {
    const cases: [() => unknown, string][] = [
      [() => inspectCode('frc:N=4,s=4'), 'code.s'],
      [() => inspectCode('frc:N=10,s=3'), 'code.s'],
      [() => inspectCode('bibd:pg2:q=4'), 'code.q'],
      [() => inspectCode('frc:N=12,s=3', { decoder: 'nope' }), 'decoder'],
      [() => inspectCode('frc:N=12,s=3', { decoder: 'graph' }), 'decoder'],
      [() => inspectCode('frc:N=12,s=3', { stragglers: 'exhaustive' }), 'stragglers'],
      [() => inspectCode('frc:N=12,s=3', { stragglers: 'exhaustive:13' }), 'stragglers'],
      [() => inspectCode('frc:N=12,s=3', { stragglers: 'random:1.5:10' }), 'stragglers'],
      [() => inspectCode('frc:N=12,s=3', { threshold: 0 }), 'threshold'],
      [() => inspectCode('frc:N=12,s=3', { seed: -1 }), 'seed'],
      [() => inspectCode('frc:N=12,s=3', { parts: 0 }), 'parts'],
      [() => inspectCode('frc:N=12,s=3', { parts: 5 }), 'parts'],
      [() => inspectCode('frc:N=12,s=3', { order: 'random:x' }), 'order'],
    ];
    for (const [fn, field] of cases) expect(inputError(fn).field).toBe(field);
  });
});

describe('defaultStragglerSpec', () => {
  it('is exhaustive at the code’s tolerance (1 without one) and random s-sets when there are too many', () => {
    expect(defaultStragglerSpec(buildCode('frc:N=12,s=3'))).toEqual({ kind: 'exhaustive', s: 3 });
    expect(defaultStragglerSpec(buildCode('graph:petersen'))).toEqual({ kind: 'exhaustive', s: 1 });
    expect(defaultStragglerSpec(buildCode('cyclic:N=40,s=10'))).toEqual({ kind: 'exhaustive', s: 1 });
    expect(defaultStragglerSpec(buildCode('crc:N=40,s=10,seed=1'))).toEqual({
      kind: 'random-s',
      s: 10,
      trials: 10_000,
    });
  });
});

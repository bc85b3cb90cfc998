import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChunkOrder, GradientCode } from '../../src/codes/types.js';
import { InputError } from '../../src/errors.js';
import { maximumMatching } from '../../src/ordering/bipartite-matching.js';
import { latinOrder } from '../../src/ordering/latin-ordering.js';
import { localSearchOrder, matchingStartOrder } from '../../src/ordering/local-search.js';
import { naturalOrder } from '../../src/ordering/natural-order.js';
import { optimalOrder } from '../../src/ordering/optimal-order.js';
import { orderFromSpec, parseOrder, readOrderFile } from '../../src/ordering/order-spec.js';
import { validateOrder } from '../../src/ordering/order-validation.js';
import { qmax, qmaxLowerBound } from '../../src/ordering/qmax.js';
import { qmaxBruteForce } from '../../src/ordering/qmax-brute-force.js';
import { randomOrder } from '../../src/ordering/random-order.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { codeFromSupport, cyclic } from '../decoders/fixtures.js';

function expectInputError(fn: () => unknown, field: string, text?: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe(field);
    if (text) expect((e as Error).message).toContain(text);
    return;
  }
  throw new Error(`expected an InputError for ${field}`);
}

/** A random small assignment where every chunk has ≥ parts holders, with a random order. */
function randomInstance(rng: PhiloxStream, parts: number): { order: ChunkOrder; m: number } {
  for (;;) {
    const N = 2 + rng.integer(4);
    const m = 2 + rng.integer(4);
    const order = Array.from({ length: N }, () => {
      const chunks = Array.from({ length: m }, (_, i) => i);
      rng.shuffle(chunks);
      return Int32Array.from(chunks.slice(0, 1 + rng.integer(Math.min(m, 4))));
    });
    const gamma = new Int32Array(m);
    for (const row of order) for (const i of row) gamma[i]++;
    if (gamma.every((g) => g >= parts)) return { order, m };
  }
}

/** A random δ-regular bipartite assignment (N = m) from the cyclic one by degree-preserving edge switches. */
function randomRegular(rng: PhiloxStream, N: number, delta: number): GradientCode {
  const support = Array.from({ length: N }, (_, j) => new Set(Array.from({ length: delta }, (_, t) => (j + t) % N)));
  for (let sweep = 0; sweep < 20 * N * delta; sweep++) {
    const w1 = rng.integer(N);
    const w2 = rng.integer(N);
    if (w1 === w2) continue;
    const c1 = [...support[w1]][rng.integer(delta)];
    const c2 = [...support[w2]][rng.integer(delta)];
    if (support[w1].has(c2) || support[w2].has(c1)) continue;
    support[w1].delete(c1);
    support[w1].add(c2);
    support[w2].delete(c2);
    support[w2].add(c1);
  }
  const rows = support.map((s) => {
    const r = [...s];
    rng.shuffle(r);
    return r;
  });
  return codeFromSupport(N, rows, undefined, 1, { name: `random-regular:N=${N},d=${delta}` });
}

/** All orders of a small assignment (product of per-worker permutations). */
function* allOrders(code: GradientCode): Generator<Int32Array[]> {
  const perms = (xs: number[]): number[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((x, k) => perms([...xs.slice(0, k), ...xs.slice(k + 1)]).map((p) => [x, ...p]));
  const choices = naturalOrder(code).map((row) => perms(Array.from(row)));
  const index = new Array<number>(choices.length).fill(0);
  for (;;) {
    yield choices.map((c, j) => Int32Array.from(c[index[j]]));
    let j = 0;
    while (j < choices.length && ++index[j] === choices[j].length) index[j++] = 0;
    if (j === choices.length) return;
  }
}

describe('Qmax closed form', () => {
  for (const parts of [1, 2, 3]) {
    it(`equals brute force over progress states on 250 random small instances (ℓ = ${parts})`, () => {
      const rng = new PhiloxStream(40 + parts, Stream.test);
      const qStars = new Set<number>();
      for (let trial = 0; trial < 250; trial++) {
        const { order, m } = randomInstance(rng, parts);
        const closed = qmax(order, m, parts);
        expect(closed.qmax).toBe(qmaxBruteForce(order, m, parts));
        expect(closed.qmax).toBeGreaterThanOrEqual(qmaxLowerBound(order, m, parts));
        qStars.add(closed.qStar);
      }
      expect(qStars.size).toBeGreaterThan(5);
    });
  }

  it('rejects ℓ above a chunk’s replication and malformed orders', () => {
    const order = [Int32Array.of(0, 1), Int32Array.of(1)];
    expectInputError(() => qmax(order, 2, 2), 'parts', 'chunk 0');
    expectInputError(() => qmax([Int32Array.of(0, 0)], 1), 'order[0]');
    expectInputError(() => qmax([Int32Array.of(3)], 2), 'order[0]');
    expectInputError(() => qmax(order, 2, 0), 'parts');
  });
});

describe('Latin (matching) ordering', () => {
  it('meets Nδ − δ(δ+1)/2 + 1 (and the ℓ-copy value) on 60 random regular instances; random orders do not beat it', () => {
    const rng = new PhiloxStream(44, Stream.test);
    let randomWorse = 0;
    for (let trial = 0; trial < 60; trial++) {
      const N = 4 + rng.integer(27);
      const delta = 1 + rng.integer(Math.min(N, 6));
      const code = randomRegular(rng, N, delta);
      const order = latinOrder(code)!;
      validateOrder(code, order);
      // Latin: every chunk occupies every position exactly once.
      for (let p = 0; p < delta; p++) {
        const atP = new Set(order.map((row) => row[p]));
        expect(atP.size).toBe(N);
      }
      expect(qmax(order, N).qmax).toBe(N * delta - (delta * (delta + 1)) / 2 + 1);
      expect(qmaxLowerBound(order, N)).toBe(N * delta - (delta * (delta + 1)) / 2 + 1);
      for (let parts = 2; parts <= Math.min(delta, 3); parts++) {
        expect(qmax(order, N, parts).qmax).toBe(N * delta - ((delta - parts + 1) * (delta - parts + 2)) / 2 + 1);
      }
      const rand = qmax(randomOrder(code, trial), N).qmax;
      expect(rand).toBeGreaterThanOrEqual(qmax(order, N).qmax);
      if (rand > qmax(order, N).qmax) randomWorse++;
      const viaApi = optimalOrder(code);
      expect(viaApi.method).toBe('latin');
      expect(viaApi.provablyOptimal).toBe(true);
    }
    expect(randomWorse).toBeGreaterThan(30);
  });

  it('is the minimum over all orders on small regular instances (exhaustive, ℓ = 1 and 2)', () => {
    const rng = new PhiloxStream(45, Stream.test);
    for (const [N, delta] of [
      [4, 2],
      [4, 3],
      [5, 3],
      [6, 2],
    ]) {
      const code = randomRegular(rng, N, delta);
      for (const parts of delta >= 2 ? [1, 2] : [1]) {
        let best = Number.POSITIVE_INFINITY;
        for (const order of allOrders(code)) best = Math.min(best, qmax(order, N, parts).qmax);
        expect(qmax(latinOrder(code)!, N, parts).qmax).toBe(best);
      }
    }
  });

  it('cyclic assignments in natural order are already optimal', () => {
    for (const [N, delta] of [
      [3, 2],
      [7, 3],
      [10, 4],
      [12, 5],
    ]) {
      const code = cyclic(N, delta);
      for (let parts = 1; parts <= Math.min(delta, 3); parts++) {
        const natural = qmax(naturalOrder(code), N, parts).qmax;
        expect(natural).toBe(N * delta - ((delta - parts + 1) * (delta - parts + 2)) / 2 + 1);
        expect(natural).toBe(qmax(latinOrder(code)!, N, parts).qmax);
      }
    }
  });

  it('Hopcroft–Karp finds maximum matchings (checked against augmenting-path search) on random bipartite graphs', () => {
    const rng = new PhiloxStream(46, Stream.test);
    for (let trial = 0; trial < 200; trial++) {
      const left = 1 + rng.integer(12);
      const right = 1 + rng.integer(12);
      const adj = Array.from({ length: left }, () =>
        Array.from({ length: right }, (_, v) => v).filter(() => rng.uniform() < 0.25),
      );
      const offsets = new Int32Array(left + 1);
      adj.forEach((a, u) => {
        offsets[u + 1] = offsets[u] + a.length;
      });
      const { matchLeft, size } = maximumMatching(left, right, offsets, Int32Array.from(adj.flat()));
      // Valid matching.
      const used = new Set<number>();
      let count = 0;
      matchLeft.forEach((v, u) => {
        if (v < 0) return;
        expect(adj[u]).toContain(v);
        expect(used.has(v)).toBe(false);
        used.add(v);
        count++;
      });
      expect(count).toBe(size);
      // Kuhn's algorithm as the oracle for the maximum size.
      const matchR = new Array<number>(right).fill(-1);
      const tryKuhn = (u: number, seen: boolean[]): boolean => {
        for (const v of adj[u]) {
          if (seen[v]) continue;
          seen[v] = true;
          if (matchR[v] < 0 || tryKuhn(matchR[v], seen)) {
            matchR[v] = u;
            return true;
          }
        }
        return false;
      };
      let kuhn = 0;
      for (let u = 0; u < left; u++) if (tryKuhn(u, new Array(right).fill(false))) kuhn++;
      expect(size).toBe(kuhn);
    }
  });
});

describe('heuristic ordering for other assignments', () => {
  it('never worse than natural, never below the exhaustive optimum, and finds it on small random instances', () => {
    const rng = new PhiloxStream(47, Stream.test);
    let reached = 0;
    let improved = 0;
    const total = 40;
    for (let trial = 0; trial < total; trial++) {
      const N = 3 + rng.integer(3);
      const m = 3 + rng.integer(3);
      const support = Array.from({ length: N }, () => {
        const chunks = Array.from({ length: m }, (_, i) => i);
        rng.shuffle(chunks);
        return chunks.slice(0, 1 + rng.integer(3));
      });
      for (let i = 0; i < m; i++) if (!support.some((s) => s.includes(i))) support[rng.integer(N)].push(i);
      const code = codeFromSupport(m, support, undefined, 1);
      const result = localSearchOrder(code, { seed: trial });
      validateOrder(code, result.order);
      expect(result.qmax).toBe(qmax(result.order, m).qmax);
      const natural = qmax(naturalOrder(code), m).qmax;
      expect(result.qmax).toBeLessThanOrEqual(natural);
      let best = Number.POSITIVE_INFINITY;
      for (const order of allOrders(code)) best = Math.min(best, qmax(order, m).qmax);
      expect(result.qmax).toBeGreaterThanOrEqual(best);
      expect(result.lowerBound).toBeLessThanOrEqual(best);
      if (result.qmax === best) reached++;
      if (result.qmax < natural) improved++;
    }
    expect(reached).toBe(total);
    expect(improved).toBeGreaterThan(5);
  });

  it('on regular instances: the matching start reaches the Latin bound; climbing from a random start gets within 1', () => {
    const rng = new PhiloxStream(48, Stream.test);
    let reachedFromRandom = 0;
    const total = 30;
    for (let trial = 0; trial < total; trial++) {
      const N = 6 + rng.integer(15);
      const delta = 2 + rng.integer(4);
      const code = randomRegular(rng, N, delta);
      const bound = N * delta - (delta * (delta + 1)) / 2 + 1;
      const result = localSearchOrder(code, { seed: trial });
      expect(result.optimal).toBe(true);
      expect(result.qmax).toBe(bound);
      expect(qmax(matchingStartOrder(code), N).qmax).toBe(bound);
      const start = randomOrder(code, 1000 + trial);
      const fromRandom = localSearchOrder(code, { seed: trial, starts: [start] });
      validateOrder(code, fromRandom.order);
      expect(fromRandom.qmax).toBeLessThanOrEqual(qmax(start, N).qmax);
      expect(fromRandom.qmax).toBeLessThanOrEqual(bound + 1);
      if (fromRandom.qmax === bound) reachedFromRandom++;
    }
    expect(reachedFromRandom).toBeGreaterThan(total / 2);
  });

  it('optimal ordering of a non-regular assignment needs the heuristic opt-in', () => {
    const code = codeFromSupport(3, [[0, 1], [1, 2], [2, 0], [0]], undefined, 1);
    expectInputError(() => optimalOrder(code), 'order', '--heuristic');
    expectInputError(() => orderFromSpec(code, 'optimal', { field: '--order' }), '--order', 'regular class');
    const h = optimalOrder(code, { heuristic: true });
    expect(h.method).toBe('heuristic');
    expect(h.qmax).toBeGreaterThanOrEqual(h.lowerBound);
    expect(orderFromSpec(code, 'optimal', { heuristic: true }).length).toBe(4);
  });
});

describe('order specs and files', () => {
  const code = cyclic(5, 3);

  it('natural, random:SEED (seeded, reproducible) and optimal', () => {
    expect(orderFromSpec(code, 'natural').map((r) => Array.from(r))).toEqual(
      naturalOrder(code).map((r) => Array.from(r)),
    );
    const a = orderFromSpec(code, 'random:7');
    const b = orderFromSpec(code, 'random:7');
    const c = orderFromSpec(code, 'random:8');
    validateOrder(code, a);
    expect(a.map((r) => Array.from(r))).toEqual(b.map((r) => Array.from(r)));
    expect(a.map((r) => Array.from(r))).not.toEqual(c.map((r) => Array.from(r)));
    expect(qmax(orderFromSpec(code, 'optimal'), 5).qmax).toBe(5 * 3 - 6 + 1);
    expectInputError(() => orderFromSpec(code, 'random:x1', { field: '--order' }), '--order');
    expectInputError(() => orderFromSpec(code, 'random'), 'order');
    expectInputError(() => randomOrder(code, -1), 'seed');
  });

  it('parses an order file and names the worker whose list is not a permutation of its chunks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcode-order-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify([
        [2, 1, 0],
        [1, 2, 3],
        [4, 3, 2],
        [3, 4, 0],
        [4, 0, 1],
      ]),
    );
    const order = readOrderFile(code, good);
    expect(Array.from(order[0])).toEqual([2, 1, 0]);
    expect(orderFromSpec(code, good).length).toBe(5);
    expectInputError(() => parseOrder(code, '[[0,1,2],[1,2,3],[2,3,3],[3,4,0],[4,0,1]]'), 'order[2]', 'worker 2');
    expectInputError(() => parseOrder(code, '[[0,1,2],[1,2,3],[2,3,4],[3,4,1],[4,0,1]]'), 'order[3]', 'worker 3');
    expectInputError(() => parseOrder(code, '[[0,1,2],[1,2],[2,3,4],[3,4,0],[4,0,1]]'), 'order[1]', 'worker 1');
    expectInputError(() => parseOrder(code, '[[0,1,2],"x",[2,3,4],[3,4,0],[4,0,1]]'), 'order[1]');
    expectInputError(() => parseOrder(code, '[[0,1,2],[1,2,3]]'), 'order', 'N = 5');
    expectInputError(() => parseOrder(code, '{"a":1}'), 'order');
    expectInputError(() => parseOrder(code, '[[0,1,'), 'order', 'JSON');
    expectInputError(() => parseOrder(code, '[[0,1,2.5],[1,2,3],[2,3,4],[3,4,0],[4,0,1]]'), 'order[0]');
    expectInputError(() => readOrderFile(code, join(dir, 'missing.json'), '--order'), '--order', 'cannot read');
  });
});

import { describe, expect, it } from 'vitest';
import { graphIncidenceCode, normalizedAdjacencyCode } from '../../src/codes/graph-codes.js';
import {
  completeGraph,
  cycleGraph,
  type Graph,
  graphDegrees,
  margulisGabberGalilGraph,
  petersenGraph,
  randomRegularGraph,
} from '../../src/codes/graphs.js';
import { chunkReplication, denseMatrix, workerLoads } from '../../src/codes/structure.js';
import { InputError } from '../../src/errors.js';

function edgeKeys(g: Graph): number[] {
  const keys: number[] = [];
  for (let e = 0; e < g.edges.length; e += 2) {
    const u = Math.min(g.edges[e], g.edges[e + 1]);
    const v = Math.max(g.edges[e], g.edges[e + 1]);
    keys.push(u * g.vertices + v);
  }
  return keys;
}

function expectSimpleRegular(g: Graph, d: number): void {
  const keys = edgeKeys(g);
  expect(new Set(keys).size).toBe(keys.length); // no multi-edges
  for (let e = 0; e < g.edges.length; e += 2) expect(g.edges[e]).not.toBe(g.edges[e + 1]); // no loops
  expect(Array.from(graphDegrees(g))).toEqual(new Array(g.vertices).fill(d));
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).field;
  }
  return undefined;
}

describe('graphs', () => {
  it('Petersen: 10 vertices, 15 edges, 3-regular, girth 5 (no triangles or 4-cycles)', () => {
    const g = petersenGraph();
    expectSimpleRegular(g, 3);
    const adj = Array.from({ length: 10 }, () => new Set<number>());
    for (let e = 0; e < 30; e += 2) {
      adj[g.edges[e]].add(g.edges[e + 1]);
      adj[g.edges[e + 1]].add(g.edges[e]);
    }
    for (let u = 0; u < 10; u++) {
      for (let v = u + 1; v < 10; v++) {
        const common = [...adj[u]].filter((x) => adj[v].has(x)).length;
        // Petersen is strongly regular (10, 3, 0, 1): adjacent pairs share 0 neighbours, others exactly 1.
        expect(common).toBe(adj[u].has(v) ? 0 : 1);
      }
    }
  });

  it('cycles and complete graphs', () => {
    expectSimpleRegular(cycleGraph(7), 2);
    expect(edgeKeys(cycleGraph(4)).length).toBe(4);
    expectSimpleRegular(completeGraph(6), 5);
    expect(edgeKeys(completeGraph(6)).length).toBe(15);
    expect(fieldOf(() => cycleGraph(2))).toBe('n');
    expect(fieldOf(() => completeGraph(1))).toBe('n');
  });

  it.each([
    [50, 3, 1],
    [20, 4, 7],
    [200, 10, 3],
    [11, 10, 0],
  ])('random %i-vertex %i-regular graph (seed %i): simple, regular, reproducible', (n, d, seed) => {
    const g = randomRegularGraph(n, d, seed);
    expectSimpleRegular(g, d);
    expect(g.edges.length).toBe(n * d);
    expect(Array.from(randomRegularGraph(n, d, seed).edges)).toEqual(Array.from(g.edges));
    if (d < n - 1) expect(Array.from(randomRegularGraph(n, d, seed + 1).edges)).not.toEqual(Array.from(g.edges));
  });

  it('random regular graphs reject odd n·d, d ≥ n and bad seeds', () => {
    expect(fieldOf(() => randomRegularGraph(5, 3, 0))).toBe('d');
    expect(fieldOf(() => randomRegularGraph(5, 5, 0))).toBe('d');
    expect(fieldOf(() => randomRegularGraph(6, 3, -1))).toBe('seed');
  });

  it('Margulis–Gabber–Galil: 8-regular multigraph with n² vertices and 4n² edges', () => {
    for (const n of [2, 5, 8]) {
      const g = margulisGabberGalilGraph(n);
      expect(g.vertices).toBe(n * n);
      expect(g.edges.length).toBe(8 * n * n);
      expect(Array.from(graphDegrees(g))).toEqual(new Array(n * n).fill(8));
    }
    // (x, 0) → (x + 0, 0) is a loop for every x.
    const g = margulisGabberGalilGraph(5);
    expect(g.edges[0]).toBe(g.edges[1]);
  });
});

describe('graph codes', () => {
  it('incidence code of Petersen: machines = edges hold their two endpoints, replication = degree', () => {
    const g = petersenGraph();
    const code = graphIncidenceCode(g);
    expect([code.N, code.m]).toEqual([15, 10]);
    expect(Array.from(workerLoads(code))).toEqual(new Array(15).fill(2));
    expect(Array.from(chunkReplication(code))).toEqual(new Array(10).fill(3));
    for (let e = 0; e < 15; e++) {
      expect(Array.from(code.chunks.subarray(2 * e, 2 * e + 2))).toEqual([g.edges[2 * e], g.edges[2 * e + 1]]);
    }
    expect(code.meta.extra).toEqual({ kind: 'graph', vertices: 10, edges: g.edges });
  });

  it('incidence code of a multigraph: loops are single entries with coefficient 2 (BBᵀ = Adj + D)', () => {
    const g = margulisGabberGalilGraph(3);
    const code = graphIncidenceCode(g);
    const B = denseMatrix(code);
    const n = 9;
    // (BᵀB)[u][v] over chunks u, v equals adjacency (loops 2) + degree on the diagonal.
    const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let e = 0; e < g.edges.length; e += 2) {
      adj[g.edges[e]][g.edges[e + 1]]++;
      adj[g.edges[e + 1]][g.edges[e]]++;
    }
    for (let u = 0; u < n; u++) {
      for (let v = 0; v < n; v++) {
        let s = 0;
        for (let j = 0; j < code.N; j++) s += B[j * n + u] * B[j * n + v];
        expect(s).toBe(adj[u][v] + (u === v ? 8 : 0));
      }
    }
  });

  it('normalised adjacency code: B = adjacency/d, rows sum to 1, Margulis multiplicities kept', () => {
    const g = randomRegularGraph(30, 4, 2);
    const code = normalizedAdjacencyCode(g);
    expect([code.N, code.m]).toEqual([30, 30]);
    const B = denseMatrix(code);
    for (let v = 0; v < 30; v++) {
      let sum = 0;
      for (let u = 0; u < 30; u++) sum += B[v * 30 + u];
      expect(sum).toBeCloseTo(1, 14);
      expect(B[v * 30 + v]).toBe(0);
    }
    for (let e = 0; e < g.edges.length; e += 2) {
      expect(B[g.edges[e] * 30 + g.edges[e + 1]]).toBe(0.25);
      expect(B[g.edges[e + 1] * 30 + g.edges[e]]).toBe(0.25);
    }
    const m = normalizedAdjacencyCode(margulisGabberGalilGraph(4));
    const M = denseMatrix(m);
    for (let v = 0; v < 16; v++) {
      let sum = 0;
      for (let u = 0; u < 16; u++) sum += M[v * 16 + u];
      expect(sum).toBeCloseTo(1, 14); // loops count 2, like the reference code
    }
    expect(m.meta.extra?.kind).toBe('graph-adjacency');
    const irregular: Graph = { name: 'path', vertices: 3, edges: Int32Array.of(0, 1, 1, 2) };
    expect(fieldOf(() => normalizedAdjacencyCode(irregular))).toBe('graph');
    expect(normalizedAdjacencyCode(irregular, {}, 2).m).toBe(3);
  });
});

import { requireInput } from '../errors.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';
import { requireInteger, requireSeed } from './validate.js';

/** An undirected (multi)graph: edge e joins `edges[2e]` and `edges[2e+1]`. */
export interface Graph {
  readonly name: string;
  readonly vertices: number;
  readonly edges: Int32Array;
}

/** Degree of every vertex (a loop counts 2). */
export function graphDegrees(graph: Graph): Int32Array {
  const deg = new Int32Array(graph.vertices);
  for (const v of graph.edges) deg[v]++;
  return deg;
}

/** The Petersen graph: 10 vertices, 15 edges, 3-regular (outer 5-cycle 0..4, spokes i–i+5, inner pentagram). */
export function petersenGraph(): Graph {
  const edges: number[] = [];
  for (let i = 0; i < 5; i++) edges.push(i, (i + 1) % 5, i, i + 5, 5 + i, 5 + ((i + 2) % 5));
  return { name: 'Petersen', vertices: 10, edges: Int32Array.from(edges) };
}

/** The cycle C_n (n ≥ 3): edges (i, i+1 mod n). */
export function cycleGraph(n: number): Graph {
  requireInteger(n, 'n', 3);
  const edges = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    edges[2 * i] = i;
    edges[2 * i + 1] = (i + 1) % n;
  }
  return { name: `C${n}`, vertices: n, edges };
}

/** The complete graph K_n (n ≥ 2): edges (i, j), i < j, lexicographic. */
export function completeGraph(n: number): Graph {
  requireInteger(n, 'n', 2, 5000);
  const edges: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push(i, j);
  return { name: `K${n}`, vertices: n, edges: Int32Array.from(edges) };
}

/**
 * Margulis–Gabber–Galil graph on Z_n × Z_n (vertex (x, y) = x·n + y): each vertex gets the four edges to
 * (x + 2y, y), (x + 2y + 1, y), (x, y + 2x), (x, y + 2x + 1) (mod n), as networkx's `margulis_gabber_galil_graph` used
 * by Raviv et al.'s reference code. An 8-regular **multigraph**: 4n² edges, with parallel edges and loops (a loop
 * counts 2 towards the degree).
 */
export function margulisGabberGalilGraph(n: number): Graph {
  requireInteger(n, 'n', 2, 2000);
  const edges: number[] = [];
  for (let x = 0; x < n; x++) {
    for (let y = 0; y < n; y++) {
      const v = x * n + y;
      edges.push(v, ((x + 2 * y) % n) * n + y);
      edges.push(v, ((x + 2 * y + 1) % n) * n + y);
      edges.push(v, x * n + ((y + 2 * x) % n));
      edges.push(v, x * n + ((y + 2 * x + 1) % n));
    }
  }
  return { name: `Margulis(${n})`, vertices: n * n, edges: Int32Array.from(edges) };
}

/**
 * A random simple d-regular graph on n vertices (n·d even, 1 ≤ d < n), seeded: the pairing (configuration) model with
 * rejection, in the incremental form networkx's `random_regular_graph` uses (Steger–Wormald): shuffle the remaining
 * stubs, pair them up, keep pairs that are neither loops nor repeated edges, return the rejected stubs to the pool, and
 * restart from scratch when no admissible pair is left. All randomness comes from
 * PhiloxStream(seed, Stream.construction); edges are returned sorted (u < v, lexicographic), so the same (n, d, seed)
 * gives the same graph everywhere. Approximately uniform over simple d-regular graphs (exactly uniform only for the
 * pure rejection model, which is infeasible beyond small d).
 */
export function randomRegularGraph(n: number, d: number, seed: number): Graph {
  requireInteger(n, 'n', 2, 1_000_000);
  requireInteger(d, 'd', 1);
  requireInput(d < n, 'd', `must be < n = ${n}, got ${d}`);
  requireInput((n * d) % 2 === 0, 'd', `n·d must be even, got n = ${n}, d = ${d}`);
  requireSeed(seed);
  const stream = new PhiloxStream(seed, Stream.construction);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const edges = tryPairing(n, d, stream);
    if (edges) {
      const list = Array.from(edges).sort((a, b) => a - b);
      const out = new Int32Array(2 * list.length);
      list.forEach((key, e) => {
        out[2 * e] = Math.floor(key / n);
        out[2 * e + 1] = key % n;
      });
      return { name: `random ${d}-regular(${n})`, vertices: n, edges: out };
    }
  }
  throw new Error(`internal error: no ${d}-regular graph on ${n} vertices after 10000 restarts`);
}

function tryPairing(n: number, d: number, stream: PhiloxStream): Set<number> | undefined {
  const edges = new Set<number>();
  let stubs = new Int32Array(n * d);
  for (let i = 0; i < stubs.length; i++) stubs[i] = i % n;
  while (stubs.length > 0) {
    stream.shuffle(stubs);
    const rejected: number[] = [];
    for (let i = 0; i + 1 < stubs.length; i += 2) {
      const u = Math.min(stubs[i], stubs[i + 1]);
      const v = Math.max(stubs[i], stubs[i + 1]);
      if (u !== v && !edges.has(u * n + v)) edges.add(u * n + v);
      else rejected.push(u, v);
    }
    if (rejected.length === 0) return edges;
    if (!hasAdmissiblePair(rejected, edges, n)) return undefined;
    stubs = Int32Array.from(rejected);
  }
  return edges;
}

function hasAdmissiblePair(stubs: readonly number[], edges: Set<number>, n: number): boolean {
  const distinct = Array.from(new Set(stubs));
  for (let a = 0; a < distinct.length; a++) {
    for (let b = 0; b < a; b++) {
      const u = Math.min(distinct[a], distinct[b]);
      const v = Math.max(distinct[a], distinct[b]);
      if (!edges.has(u * n + v)) return true;
    }
  }
  return false;
}

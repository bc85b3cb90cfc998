import type { GradientCode } from '../codes/types.js';
import { InputError, requireInput } from '../errors.js';
import { countSurvivors, requireSinglePart, resultFromWeights } from './coefficient-space.js';
import type { ArrivalDecoder } from './streaming.js';
import type { DecodeRequest, DecodeResult, Decoder } from './types.js';

/** A graph code's structure: machine e holds vertices (blocks) u_e ≠ v_e with the same coefficient a_e on both. */
export interface GraphStructure {
  readonly vertices: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly scale: Float64Array;
}

const structures = new WeakMap<GradientCode, GraphStructure>();

/** Validates and caches the edge structure of a graph code (machines = edges, chunks = vertices). */
export function graphStructure(code: GradientCode): GraphStructure {
  const cached = structures.get(code);
  if (cached) return cached;
  requireSinglePart(code, 'graph');
  const extra = code.meta.extra;
  if (extra?.kind !== 'graph') {
    throw new InputError(
      'decoder',
      `"graph" needs a graph code (machines = edges); ${code.name} has no graph metadata`,
    );
  }
  requireInput(
    extra.vertices === code.m,
    'code',
    `graph has ${extra.vertices} vertices but the code has m = ${code.m}`,
  );
  requireInput(
    extra.edges.length === 2 * code.N,
    'code',
    `graph has ${extra.edges.length / 2} edges but N = ${code.N}`,
  );
  const from = new Int32Array(code.N);
  const to = new Int32Array(code.N);
  const scale = new Float64Array(code.N);
  for (let e = 0; e < code.N; e++) {
    const u = extra.edges[2 * e];
    const v = extra.edges[2 * e + 1];
    const start = code.offsets[e];
    const held = code.offsets[e + 1] - start;
    if (u === v) {
      // A loop holds its one block with the incidence-matrix entry 2 (times the code's scale).
      requireInput(held === 1 && code.chunks[start] === u, 'code', `loop machine ${e} must hold exactly chunk ${u}`);
      const a = code.coefficients[start];
      requireInput(a !== 0, 'code', `loop machine ${e} has a zero coefficient`);
      from[e] = u;
      to[e] = u;
      scale[e] = a / 2;
      continue;
    }
    requireInput(held === 2, 'code', `machine ${e} must hold exactly its two endpoint chunks`);
    const c0 = code.chunks[start];
    const c1 = code.chunks[start + 1];
    requireInput(
      (c0 === u && c1 === v) || (c0 === v && c1 === u),
      'code',
      `machine ${e} holds chunks {${c0}, ${c1}} but its edge is (${u}, ${v})`,
    );
    const a0 = code.coefficients[start];
    const a1 = code.coefficients[start + 1];
    requireInput(a0 === a1 && a0 !== 0, 'code', `machine ${e} must weight both blocks equally and non-zero`);
    from[e] = u;
    to[e] = v;
    scale[e] = a0;
  }
  const s = { vertices: code.m, from, to, scale };
  structures.set(code, s);
  return s;
}

/**
 * Optimal decoding of a graph code in linear time (Glasgow & Wootters 2021, §III, Eq. (4) and Lemmas 22–25;
 * core-gc.md §D.3). Over the surviving edges G(p): a component with an odd cycle gets α* = 1; a bipartite component
 * with sides L, R (|L| ≥ |R|) gets α* = 1 − (|L|−|R|)/(|L|+|R|) on L and 1 + (|L|−|R|)/(|L|+|R|) on R; an isolated
 * vertex gets α* = 0. Weights realising α* are found on a BFS spanning forest, leaf to root; in a non-bipartite
 * component one odd-cycle edge absorbs the colour-class imbalance (our elaboration of the paper's step 3). A loop
 * (u, u) of a multigraph (Margulis–Gabber–Galil) is a machine holding block u with incidence entry 2: an odd cycle
 * of length 1. Parallel edges are separate machines. Weights are divided by the edge's scale, so normalised-incidence
 * codes work too. α* equals the least-squares
 * optimum; the weights are one optimal choice, not the minimum-norm one. O(N + m).
 */
export const graphOptimalDecoder: Decoder = {
  name: 'graph',
  summary: 'linear-time optimal decoding for graph codes (components, odd cycles, bipartite rule)',
  citation: 'Glasgow & Wootters, Approximate Gradient Coding with Optimal Decoding (JSAIT 2021), §III, Eq. (4)',
  check(code: GradientCode): void {
    graphStructure(code);
  },
  decode(code: GradientCode, request: DecodeRequest): DecodeResult {
    countSurvivors(code, request.survivors);
    const g = graphStructure(code);
    const weights = graphOptimalWeights(g, request.survivors);
    return resultFromWeights('graph', code, request, weights);
  },
  stream: {
    kind: 'graph',
    optimal: true,
    create: (code) => new GraphUnionFind(code),
    // WGSL: `graph_add`; edge j's endpoints at ints[i_curve + 2j], ints[i_curve + 2j + 1].
    gpu: {
      code: 7,
      scratch: 'union-find',
      tables(code) {
        const g = graphStructure(code);
        const edges = new Int32Array(2 * code.N);
        for (let j = 0; j < code.N; j++) {
          edges[2 * j] = g.from[j];
          edges[2 * j + 1] = g.to[j];
        }
        return { ints: edges };
      },
    },
  },
};

/** The O(N + m) component algorithm; returns machine weights (zero on stragglers). */
function graphOptimalWeights(g: GraphStructure, alive: Uint8Array): Float64Array {
  const n = g.vertices;
  const edgeCount = g.from.length;
  // Adjacency (CSR) over surviving edges.
  const degree = new Int32Array(n + 1);
  for (let e = 0; e < edgeCount; e++) {
    if (alive[e] === 0) continue;
    degree[g.from[e] + 1]++;
    degree[g.to[e] + 1]++;
  }
  for (let v = 0; v < n; v++) degree[v + 1] += degree[v];
  const fill = degree.slice(0, n);
  const neighbour = new Int32Array(degree[n]);
  const viaEdge = new Int32Array(degree[n]);
  for (let e = 0; e < edgeCount; e++) {
    if (alive[e] === 0) continue;
    const u = g.from[e];
    const v = g.to[e];
    neighbour[fill[u]] = v;
    viaEdge[fill[u]++] = e;
    neighbour[fill[v]] = u;
    viaEdge[fill[v]++] = e;
  }
  const colour = new Int8Array(n).fill(-1);
  const parentEdge = new Int32Array(n).fill(-1);
  const target = new Float64Array(n);
  const w = new Float64Array(edgeCount);
  const queue = new Int32Array(n);
  for (let root = 0; root < n; root++) {
    if (colour[root] !== -1) continue;
    // BFS: component in queue[head0..tail), 2-colouring, one odd-cycle edge if any.
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    colour[root] = 0;
    let oddEdge = -1;
    const sideCount = [0, 0];
    while (head < tail) {
      const x = queue[head++];
      sideCount[colour[x]]++;
      for (let k = degree[x]; k < degree[x + 1]; k++) {
        const y = neighbour[k];
        if (colour[y] === -1) {
          colour[y] = 1 - colour[x];
          parentEdge[y] = viaEdge[k];
          queue[tail++] = y;
        } else if (colour[y] === colour[x] && oddEdge === -1) {
          oddEdge = viaEdge[k];
        }
      }
    }
    const size = tail;
    if (size === 1 && oddEdge === -1) continue; // isolated vertex: α* = 0, no surviving machine touches it
    let alpha0: number;
    let alpha1: number;
    if (oddEdge !== -1) {
      alpha0 = 1;
      alpha1 = 1;
    } else {
      // Bipartite: the larger side gets 1 − t, the smaller 1 + t, t = (|L| − |R|)/(|L| + |R|).
      const t = Math.abs(sideCount[0] - sideCount[1]) / size;
      const zeroIsLarger = sideCount[0] >= sideCount[1];
      alpha0 = zeroIsLarger ? 1 - t : 1 + t;
      alpha1 = zeroIsLarger ? 1 + t : 1 - t;
    }
    for (let k = 0; k < size; k++) {
      const v = queue[k];
      target[v] = colour[v] === 0 ? alpha0 : alpha1;
    }
    if (oddEdge !== -1) {
      // Tree edges change Σ_{colour 0} − Σ_{colour 1} by nothing; the odd edge (both ends colour c) by ±2x.
      const imbalance = sideCount[0] * alpha0 - sideCount[1] * alpha1;
      const c = colour[g.from[oddEdge]];
      const x = c === 0 ? imbalance / 2 : -imbalance / 2;
      w[oddEdge] = x;
      target[g.from[oddEdge]] -= x;
      target[g.to[oddEdge]] -= x;
    }
    // Leaf to root over the BFS tree: the parent edge of v carries whatever v still needs.
    for (let k = size - 1; k >= 1; k--) {
      const v = queue[k];
      const e = parentEdge[v];
      const parent = g.from[e] === v ? g.to[e] : g.from[e];
      w[e] = target[v];
      target[parent] -= target[v];
      target[v] = 0;
    }
  }
  for (let e = 0; e < edgeCount; e++) if (w[e] !== 0) w[e] /= g.scale[e];
  return w;
}

/**
 * Glasgow & Wootters' linear-time optimal decoder for graph codes (machines = edges, chunks = vertices; core-gc.md
 * §D.3), streamed with a union–find over vertices that tracks each component's 2-colouring: an odd cycle (or a loop)
 * makes a component exact (contribution 0); a bipartite component with sides L, R contributes (|L| − |R|)²/(|L| + |R|)
 * (an isolated vertex 1). Each arrival costs near-constant time; the error equals least squares on the same set.
 * The WGSL twin is `graph_add` in shaders/trials/original.wgsl.
 */
export class GraphUnionFind implements ArrivalDecoder {
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly parent: Int32Array;
  /** Parity of a vertex relative to its parent. */
  private readonly parity: Uint8Array;
  /** Per root: vertices with parity 0 / 1 relative to the root, and whether the component is bipartite. */
  private readonly side0: Int32Array;
  private readonly side1: Int32Array;
  private readonly bipartite: Uint8Array;
  private err = 0;

  constructor(code: GradientCode) {
    const g = graphStructure(code);
    this.from = g.from;
    this.to = g.to;
    const n = g.vertices;
    this.parent = new Int32Array(n);
    this.parity = new Uint8Array(n);
    this.side0 = new Int32Array(n);
    this.side1 = new Int32Array(n);
    this.bipartite = new Uint8Array(n);
    this.reset();
  }

  reset(): void {
    const n = this.parent.length;
    for (let v = 0; v < n; v++) this.parent[v] = v;
    this.parity.fill(0);
    this.side0.fill(1);
    this.side1.fill(0);
    this.bipartite.fill(1);
    this.err = n;
  }

  /** Root of v, with v's parity relative to it (path halving keeps parities consistent). */
  private find(v: number): [number, number] {
    let p = 0;
    while (this.parent[v] !== v) {
      p ^= this.parity[v];
      v = this.parent[v];
    }
    return [v, p];
  }

  private contribution(root: number): number {
    if (!this.bipartite[root]) return 0;
    const a = this.side0[root];
    const b = this.side1[root];
    return ((a - b) * (a - b)) / (a + b);
  }

  add(j: number): void {
    const [ru, pu] = this.find(this.from[j]);
    const [rv, pv] = this.find(this.to[j]);
    if (ru === rv) {
      // Same component: an edge joining equal colours closes an odd cycle (a loop always does).
      if (pu === pv && this.bipartite[ru]) {
        this.err -= this.contribution(ru);
        this.bipartite[ru] = 0;
      }
      return;
    }
    this.err -= this.contribution(ru) + this.contribution(rv);
    // Attach the smaller component under the larger; rv's parity makes u and v differently coloured.
    let [a, b] = [ru, rv];
    if (this.side0[a] + this.side1[a] < this.side0[b] + this.side1[b]) [a, b] = [b, a];
    const flip = pu ^ pv ^ 1;
    this.parent[b] = a;
    this.parity[b] = flip;
    if (flip) {
      this.side0[a] += this.side1[b];
      this.side1[a] += this.side0[b];
    } else {
      this.side0[a] += this.side0[b];
      this.side1[a] += this.side1[b];
    }
    this.bipartite[a] = this.bipartite[a] & this.bipartite[b];
    this.err += this.contribution(a);
  }

  error(): number {
    return Math.max(0, this.err);
  }
}

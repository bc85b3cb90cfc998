import type { GradientCode } from '../codes/types.js';
import { bibdWeight } from '../decoders/bibd-fixed.js';
import { replicationGroups } from '../decoders/erasure.js';
import { fixedUniformWeight } from '../decoders/fixed-uniform.js';
import { graphStructure } from '../decoders/graph-optimal.js';
import { stragglingProbabilities } from '../decoders/unbiased.js';
import { InputError } from '../errors.js';
import { GramLeastSquares } from './gram-least-squares.js';

/**
 * A decoder fed one worker message at a time, in arrival order, whose coefficient-space error ‖α − 1‖² can be read
 * after every arrival. This is how the trial engine evaluates a decoder over the whole T grid in one pass per trial
 * (both backends): the batch decoders of src/decoders give the same error for the same received set.
 */
export interface ArrivalDecoder {
  reset(): void;
  add(j: number): void;
  error(): number;
  /**
   * Optional: the error over every worker except `missing[0 .. count)`, computed without the arrival order and
   * without touching the streaming state; NaN where this decoder has no cheaper order-free form for that set.
   */
  errorWithout?(missing: Int32Array, count: number): number;
}

/**
 * Linear decoders whose weight for an arriving worker is fixed once it arrives (ErasureHead's first-per-group,
 * Song–Choi's 1/(1 − p_j), ignore-stragglers' greedy disjoint rule): α += w_j·b_j, and the error ‖α − 1‖² is
 * updated on the row's support in O(δ_j).
 */
export class WeightedArrivals implements ArrivalDecoder {
  private readonly alpha: Float64Array;
  private err = 0;

  constructor(
    private readonly code: GradientCode,
    /** Weight of worker j given the workers received before it (0 = ignore); called once per arrival. */
    private readonly weightOf: (j: number) => number,
    private readonly onReset: () => void = () => {},
  ) {
    if (code.parts !== 1) throw new InputError('decoder', 'linear arrival decoders need ℓ = 1');
    this.alpha = new Float64Array(code.m);
    this.reset();
  }

  reset(): void {
    this.alpha.fill(0);
    this.err = this.code.m;
    this.onReset();
  }

  add(j: number): void {
    const w = this.weightOf(j);
    if (w === 0) return;
    const { offsets, chunks, coefficients } = this.code;
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      const i = chunks[e];
      const before = this.alpha[i] - 1;
      this.alpha[i] += w * coefficients[e];
      const after = this.alpha[i] - 1;
      this.err += after * after - before * before;
    }
  }

  error(): number {
    return Math.max(0, this.err);
  }
}

/**
 * Uniform decoders (fixed n/(n − s), BIBD r/(r + λ(|S| − 1))): every received worker gets the same weight c(|S|).
 * With a = Σ_{j∈S} b_j, ‖c·a − 1‖² = c²‖a‖² − 2c·Σa + m, so ‖a‖² and Σa are kept incrementally in O(δ_j).
 */
export class UniformArrivals implements ArrivalDecoder {
  private readonly a: Float64Array;
  private sumSquares = 0;
  private sum = 0;
  private count = 0;

  constructor(
    private readonly code: GradientCode,
    /** Weight c given the number of received workers. */
    private readonly scale: (received: number) => number,
  ) {
    if (code.parts !== 1) throw new InputError('decoder', 'uniform arrival decoders need ℓ = 1');
    this.a = new Float64Array(code.m);
  }

  reset(): void {
    this.a.fill(0);
    this.sumSquares = 0;
    this.sum = 0;
    this.count = 0;
  }

  add(j: number): void {
    const { offsets, chunks, coefficients } = this.code;
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      const i = chunks[e];
      const b = coefficients[e];
      this.sumSquares += 2 * this.a[i] * b + b * b;
      this.a[i] += b;
      this.sum += b;
    }
    this.count++;
  }

  error(): number {
    if (this.count === 0) return this.code.m;
    const c = this.scale(this.count);
    return Math.max(0, c * c * this.sumSquares - 2 * c * this.sum + this.code.m);
  }
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

/** The least-squares decoders (`optimal`, `exact`, `graph`) all reach the optimal error: one Gram factorisation. */
export function leastSquaresArrivals(code: GradientCode, rankTolerance: number): ArrivalDecoder {
  return new GramLeastSquares(code, rankTolerance);
}

/**
 * The streaming form of a registered decoder (src/decoders) for a code: the least-squares decoders share one Gram
 * factorisation; the linear ones use the same weight rules as their batch forms (`fixedUniformWeight`,
 * `bibdWeight`, `stragglingProbabilities`, `replicationGroups`, greedy disjoint supports).
 */
export function arrivalDecoder(
  code: GradientCode,
  name: string,
  options: { rankTolerance: number; p?: ArrayLike<number> },
): ArrivalDecoder {
  switch (name) {
    case 'optimal':
    case 'exact':
      return leastSquaresArrivals(code, options.rankTolerance);
    case 'graph':
      return new GraphUnionFind(code);
    case 'fixed':
      return new UniformArrivals(code, (n) => fixedUniformWeight(code, n));
    case 'bibd':
      return new UniformArrivals(code, (n) => bibdWeight(code, n));
    case 'unbiased': {
      const p = stragglingProbabilities(code, options.p ? { survivors: new Uint8Array(0), p: options.p } : undefined);
      return new WeightedArrivals(code, (j) => 1 / (1 - p[j]));
    }
    case 'erasure': {
      const group = replicationGroups(code);
      const covered = new Uint8Array(code.N);
      return new WeightedArrivals(
        code,
        (j) => {
          if (covered[group[j]]) return 0;
          covered[group[j]] = 1;
          return 1;
        },
        () => covered.fill(0),
      );
    }
    case 'ignore-stragglers': {
      const covered = new Uint8Array(code.m);
      const { offsets, chunks } = code;
      return new WeightedArrivals(
        code,
        (j) => {
          for (let e = offsets[j]; e < offsets[j + 1]; e++) if (covered[chunks[e]]) return 0;
          for (let e = offsets[j]; e < offsets[j + 1]; e++) covered[chunks[e]] = 1;
          return 1;
        },
        () => covered.fill(0),
      );
    }
    default:
      throw new InputError('decoder', `unknown decoder "${name}"`);
  }
}

import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { bibdCode } from './bibd.js';
import {
  affinePlaneDesign,
  type BlockDesign,
  complementDesign,
  DIFFERENCE_SET_TABLE,
  differenceSetDesign,
  fanoPlane,
  paleyDesign,
  projectivePlaneDesign,
} from './block-designs.js';
import { cyclicRepetitionCode } from './crc.js';
import { loadCodeFile } from './custom-file.js';
import { cyclicCode } from './cyclic.js';
import { fractionalRepetitionCode } from './frc.js';
import { graphIncidenceCode, normalizedAdjacencyCode } from './graph-codes.js';
import {
  completeGraph,
  cycleGraph,
  type Graph,
  margulisGabberGalilGraph,
  petersenGraph,
  randomRegularGraph,
} from './graphs.js';
import { heterogeneousCode, type SongChoiScheme } from './heterogeneous.js';
import { nestedCode } from './nested.js';
import { kroneckerProduct } from './product.js';
import { bernoulliCode, columnRegularCode, randomRegularCode } from './random-codes.js';
import { stochasticBlockCode } from './sbc.js';
import { stochasticGradientCode } from './sgc.js';
import { tandonExampleCode } from './tandon-example.js';
import { tandonPartialCode } from './tandon-partial.js';
import type { GradientCode } from './types.js';
import { type YeAbbeNodeKind, yeAbbeCode } from './ye-abbe.js';

/**
 * The registry of code families: one parameter schema per family, shared by the compact strings of `gradcode inspect`
 * (`frc:N=12,s=3`) and the structured objects of sweep specs (`{family: 'frc', N: 12, s: 3}`), so a sweep can vary any
 * parameter. Parsing and formatting live in spec.ts.
 */

/** Value types of family parameters. `code` is a nested code spec (string or object). */
export type ParamType = 'int' | 'number' | 'string' | 'enum' | 'int-list' | 'number-list' | 'code';

/** A resolved parameter value; `code` parameters hold a {@link ResolvedCodeSpec}. */
export type ParamValue = number | string | readonly number[] | ResolvedCodeSpec;

/** A family and its validated parameters (defaults filled in). */
export interface ResolvedCodeSpec {
  readonly family: string;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** One parameter of a family. */
export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly doc: string;
  /** Used when the parameter is absent. */
  readonly default?: number | string;
  /** May be absent with no default (the construction decides, e.g. `m` = N). */
  readonly optional?: boolean;
  /** Taken from the caller's options when absent: `seed` (default 0) or `p` (`--p`). */
  readonly fromOptions?: 'seed' | 'p';
  /** Inclusive bounds for numbers (and list elements). */
  readonly min?: number;
  readonly max?: number;
  /** Valid values of an `enum`. */
  readonly choices?: readonly string[];
  /** For `code` parameters: the families accepted (prefix match, e.g. `bibd:`). */
  readonly codePrefix?: string;
}

/** A code's size and construction cost, estimated from its parameters before it is built (src/codes/code-size.ts). */
export interface CodeSize {
  /** Workers N. */
  readonly N: number;
  /** Chunks m. */
  readonly m: number;
  /** Stored entries: support size × ℓ. */
  readonly entries: number;
  /** Estimated arithmetic operations of the construction. */
  readonly ops: number;
}

/** What a family's size estimate gets besides its own parameters. */
export interface SizeContext {
  /** The estimate of a nested code parameter (null when only the built code knows). */
  readonly size: (spec: ResolvedCodeSpec) => CodeSize | null;
}

/** What a family's build function gets besides its own parameters. */
export interface BuildContext {
  /** Builds a nested code parameter. */
  readonly build: (spec: ResolvedCodeSpec, field: string) => GradientCode;
  /** Directory that relative file paths are resolved against (default: the working directory). */
  readonly baseDir?: string;
}

/** A code family of the registry. */
export interface CodeFamily {
  /** Family id, the compact string's prefix, e.g. `frc`, `bibd:pg2`, `graph:random-regular`. */
  readonly id: string;
  readonly summary: string;
  /** Paper and section (or "reconstruction of …"). */
  readonly citation: string;
  /** A compact example that builds. */
  readonly example: string;
  readonly params: readonly ParamSpec[];
  readonly build: (params: Readonly<Record<string, ParamValue>>, ctx: BuildContext) => GradientCode;
  /**
   * N, m, stored entries and construction operations estimated from the parameters alone, so the limits table is
   * checked before anything is built; null when only the built code knows (custom files check while parsing).
   */
  readonly size: (params: Readonly<Record<string, ParamValue>>, ctx: SizeContext) => CodeSize | null;
  /** BIBD families: the block design itself (for complements). */
  readonly design?: (params: Readonly<Record<string, ParamValue>>, ctx: BuildContext) => BlockDesign;
}

const int = (name: string, doc: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  name,
  type: 'int',
  doc,
  ...extra,
});
const N = int('N', 'number of workers', { min: 1 });
const S = int('s', 'straggler tolerance (0 ≤ s < N)', { min: 0 });
const SEED = int('seed', 'seed of the Philox construction stream (default: --seed, else 0)', {
  min: 0,
  fromOptions: 'seed',
});
const M_OPT = int('m', 'number of chunks (default N)', { min: 1, optional: true });
const GRAPH_CODE: ParamSpec = {
  name: 'code',
  type: 'enum',
  doc: 'incidence: machines = edges, chunks = vertices (Glasgow–Wootters); adjacency: B = adjacency/d (Raviv et al.)',
  choices: ['incidence', 'adjacency'],
  default: 'incidence',
};

const num = (v: ParamValue | undefined): number => v as number;
const opt = (v: ParamValue | undefined): number | undefined => v as number | undefined;
const str = <T extends string>(v: ParamValue | undefined): T => v as T;
const list = (v: ParamValue | undefined): readonly number[] => v as readonly number[];

/** A size whose construction costs about one operation per entry unless `ops` says otherwise. */
const sized = (N: number, m: number, entries: number, ops = entries): CodeSize => ({ N, m, entries, ops });

/** Cyclic window of a family with `s` (window s + 1) or `d`. */
const windowOf = (p: Readonly<Record<string, ParamValue>>): number => opt(p.d) ?? (opt(p.s) ?? 0) + 1;

/** CRC of N workers tolerating s: N windows, each an s×s solve and condition estimate (≈ (s+1)³ operations). */
const crcSize = (N: number, s: number): CodeSize => sized(N, N, N * (s + 1), N * (s + 1) ** 3);

function bibdFamily(
  id: string,
  summary: string,
  example: string,
  params: ParamSpec[],
  design: (p: Readonly<Record<string, ParamValue>>, ctx: BuildContext) => BlockDesign,
  size: CodeFamily['size'],
): CodeFamily {
  return {
    id,
    summary,
    citation: 'Kadhe, Koyluoglu, Ramchandran, ISIT 2019 (arXiv 1904.13373); designs as in approx-codes.md A.2',
    example,
    params,
    design,
    size,
    build: (p, ctx) => bibdCode(design(p, ctx), id, flatParams(p)),
  };
}

function graphFamily(
  id: string,
  summary: string,
  example: string,
  params: ParamSpec[],
  graph: (p: Readonly<Record<string, ParamValue>>) => Graph,
  shape: (p: Readonly<Record<string, ParamValue>>) => { vertices: number; edges: number },
): CodeFamily {
  return {
    id,
    summary,
    citation:
      'incidence: Glasgow & Wootters, JSAIT 2021 (arXiv 2006.09638) Def. II.2; adjacency: Raviv, Tamo, Tandon, Dimakis, ICML 2018',
    example,
    params: [...params, GRAPH_CODE],
    size: (p) => {
      const { vertices, edges } = shape(p);
      // incidence: machines = edges, chunks = vertices; adjacency: N = m = vertices. Each edge gives two entries.
      return p.code === 'adjacency'
        ? sized(vertices, vertices, 2 * edges, 2 * edges + vertices)
        : sized(edges, vertices, 2 * edges, 2 * edges + vertices);
    },
    build: (p) => {
      const g = graph(p);
      return p.code === 'adjacency'
        ? normalizedAdjacencyCode(g, flatParams(p), undefined, id)
        : graphIncidenceCode(g, flatParams(p), id);
    },
  };
}

/** Parameters as plain values for `meta.params` (nested codes by family id). */
function flatParams(p: Readonly<Record<string, ParamValue>>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'number' || typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = `[${v.join(',')}]`;
    else out[k] = (v as ResolvedCodeSpec).family;
  }
  return out;
}

/** Every code family, in the order `gradcode inspect --help` lists them. */
export const CODE_FAMILIES: readonly CodeFamily[] = [
  {
    id: 'tandon:example',
    summary: "Tandon et al.'s 3-worker example, B = [[½,1,0],[0,1,−1],[½,0,1]] (s = 1)",
    citation: 'Tandon et al., ICML 2017, Fig. 1',
    example: 'tandon:example',
    params: [],
    build: () => tandonExampleCode(),
    size: () => sized(3, 3, 6),
  },
  {
    id: 'frc',
    summary: 'fractional repetition code: N/(s+1) groups of s+1 workers holding the same s+1 chunks',
    citation: 'Tandon et al., ICML 2017, Fractional Repetition Scheme',
    example: 'frc:N=12,s=3',
    params: [
      N,
      S,
      {
        name: 'layout',
        type: 'enum',
        doc: 'consecutive: workers (s+1)a…(s+1)a+s replicate; interleaved: worker j holds group j mod N/(s+1)',
        choices: ['consecutive', 'interleaved'],
        default: 'consecutive',
      },
    ],
    build: (p) => fractionalRepetitionCode({ N: num(p.N), s: num(p.s), layout: str(p.layout) }),
    size: (p) => sized(num(p.N), num(p.N), num(p.N) * (num(p.s) + 1)),
  },
  {
    id: 'crc',
    summary: 'cyclic repetition code from a seeded Gaussian H; any N − s workers decode exactly',
    citation: 'Tandon et al., ICML 2017, Cyclic Repetition Scheme',
    example: 'crc:N=10,s=3,seed=1',
    params: [N, S, SEED],
    build: (p) => cyclicRepetitionCode({ N: num(p.N), s: num(p.s), seed: num(p.seed) }),
    size: (p) => crcSize(num(p.N), num(p.s)),
  },
  {
    id: 'cyclic',
    summary: 'plain cyclic 0/1 support: worker j holds chunks j … j+d−1 (d = s + 1); give s or d',
    citation: 'support of Tandon et al.’s CRC; cyclic assignment of Ramamoorthy et al., NeurIPS 2024',
    example: 'cyclic:N=10,s=2',
    params: [
      N,
      int('s', 'window s + 1', { min: 0, optional: true }),
      int('d', 'window (load) d', { min: 1, optional: true }),
    ],
    build: (p) => cyclicCode({ N: num(p.N), s: opt(p.s), d: opt(p.d) }),
    size: (p) => sized(num(p.N), num(p.N), num(p.N) * windowOf(p)),
  },
  {
    id: 'tandon-partial',
    summary: "Tandon et al.'s partial-straggler scheme: P − s − 1 private units plus s + 1 CRC-coded units per worker",
    citation: "Tandon et al., ICML 2017, partial stragglers (authors' partial_coded.py)",
    example: 'tandon-partial:N=10,s=2,P=20,seed=1',
    params: [N, S, int('P', 'pieces of workload per worker (≥ s + 1)', { min: 1 }), SEED],
    build: (p) => tandonPartialCode({ N: num(p.N), s: num(p.s), P: num(p.P), seed: num(p.seed) }),
    size: (p) => {
      const crc = crcSize(num(p.N), num(p.s));
      const entries = num(p.N) * num(p.P);
      return sized(num(p.N), num(p.N) * Math.max(1, num(p.P) - num(p.s)), entries, crc.ops + entries);
    },
  },
  {
    id: 'ye-abbe',
    summary: 'Ye–Abbe communication-efficient polynomial code: ℓ parts, d ≥ s + ℓ cyclic chunks per worker',
    citation: 'Ye & Abbe, ICML 2018 (arXiv 1802.03475), recursive polynomial construction',
    example: 'ye-abbe:N=8,s=2,parts=2,nodes=chebyshev',
    params: [
      N,
      S,
      int('parts', 'ℓ: parts per chunk gradient', { min: 1, default: 1 }),
      int('d', 'chunks per worker (default s + parts)', { min: 1, optional: true }),
      {
        name: 'nodes',
        type: 'enum',
        doc: 'evaluation nodes on [−1, 1]',
        choices: ['chebyshev', 'equispaced'],
        default: 'chebyshev',
      },
    ],
    build: (p) =>
      yeAbbeCode({ N: num(p.N), s: num(p.s), parts: num(p.parts), d: opt(p.d), nodes: str<YeAbbeNodeKind>(p.nodes) }),
    size: (p) => {
      const d = opt(p.d) ?? num(p.s) + num(p.parts);
      const entries = num(p.N) * d * num(p.parts);
      return sized(num(p.N), num(p.N), entries, entries * d);
    },
  },
  bibdFamily(
    'bibd:fano',
    'Fano plane PG(2,2), (7,3,1)',
    'bibd:fano',
    [],
    () => fanoPlane(),
    () => sized(7, 7, 21),
  ),
  bibdFamily(
    'bibd:pg2',
    'projective plane PG(2,q) from F_q³, q prime: (q²+q+1, q+1, 1)',
    'bibd:pg2:q=3',
    [int('q', 'prime order', { min: 2, max: 1000 })],
    (p) => projectivePlaneDesign(num(p.q)),
    (p) => {
      const v = num(p.q) ** 2 + num(p.q) + 1;
      return sized(v, v, v * (num(p.q) + 1), v * v);
    },
  ),
  bibdFamily(
    'bibd:ag2',
    'affine plane AG(2,q), q prime: (q², q²+q, q+1, q, 1); workers = points',
    'bibd:ag2:q=3',
    [int('q', 'prime order', { min: 2, max: 1000 })],
    (p) => affinePlaneDesign(num(p.q)),
    (p) => {
      const q = num(p.q);
      return sized(q * q, q * q + q, q * q * (q + 1), q * q * (q * q + q));
    },
  ),
  bibdFamily(
    'bibd:paley',
    'Paley design: quadratic residues mod a prime q ≡ 3 (mod 4): (q, (q−1)/2, (q−3)/4); q = 11 is the biplane',
    'bibd:paley:q=11',
    [int('q', 'prime ≡ 3 (mod 4), ≥ 7', { min: 7 })],
    (p) => paleyDesign(num(p.q)),
    (p) => sized(num(p.q), num(p.q), (num(p.q) * (num(p.q) - 1)) / 2, num(p.q) ** 2),
  ),
  bibdFamily(
    'bibd:difference-set',
    `symmetric design of a cyclic difference set mod n (tabulated n: ${Object.keys(DIFFERENCE_SET_TABLE).join(', ')}; or set=[…])`,
    'bibd:difference-set:n=11',
    [
      int('n', 'modulus = number of points', { min: 3 }),
      { name: 'set', type: 'int-list', doc: 'the difference set (default: tabulated for n)', optional: true },
    ],
    (p) => differenceSetDesign(num(p.n), p.set === undefined ? undefined : list(p.set)),
    (p) => {
      const k = p.set === undefined ? (DIFFERENCE_SET_TABLE[num(p.n)]?.set.length ?? num(p.n)) : list(p.set).length;
      return sized(num(p.n), num(p.n), num(p.n) * k, num(p.n) ** 2);
    },
  ),
  bibdFamily(
    'bibd:complement',
    'complementary design of another BIBD family: (v, b, b − r, v − k, b − 2r + λ)',
    'bibd:complement:fano',
    [{ name: 'of', type: 'code', doc: 'the design to complement (a bibd:* spec)', codePrefix: 'bibd:' }],
    (p, ctx) => complementDesign(designOf(p.of as ResolvedCodeSpec, ctx)),
    (p, ctx) => {
      const of = ctx.size(p.of as ResolvedCodeSpec);
      return of && sized(of.N, of.m, of.N * of.m - of.entries, of.ops + of.N * of.m);
    },
  ),
  graphFamily(
    'graph:petersen',
    'Petersen graph (10 vertices, 15 edges, 3-regular)',
    'graph:petersen',
    [],
    () => petersenGraph(),
    () => ({ vertices: 10, edges: 15 }),
  ),
  graphFamily(
    'graph:cycle',
    'cycle C_n',
    'graph:cycle:n=10',
    [int('n', 'vertices (≥ 3)', { min: 3 })],
    (p) => cycleGraph(num(p.n)),
    (p) => ({ vertices: num(p.n), edges: num(p.n) }),
  ),
  graphFamily(
    'graph:complete',
    'complete graph K_n',
    'graph:complete:n=6',
    [int('n', 'vertices (≥ 2)', { min: 2, max: 5000 })],
    (p) => completeGraph(num(p.n)),
    (p) => ({ vertices: num(p.n), edges: (num(p.n) * (num(p.n) - 1)) / 2 }),
  ),
  graphFamily(
    'graph:random-regular',
    'random simple d-regular graph (pairing model with rejection), seeded',
    'graph:random-regular:n=50,d=3,seed=1',
    [int('n', 'vertices', { min: 2 }), int('d', 'degree (n·d even, d < n)', { min: 1 }), SEED],
    (p) => randomRegularGraph(num(p.n), num(p.d), num(p.seed)),
    (p) => ({ vertices: num(p.n), edges: (num(p.n) * num(p.d)) / 2 }),
  ),
  graphFamily(
    'graph:margulis',
    'Margulis–Gabber–Galil 8-regular multigraph on Z_n × Z_n (n² vertices, 4n² edges)',
    'graph:margulis:n=5',
    [int('n', 'side length (n² vertices)', { min: 2, max: 2000 })],
    (p) => margulisGabberGalilGraph(num(p.n)),
    (p) => ({ vertices: num(p.n) ** 2, edges: 4 * num(p.n) ** 2 }),
  ),
  {
    id: 'random:bernoulli',
    summary: 'Bernoulli gradient code: entries i.i.d. Bernoulli(p) (give p or d = expected replication, p = d/N)',
    citation: 'Charles, Papailiopoulos, Ellenberg, arXiv 1711.06771 (BGC; reconstruction)',
    example: 'random:bernoulli:N=20,d=3,seed=1',
    params: [
      N,
      M_OPT,
      { name: 'p', type: 'number', doc: 'entry probability', min: 0, max: 1, optional: true },
      { name: 'd', type: 'number', doc: 'expected replication (p = d/N)', min: 0, optional: true },
      SEED,
    ],
    build: (p) => bernoulliCode({ N: num(p.N), m: opt(p.m), p: opt(p.p), d: opt(p.d), seed: num(p.seed) }),
    size: (p) => {
      const m = opt(p.m) ?? num(p.N);
      const prob = opt(p.p) ?? Math.min(1, (opt(p.d) ?? 0) / num(p.N));
      return sized(num(p.N), m, Math.ceil(prob * num(p.N) * m), num(p.N) * m);
    },
  },
  {
    id: 'random:column-regular',
    summary: 'each chunk on d distinct uniformly random workers',
    citation: 'reference variant for rBGC, Charles et al., arXiv 1711.06771 (not the paper’s trimming rule)',
    example: 'random:column-regular:N=20,d=3,seed=1',
    params: [N, M_OPT, int('d', 'holders per chunk', { min: 1 }), SEED],
    build: (p) => columnRegularCode({ N: num(p.N), m: opt(p.m), d: num(p.d), seed: num(p.seed) }),
    size: (p) => {
      const m = opt(p.m) ?? num(p.N);
      return sized(num(p.N), m, m * num(p.d), m * num(p.d) + num(p.N));
    },
  },
  {
    id: 'random:regular',
    summary: 'random regular bipartite assignment: every worker d chunks, every chunk N·d/m holders',
    citation: 'random biregular assignment (cf. Raviv et al., ICML 2018 reference code); sampler ours',
    example: 'random:regular:N=64,d=4,seed=1',
    params: [N, M_OPT, int('d', 'chunks per worker', { min: 1 }), SEED],
    build: (p) => randomRegularCode({ N: num(p.N), m: opt(p.m), d: num(p.d), seed: num(p.seed) }),
    size: (p) => {
      const m = opt(p.m) ?? num(p.N);
      return sized(num(p.N), m, num(p.N) * num(p.d), num(p.N) * num(p.d) + m);
    },
  },
  {
    id: 'sbc',
    summary: 'stochastic block code (reconstruction): r communities, within p, between q',
    citation: 'reconstruction of Charles & Papailiopoulos, arXiv 1805.10378',
    example: 'sbc:N=20,communities=4,p=0.8,q=0.05,seed=1',
    params: [
      N,
      int('communities', 'number of communities r (r | N)', { min: 1 }),
      { name: 'p', type: 'number', doc: 'within-community probability', min: 0, max: 1 },
      { name: 'q', type: 'number', doc: 'between-community probability', min: 0, max: 1 },
      SEED,
    ],
    build: (p) =>
      stochasticBlockCode({
        N: num(p.N),
        communities: num(p.communities),
        p: num(p.p),
        q: num(p.q),
        seed: num(p.seed),
      }),
    size: (p) => sized(num(p.N), num(p.N), num(p.N) ** 2, num(p.N) ** 2),
  },
  {
    id: 'heterogeneous',
    summary: 'Song–Choi heterogeneous-straggler code (Scheme I or II) for straggle probabilities p (--p)',
    citation: 'Song & Choi, NeurIPS 2025 (arXiv 2510.22539), Theorem 1 and Schemes I/II',
    example: 'heterogeneous:scheme=I,p=[0.1,0.2,0.3,0.4]',
    params: [
      { name: 'scheme', type: 'enum', doc: 'allocation scheme', choices: ['I', 'II'], default: 'I' },
      {
        name: 'p',
        type: 'number-list',
        doc: 'straggle probability per worker, each in (0, 1) (default: --p)',
        fromOptions: 'p',
      },
      int('m', 'number of chunks (≥ N − 1; default N)', { min: 1, optional: true }),
    ],
    build: (p) => heterogeneousCode({ p: list(p.p), m: opt(p.m), scheme: str<SongChoiScheme>(p.scheme) }),
    size: (p) => {
      const N = list(p.p).length;
      const m = opt(p.m) ?? N;
      return sized(N, m, N * m, N * m + N * Math.log2(N + 1));
    },
  },
  {
    id: 'nested',
    summary: 'nested code (reconstruction): levels of exact codes with tolerances s = [s₁, s₂, …], processed in turn',
    citation: 'reconstruction of Maßny et al., arXiv 2212.08580 (abstract only)',
    example: 'nested:N=12,s=[3,1],seed=1',
    params: [
      N,
      { name: 's', type: 'int-list', doc: 'tolerance of each level, in processing order', min: 0 },
      { name: 'base', type: 'enum', doc: 'code of each level', choices: ['crc', 'frc'], default: 'crc' },
      SEED,
    ],
    build: (p) => nestedCode({ N: num(p.N), s: list(p.s), base: str(p.base), seed: num(p.seed) }),
    size: (p) => {
      const levels = list(p.s).map((s) => crcSize(num(p.N), s));
      const sum = (f: (c: CodeSize) => number) => levels.reduce((t, c) => t + f(c), 0);
      return sized(
        num(p.N),
        num(p.N) * levels.length,
        sum((c) => c.entries),
        sum((c) => c.ops),
      );
    },
  },
  {
    id: 'product',
    summary: 'Kronecker product of two codes; compact form product:(A)x(B)',
    citation: 'Sakorikar & Wang, arXiv 2105.05231, product codes',
    example: 'product:(bibd:fano)x(bibd:fano)',
    params: [
      { name: 'left', type: 'code', doc: 'first factor B₁' },
      { name: 'right', type: 'code', doc: 'second factor B₂' },
    ],
    build: (p, ctx) =>
      kroneckerProduct(ctx.build(p.left as ResolvedCodeSpec, 'left'), ctx.build(p.right as ResolvedCodeSpec, 'right')),
    size: (p, ctx) => {
      const [a, b] = [ctx.size(p.left as ResolvedCodeSpec), ctx.size(p.right as ResolvedCodeSpec)];
      return a && b && sized(a.N * b.N, a.m * b.m, a.entries * b.entries, a.ops + b.ops + a.entries * b.entries);
    },
  },
  {
    id: 'sgc',
    summary:
      'stochastic gradient code: another code’s assignment with coefficients 1/(holders of the chunk), for the unbiased decoder',
    citation: 'Bitar, Wootters & El Rouayheb, IEEE JSAIT 2020 (stochastic gradient coding)',
    example: 'sgc:(bibd:fano)',
    params: [{ name: 'of', type: 'code', doc: 'the assignment (any ℓ = 1 code; its coefficients are ignored)' }],
    build: (p, ctx) => stochasticGradientCode(ctx.build(p.of as ResolvedCodeSpec, 'of')),
    // The assignment's own size: only the coefficients change.
    size: (p, ctx) => ctx.size(p.of as ResolvedCodeSpec),
  },
  {
    id: 'file',
    summary: 'custom code from a JSON (dense 2-D array or {support, coefficients}) or CSV file',
    citation: 'user file',
    example: 'file:path=code.json',
    params: [
      { name: 'path', type: 'string', doc: 'path of the .json or .csv file' },
      {
        name: 'transpose',
        type: 'enum',
        choices: ['true', 'false'],
        optional: true,
        doc: 'true: the dense matrix has rows = chunks, columns = workers (gradcode reads rows = workers)',
      },
    ],
    build: (p, ctx) => {
      const path = str(p.path);
      const file = isAbsolute(path) || !ctx.baseDir ? path : resolve(ctx.baseDir, path);
      try {
        return loadCodeFile(file, undefined, { transpose: p.transpose === 'true' });
      } catch (e) {
        // The loader names the file as the field; report it on the `path` parameter, naming the file.
        if (e instanceof InputError && e.field === file)
          throw new InputError('path', `${file}: ${e.message.slice(e.field.length + 2)}`);
        throw e;
      }
    },
    // Sizes of a custom file are known only once it is read: the parser checks them (src/codes/custom-file.ts).
    size: () => null,
  },
];

const BY_ID = new Map(CODE_FAMILIES.map((f) => [f.id, f]));

/** The family with this id, or undefined. */
export function findCodeFamily(id: string): CodeFamily | undefined {
  return BY_ID.get(id);
}

/** The block design of a resolved `bibd:*` spec (InputError on `of` otherwise). */
function designOf(spec: ResolvedCodeSpec, ctx: BuildContext): BlockDesign {
  const family = BY_ID.get(spec.family);
  if (!family?.design) throw new InputError('of', `${spec.family} is not a BIBD family`);
  return family.design(spec.params, ctx);
}

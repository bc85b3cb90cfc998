import { requireInput } from '../errors.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';
import { bernoulliWordThreshold, requireInteger, requireProbability, requireSeed } from './validate.js';

/** Parameters of the Bernoulli gradient code. Give exactly one of `p` and `d` (p = d/N). */
export interface BernoulliParams {
  readonly N: number;
  /** Chunks (default N). */
  readonly m?: number;
  readonly p?: number;
  /** Expected replication: p = d/N. */
  readonly d?: number;
  readonly seed?: number;
}

/**
 * Bernoulli gradient code (BGC) — Charles, Papailiopoulos, Ellenberg, "Approximate Gradient Coding via Sparse Random
 * Graphs", arXiv 1711.06771 (approx-codes.md D.2; the definition B[j][i] ~ Bernoulli(d/n) is recalled, so this is
 * labelled a reconstruction). Entries i.i.d. Bernoulli(p), drawn row-major from PhiloxStream(seed, construction) as
 * `word < floor(p·2³²)`; coefficients 1. Workers or chunks may end up empty.
 */
export function bernoulliCode(params: BernoulliParams): GradientCode {
  const { N } = params;
  const m = params.m ?? N;
  const seed = params.seed ?? 0;
  requireInteger(N, 'N', 1);
  requireInteger(m, 'm', 1);
  requireSeed(seed);
  requireInput((params.p === undefined) !== (params.d === undefined), 'p', 'give exactly one of p and d (p = d/N)');
  if (params.d !== undefined) {
    requireInput(params.d > 0 && params.d <= N, 'd', `must lie in (0, N = ${N}], got ${params.d}`);
  }
  const p = params.p ?? (params.d as number) / N;
  requireProbability(p, 'p');
  const threshold = bernoulliWordThreshold(p);
  const stream = new PhiloxStream(seed, Stream.construction);
  const rows: number[][] = [];
  for (let j = 0; j < N; j++) {
    const row: number[] = [];
    for (let i = 0; i < m; i++) if (stream.nextU32() < threshold) row.push(i);
    rows.push(row);
  }
  return codeFromRows({
    name: 'random:bernoulli',
    m,
    rows,
    meta: {
      family: 'Bernoulli gradient code (BGC)',
      params: { N, m, p, seed },
      citation:
        'Charles, Papailiopoulos, Ellenberg, "Approximate Gradient Coding via Sparse Random Graphs", arXiv 1711.06771 (BGC)',
      reconstruction: true,
    },
  });
}

/** Parameters of the column-regular random code. */
export interface ColumnRegularParams {
  readonly N: number;
  /** Chunks (default N). */
  readonly m?: number;
  /** Holders per chunk, 1 ≤ d ≤ N. */
  readonly d: number;
  readonly seed?: number;
}

/**
 * Column-regular random code: each chunk is placed on d distinct workers chosen uniformly at random (partial
 * Fisher–Yates from PhiloxStream(seed, construction), chunk by chunk); worker loads are random. Our reference variant
 * for the regularised BGC of Charles et al. (arXiv 1711.06771) — **not** the paper's rBGC, whose trimming rule was not
 * recovered (approx-codes.md D.2). Worker rows list chunks in increasing order.
 */
export function columnRegularCode(params: ColumnRegularParams): GradientCode {
  const { N, d } = params;
  const m = params.m ?? N;
  const seed = params.seed ?? 0;
  requireInteger(N, 'N', 1);
  requireInteger(m, 'm', 1);
  requireInteger(d, 'd', 1, N);
  requireSeed(seed);
  const stream = new PhiloxStream(seed, Stream.construction);
  const rows: number[][] = Array.from({ length: N }, () => []);
  const perm = new Int32Array(N);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < N; j++) perm[j] = j;
    for (let k = 0; k < d; k++) {
      const r = k + stream.integer(N - k);
      const t = perm[k];
      perm[k] = perm[r];
      perm[r] = t;
      rows[perm[k]].push(i);
    }
  }
  return codeFromRows({
    name: 'random:column-regular',
    m,
    rows,
    meta: {
      family: 'Column-regular random code',
      params: { N, m, d, seed },
      citation:
        "Reference variant for rBGC of Charles, Papailiopoulos, Ellenberg, arXiv 1711.06771 (approx-codes.md D.2; not the paper's trimming rule)",
      reconstruction: true,
    },
  });
}

/** Parameters of the random biregular assignment. */
export interface RandomRegularParams {
  /** Workers N. */
  readonly N: number;
  /** Chunks (default N); N·d/m must be an integer (the replication). */
  readonly m?: number;
  /** Load: chunks per worker. */
  readonly d: number;
  readonly seed?: number;
}

/**
 * Random regular bipartite assignment: every worker holds d chunks and every chunk has c = N·d/m holders (N = m: the
 * "regular class" of the chunk-ordering theory, e.g. the benchmark workload N = m = 64, d = 4). Sampled by the
 * bipartite pairing model with rejection (incremental, as for random regular graphs): shuffle the remaining chunk
 * stubs against the remaining worker stubs, keep pairs that do not repeat a (worker, chunk) edge, retry the rest, and
 * restart when no admissible pair is left. Seeded by PhiloxStream(seed, construction). Compare Raviv et al.'s random
 * d-biregular expander assignment (rashisht1/approx_gradient_coding, getBapprox version 1), which uses a different
 * sampler. Coefficients 1; rows list chunks in increasing order.
 */
export function randomRegularCode(params: RandomRegularParams): GradientCode {
  const { N, d } = params;
  const m = params.m ?? N;
  const seed = params.seed ?? 0;
  requireInteger(N, 'N', 1);
  requireInteger(m, 'm', 1);
  requireInteger(d, 'd', 1, m);
  requireInput((N * d) % m === 0, 'd', `N·d/m must be an integer (chunk replication), got ${N}·${d}/${m}`);
  requireSeed(seed);
  const c = (N * d) / m;
  requireInput(c <= N, 'd', `replication N·d/m = ${c} exceeds N = ${N}`);
  const stream = new PhiloxStream(seed, Stream.construction);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const rows = tryBipartitePairing(N, m, d, c, stream);
    if (rows) {
      for (const row of rows) row.sort((a, b) => a - b);
      return codeFromRows({
        name: 'random:regular',
        m,
        rows,
        meta: {
          family: 'Random regular bipartite assignment',
          params: { N, m, d, replication: c, seed },
          citation:
            'Random (d, N·d/m)-biregular assignment; cf. Raviv et al., ICML 2018 reference code (getBapprox, random biregular) — sampler ours',
          reconstruction: false,
        },
      });
    }
  }
  throw new Error(`internal error: no biregular assignment N = ${N}, m = ${m}, d = ${d} after 10000 restarts`);
}

function tryBipartitePairing(N: number, m: number, d: number, c: number, stream: PhiloxStream): number[][] | undefined {
  const has = new Set<number>();
  const rows: number[][] = Array.from({ length: N }, () => []);
  let workers = Int32Array.from({ length: N * d }, (_, t) => Math.floor(t / d));
  let chunks = Int32Array.from({ length: m * c }, (_, t) => Math.floor(t / c));
  while (workers.length > 0) {
    stream.shuffle(chunks);
    const leftW: number[] = [];
    const leftC: number[] = [];
    for (let t = 0; t < workers.length; t++) {
      const key = workers[t] * m + chunks[t];
      if (has.has(key)) {
        leftW.push(workers[t]);
        leftC.push(chunks[t]);
      } else {
        has.add(key);
        rows[workers[t]].push(chunks[t]);
      }
    }
    if (leftW.length === 0) return rows;
    let admissible = false;
    for (const w of new Set(leftW)) {
      for (const x of new Set(leftC)) {
        if (!has.has(w * m + x)) {
          admissible = true;
          break;
        }
      }
      if (admissible) break;
    }
    if (!admissible) return undefined;
    workers = Int32Array.from(leftW);
    chunks = Int32Array.from(leftC);
  }
  return rows;
}

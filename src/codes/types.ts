/**
 * The one typed representation of a gradient code used everywhere in gradcode.
 *
 * Vocabulary (DESIGN §2): N workers j ∈ [N], m chunks i ∈ [m]. Worker j holds the chunks in its support and sends, per
 * message, a linear combination of the ℓ blocks of those chunks' gradients. Papers name these differently (Tandon: n
 * workers, k partitions; Song & Choi: k workers, n partitions; Glasgow & Wootters: m machines, n blocks); constructions
 * translate into this convention.
 *
 * Storage is compressed sparse rows (CSR) over workers: worker j's entries are `offsets[j] .. offsets[j+1]-1` of
 * `chunks`, and each entry carries ℓ coefficients in `coefficients[entry * parts + p]` (block p of that chunk). For ℓ = 1
 * this is the encoding matrix B (N × m) of Tandon et al.: worker j sends Σ_i B[j,i] g_i. For ℓ > 1 (Ye & Abbe
 * communication-efficient codes) worker j's single message of length d/ℓ has coefficient B[j, i, p] on block p of g_i,
 * and the decoder must recover all ℓ block sums G^(p) = Σ_i g_i^(p).
 *
 * Chunk order within a worker's CSR row is the construction's natural processing order; orderings (src/ordering/)
 * are separate {@link ChunkOrder} values so one code can be simulated under many orders.
 */
export interface GradientCode {
  /** Family and construction name, e.g. `frc`, `crc`, `bibd:pg2`, `graph:petersen`. */
  readonly name: string;
  /** Number of workers (rows). */
  readonly N: number;
  /** Number of data chunks (columns). */
  readonly m: number;
  /** ℓ: number of parts each chunk gradient is split into; a message has length d/ℓ. */
  readonly parts: number;
  /** CSR row pointers, length N + 1. */
  readonly offsets: Int32Array;
  /** Chunk index of every stored entry, length nnz; within a row, distinct, in natural processing order. */
  readonly chunks: Int32Array;
  /** f64 coefficients, length nnz × parts (entry-major). */
  readonly coefficients: Float64Array;
  /** How exact recovery can be decided without least squares, when the construction guarantees it. */
  readonly recovery: RecoveryRule;
  /** Provenance and parameters. */
  readonly meta: CodeMeta;
}

/**
 * A structural shortcut for exact decodability of the `original` protocol (a set S of completed workers).
 * - `any-k`: any k completed workers decode exactly (CRC, cyclic MDS, Ye–Abbe with k = N − s).
 * - `groups`: workers are partitioned into groups holding identical data; decodable iff every group has a completed
 *   worker (FRC). `group[j]` is worker j's group.
 * - `least-squares`: no shortcut; decide by the rank-revealing least-squares decoder (residual ≤ tolerance).
 */
export type RecoveryRule =
  | { readonly kind: 'any-k'; readonly k: number }
  | { readonly kind: 'groups'; readonly group: Int32Array; readonly groups: number }
  | { readonly kind: 'least-squares' };

/** Metadata carried by every code. */
export interface CodeMeta {
  /** Human-readable family, e.g. "Fractional repetition code". */
  readonly family: string;
  /** The construction's parameters as given (after defaults), for provenance and output tables. */
  readonly params: Readonly<Record<string, number | string | boolean | readonly number[]>>;
  /** Paper and equation/section the construction implements. */
  readonly citation: string;
  /** True when the construction is our reconstruction rather than the paper's verified text. */
  readonly reconstruction: boolean;
  /** Straggler tolerance s for exact codes (any s stragglers tolerated), when the construction has one. */
  readonly stragglerTolerance?: number;
  /** Free-form notes (e.g. which parts of a paper could not be recovered). */
  readonly notes?: string;
  /** Code-specific extras needed by special decoders (BIBD λ and r, graph edge list, Song–Choi p and weights). */
  readonly extra?: CodeExtra;
}

/** Extras that enable closed-form or linear-time decoders. */
export type CodeExtra =
  | {
      readonly kind: 'bibd';
      readonly v: number;
      readonly b: number;
      readonly r: number;
      readonly k: number;
      readonly lambda: number;
    }
  | {
      readonly kind: 'graph';
      readonly vertices: number;
      readonly edges: Int32Array /* 2 × #edges, machine e = (edges[2e], edges[2e+1]) */;
    }
  | {
      readonly kind: 'heterogeneous';
      readonly p: Float64Array;
      readonly weights: Float64Array;
      readonly objective: number;
    }
  | {
      readonly kind: 'tandon-partial';
      readonly privateOffsets: Int32Array;
      readonly privateChunks: Int32Array;
      readonly pieces: number;
    }
  | {
      readonly kind: 'nested';
      readonly levels: readonly { readonly s: number; readonly chunkOffset: number; readonly chunks: number }[];
    };

/** A processing order: for each worker, its chunk indices (a permutation of its support) in processing order. */
export type ChunkOrder = readonly Int32Array[];

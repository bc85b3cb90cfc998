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
      /** Normalised-adjacency code (Raviv et al.): worker v holds v's neighbours, B = (1/degree)·adjacency. */
      readonly kind: 'graph-adjacency';
      readonly vertices: number;
      /** The regular degree d used for the 1/d normalisation. */
      readonly degree: number;
      /** 2 × #edges, as in 'graph' (a multigraph: parallel edges and loops may appear, e.g. Margulis). */
      readonly edges: Int32Array;
    }
  | {
      readonly kind: 'heterogeneous';
      /** Straggling probability p_i of worker i, in (0, 1). */
      readonly p: Float64Array;
      /** Unbiased decoding weights w_i = 1/(1 − p_i). */
      readonly weights: Float64Array;
      /** Optimal objective Σ_i δ_i Y_i² = m² / Σ_l δ_l⁻¹. */
      readonly objective: number;
      /** Closed-form row sums Y_i = m·δ_i⁻¹ / Σ_l δ_l⁻¹ (Song & Choi Thm 1). */
      readonly rowSums?: Float64Array;
      /** Which allocation built the support. */
      readonly scheme?: 'I' | 'II';
    }
  | {
      /**
       * Tandon's partial-straggler scheme. Worker j's CSR row lists its private (uncoded, coefficient 1) units first,
       * then its s + 1 coded units; the private ones are also listed here so the 'tandon-partial' protocol can send
       * them as message 1 and the coded ones (chunk index ≥ codedChunkOffset) as message 2.
       */
      readonly kind: 'tandon-partial';
      readonly privateOffsets: Int32Array;
      readonly privateChunks: Int32Array;
      /** P: pieces of workload per worker. */
      readonly pieces: number;
      /** First coded unit: chunks codedChunkOffset … codedChunkOffset + N − 1 form a CRC over N units. */
      readonly codedChunkOffset: number;
    }
  | {
      readonly kind: 'nested';
      readonly levels: readonly { readonly s: number; readonly chunkOffset: number; readonly chunks: number }[];
    }
  | {
      /** Ye & Abbe polynomial code: evaluation node α_j of worker j and the cyclic load d. */
      readonly kind: 'ye-abbe';
      readonly nodes: Float64Array;
      readonly chunksPerWorker: number;
    }
  | {
      /** Kronecker product B₁ ⊗ B₂: worker (i₁, i₂) = i₁·N₂ + i₂, chunk (j₁, j₂) = j₁·m₂ + j₂. */
      readonly kind: 'product';
      readonly factors: readonly [GradientCode, GradientCode];
    };

/** A processing order: for each worker, its chunk indices (a permutation of its support) in processing order. */
export type ChunkOrder = readonly Int32Array[];

import type { GradientCode } from '../codes/types.js';
import type { StreamingForm } from './streaming.js';

/** What the parameter server received, and side information some decoders need. */
export interface DecodeRequest {
  /** Length N; non-zero where worker j's message arrived (a non-straggler), zero for stragglers. */
  readonly survivors: Uint8Array;
  /**
   * Workers in the order their messages arrived (erasure: first arrival per group; ignore-stragglers: greedy scan
   * order). Entries that are stragglers are skipped; survivors not listed come after the listed ones, by index.
   * Default: survivors by index.
   */
  readonly arrivalOrder?: ArrayLike<number>;
  /** Per-worker straggling probabilities p_j (unbiased decoder); default: the code's `meta.extra.p`. */
  readonly p?: ArrayLike<number>;
  /**
   * Exactness threshold on the squared coefficient-space error ‖B_Sᵀw − 1‖² (summed over parts). Default
   * {@link DEFAULT_EXACT_TOLERANCE} · m · ℓ, i.e. relative to ‖1‖² = m·ℓ.
   */
  readonly tolerance?: number;
}

/** Relative exactness tolerance: decoding counts as exact when error ≤ this · m · ℓ. */
export const DEFAULT_EXACT_TOLERANCE = 1e-9;

/**
 * Output of every decoder, in the coefficient space of DESIGN §2.
 *
 * For ℓ = 1: w ∈ R^N (zero on stragglers), α = B_Sᵀw ∈ R^m and error ‖α − 1‖². For ℓ > 1 the PS estimates each
 * block sum G^(p) = Σ_i g_i^(p) with its own weights w^(p), so `weights` holds ℓ vectors and `alpha` ℓ vectors of
 * length m·ℓ (entry i·ℓ + q = coefficient on block q of chunk i in the estimate of G^(p)); the target of part p is
 * u_p = 1_m ⊗ e_p and error = Σ_p ‖α^(p) − u_p‖².
 */
export interface DecodeResult {
  /** The decoder's registry name. */
  readonly decoder: string;
  /** ℓ. */
  readonly parts: number;
  /** N · ℓ, part-major: `weights[p · N + j]`. Zero on stragglers. */
  readonly weights: Float64Array;
  /** ℓ · (m · ℓ), part-major: `alpha[p · m·ℓ + i · ℓ + q]`. */
  readonly alpha: Float64Array;
  /** Σ_p ‖α^(p) − u_p‖² (unnormalised). */
  readonly error: number;
  /** ‖α^(p) − u_p‖² for each part. */
  readonly errorPerPart: Float64Array;
  /** error / m (the normalisation used by `inspect`; approx-codes.md §1 e = err/K). */
  readonly normalizedError: number;
  /** error ≤ tolerance: the decoded gradient is exact up to roundoff. */
  readonly exact: boolean;
  /** The tolerance `exact` was judged against. */
  readonly tolerance: number;
  /** Least-squares decoders: numerical rank of B_Sᵀ. */
  readonly rank?: number;
  /** Least-squares decoders: the least-squares residual Σ_p min_w ‖B_Sᵀw − u_p‖². */
  readonly residual?: number;
}

/**
 * A decoder: how the parameter server weights the messages it received — in one batch (`decode`, the training plan,
 * `inspect`, the adversarial search) and one arrival at a time (`stream`, the trial engine's error curve on both
 * backends). The registry (src/decoders/registry.ts) lists every decoder by name.
 */
export interface Decoder {
  /** The registry name (`--decoder NAME`). */
  readonly name: string;
  /** One line for `--help` and tables. */
  readonly summary: string;
  /** Paper and equation the rule comes from. */
  readonly citation: string;
  /** Throws an InputError naming the parameter when the decoder cannot be applied to this code and request. */
  check(code: GradientCode, request?: DecodeRequest): void;
  /** Decodes one received set. Throws an InputError on unusable input. */
  decode(code: GradientCode, request: DecodeRequest): DecodeResult;
  /** The streaming form that draws this decoder's error curve in the trial engine (f64 twin and WGSL code). */
  readonly stream: StreamingForm;
  /** The result depends on the arrival order (`DecodeRequest.arrivalOrder`), not only on the received set. */
  readonly usesArrivalOrder?: boolean;
  /**
   * Outputs nothing (w = 0, error m·ℓ) unless the received set recovers the gradient exactly (least-squares residual
   * within tolerance): exact gradient coding. Searches over straggler sets score an undecodable set as m·ℓ.
   */
  readonly allOrNothing?: boolean;
  /** Needs per-worker straggling probabilities p_j (`DecodeRequest.p` or the code's `meta.extra.p`). */
  readonly needsProbabilities?: boolean;
  /** Weights the messages of each replication group (src/decoders/erasure.ts `replicationGroups`) as one. */
  readonly usesReplicationGroups?: boolean;
  /**
   * E[ĝ] = g when worker j straggles independently with probability p_j: the estimate Song & Choi's bounds assume
   * (core-gc.md §B.2).
   */
  readonly unbiasedEstimate?: boolean;
}

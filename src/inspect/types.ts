import type { ErrorSummary, StragglerSpec } from '../adversarial/straggler-statistics.js';
import type { AdversarialThreshold } from '../adversarial/threshold.js';
import type { CodeSpecInput } from '../codes/spec.js';
import type { ChunkOrder, GradientCode } from '../codes/types.js';

/**
 * What `inspectCode` inspects: a code spec (compact string such as `frc:N=12,s=3`, or the structured object of sweep
 * specs), a custom code file (`--matrix FILE`: JSON dense / sparse or CSV, see `loadCodeFile`), or an already built
 * code. A bare string is shorthand for `{ spec }`.
 */
export type InspectInput =
  | string
  | { readonly spec: CodeSpecInput }
  | { readonly matrix: string; readonly transpose?: boolean }
  | { readonly code: GradientCode };

/**
 * Options of `inspectCode` (the flags of `gradcode inspect`). InputErrors name the option by its key here
 * (`order`, `order[j]`, `parts`, `stragglers`, `decoder`, `seed`, `threshold`, `p`, `matrix`) or, for code
 * parameters, `code.<param>`; the CLI turns option keys into flags (`--order[3]`).
 */
export interface InspectOptions {
  /**
   * Processing order whose Qmax is reported: `natural` (default), `optimal` (Latin matching order for the regular
   * class; the local-search heuristic only with `heuristic`), `random:SEED`, a path to an order file (JSON array of
   * 0-based chunk indices per worker, in processing order), or an order given directly.
   */
  readonly order?: string | ChunkOrder;
  /** Allow the local-search heuristic when `order` is `optimal` and the assignment is outside the regular class. */
  readonly heuristic?: boolean;
  /**
   * ℓ for the ordering metrics (every chunk must reach ℓ copies; DESIGN §3). Default: the code's own ℓ. A code built
   * with ℓ > 1 (Ye–Abbe) only accepts its own ℓ; for ℓ = 1 codes a larger ℓ changes Qmax only — the error
   * statistics always use the code's own coefficients.
   */
  readonly parts?: number;
  /**
   * Straggler sets to evaluate: `exhaustive:S`, `random-s:S:TRIALS`, `random:P:TRIALS`, `adversarial:S`, or the
   * parsed form. Default {@link defaultStragglerSpec}.
   */
  readonly stragglers?: string | StragglerSpec;
  /** Decoder name (registry; default `optimal`). */
  readonly decoder?: string;
  /**
   * Seed (integer ≥ 0, default 0) for seeded constructions that do not name their own `seed`, the random straggler
   * models, the adversarial search restarts and the ordering heuristic.
   */
  readonly seed?: number;
  /** When given, also compute the adversarial threshold τ_ε = min{s : worst normalised error ≥ ε} for this ε > 0. */
  readonly threshold?: number;
  /** Per-worker straggle probabilities: the `heterogeneous` family's `p` (`--p`) and the `unbiased` decoder's. */
  readonly p?: readonly number[];
  /** Directory relative paths in code specs are resolved against. */
  readonly baseDir?: string;
}

/** Minimum, mean and maximum of a list of counts. */
export interface RangeSummary {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
}

/** How the processing order was obtained. */
export type OrderMethod = 'natural' | 'latin' | 'heuristic' | 'random' | 'file' | 'given';

/** The best order gradcode can give (`qmaxOptimal`). */
export interface OptimalQmax {
  /** Qmax_ℓ of that order. */
  readonly qmax: number;
  /** `latin`: δ perfect matchings, optimal for ℓ = 1 on the regular class; `heuristic`: local search (no guarantee). */
  readonly method: 'latin' | 'heuristic';
  /** Averaging lower bound on Qmax_ℓ over every order of this assignment. */
  readonly lowerBound: number;
  /** qmax equals the lower bound. */
  readonly provablyOptimal: boolean;
}

/** The evaluated straggler sets. */
export interface StragglerSummary {
  /** The model as a `--stragglers` string, e.g. `exhaustive:3`. */
  readonly spec: string;
  /** True when the model was chosen by default (no `stragglers` option). */
  readonly defaulted: boolean;
  /** Number of straggler sets evaluated (1 for `adversarial`). */
  readonly sets: number;
  /** Seed of the random models and of the adversarial search restarts. */
  readonly seed: number;
  /** A set attaining the largest error (for `adversarial`, the search's answer). */
  readonly worst: { readonly stragglers: number[]; readonly error: number; readonly normalized: number };
  /** `adversarial` with greedy + local search: the worst error is only a lower bound on the true worst case. */
  readonly lowerBound: boolean;
}

/**
 * The report of `gradcode inspect` (`--json` prints it as is). Errors are in coefficient space: ‖B_Sᵀw − 1‖²
 * summed over the code's parts (unnormalised), and the same divided by m (`…Normalized`).
 */
export interface InspectReport {
  /** Code name, e.g. `frc`, `bibd:pg2`, `graph:petersen`, `custom`. */
  readonly name: string;
  /** Human-readable family. */
  readonly family: string;
  /** The construction's parameters (after defaults). */
  readonly params: Readonly<Record<string, number | string | boolean | readonly number[]>>;
  /** Paper and section the construction implements. */
  readonly citation: string;
  /** True when the construction is our reconstruction rather than the paper's verified text. */
  readonly reconstruction: boolean;
  /** Construction notes, when any. */
  readonly notes?: string;
  /** Canonical compact spec (every parameter) when the code came from a spec; null for files and given codes. */
  readonly spec: string | null;
  /** The custom code file when the code came from `--matrix`. */
  readonly matrix?: string;
  /** Workers. */
  readonly N: number;
  /** Chunks. */
  readonly m: number;
  /** ℓ of the code's coefficients (used by the error statistics). */
  readonly codeParts: number;
  /** ℓ of the ordering metrics (`parts` option, default the code's ℓ). */
  readonly parts: number;
  /** Stored (worker, chunk) entries. */
  readonly supportSize: number;
  /** Chunks per worker δ_j: min / mean / max over workers. */
  readonly load: RangeSummary;
  /** Holders per chunk γ_i: min / mean / max over chunks. */
  readonly replication: RangeSummary;
  /** Every worker holds the same number of chunks and every chunk has the same number of holders. */
  readonly regular: boolean;
  /** δ when the code is in the regular class of the ordering theory (N = m, δ-regular), else null. */
  readonly regularDegree: number | null;
  /** The construction's straggler tolerance s, when it has one. */
  readonly stragglerTolerance: number | null;
  /** The structural exact-recovery rule. */
  readonly recovery:
    | { readonly kind: 'any-k'; readonly k: number }
    | { readonly kind: 'groups'; readonly groups: number }
    | { readonly kind: 'least-squares' };
  /** The processing order Qmax is reported for. */
  readonly order: { readonly spec: string; readonly method: OrderMethod };
  /** Qmax_ℓ of that order; null when some chunk has fewer than ℓ holders (no order ever gives it ℓ copies). */
  readonly qmax: number | null;
  /** Why `qmax` is null. */
  readonly qmaxNote?: string;
  /** Qmax of the Latin order (regular class) or else of the local-search heuristic, labelled; null as `qmax`. */
  readonly qmaxOptimal: OptimalQmax | null;
  /** Decoder of the error statistics. */
  readonly decoder: string;
  /** The straggler model and what it evaluated. */
  readonly stragglers: StragglerSummary;
  /** Error statistics over the straggler sets (min / mean / max / std, and each divided by m). */
  readonly error: ErrorSummary;
  /** Share of straggler sets with error ≤ `exactTolerance`. */
  readonly exactFraction: number;
  /** The exactness threshold on the unnormalised error (1e-9 · m · ℓ). */
  readonly exactTolerance: number;
  /** The adversarial threshold τ_ε, when `threshold` was given (`value` null: even s = N stays below ε). */
  readonly threshold?: {
    readonly epsilon: number;
    readonly value: number | null;
    /** `exact`: every s below τ was searched exhaustively; `upper`: a heuristic search was used, τ may be smaller. */
    readonly bound: AdversarialThreshold['bound'];
    readonly steps: AdversarialThreshold['steps'];
  };
  /** Song–Choi heterogeneous codes: the optimal objective Σ_i δ_i Y_i² = m² / Σ_l δ_l⁻¹, δ_l = p_l/(1 − p_l). */
  readonly objective?: number;
  /** Wall-clock milliseconds of the parts of the inspection. */
  readonly elapsedMs: { readonly stragglers: number; readonly threshold?: number; readonly total: number };
}

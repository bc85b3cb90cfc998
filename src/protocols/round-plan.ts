import type { GradientCode } from '../codes/types.js';
import { replicationGroups } from '../decoders/erasure.js';
import { type DecoderName, decoders, getDecoder } from '../decoders/registry.js';
import { DEFAULT_EXACT_TOLERANCE } from '../decoders/types.js';
import { ComplementLeastSquares } from './complement-least-squares.js';
import type { StopRule } from './stop-rules.js';
import { tandonParts } from './tandon-partial.js';

/** Arithmetic of a backend: the f64 CPU twins, the f32 WGSL kernels. */
export type Precision = 'f64' | 'f32';

/** Numerical tolerances of one precision. */
export interface RoundTolerances {
  /** Relative rank tolerance of the streaming Gram least squares: a row with d ≤ rank·‖b‖² is dependent. */
  readonly rank: number;
  /** Exactness threshold relative to ‖1‖² = m·ℓ: the least squares decodes exactly when its error is ≤ exact·m·ℓ. */
  readonly exact: number;
}

/**
 * The tolerances of each precision. f64: the batch decoders' exactness tolerance (DEFAULT_EXACT_TOLERANCE) and a rank
 * tolerance ten times tighter. f32: both 1e-4 — the squared Gram pivots of f32 least squares lose about
 * κ(B_S)²·2⁻²⁴ relative accuracy, so smaller thresholds flip on roundoff (src/decoders/gram-least-squares.ts).
 */
export const ROUND_TOLERANCES: Readonly<Record<Precision, RoundTolerances>> = {
  f64: { rank: 1e-10, exact: DEFAULT_EXACT_TOLERANCE },
  f32: { rank: 1e-4, exact: 1e-4 },
};

/**
 * The f32 kernel takes the final-set shortcut only where every pivot its streaming Gram decoder could meet
 * (ComplementLeastSquares.smallestPivot) clears its rank tolerance by this factor, so that both reach the same
 * full-rank answer. In f64 the bound holds for every qualifying code (smallestPivot ≥ 1/κ(G) ≥ 10⁻⁶ ≫ 10⁻⁹).
 */
export const COMPLEMENT_PIVOT_MARGIN = 10;

/** When the parameter server stops waiting in a training round (the `wait` key of a training spec). */
export type WaitChoice =
  | { readonly kind: 'exact' }
  | { readonly kind: 'all' }
  | { readonly kind: 'deadline'; readonly T: number }
  | { readonly kind: 'count'; readonly k: number }
  | { readonly kind: 'collect'; readonly k: number };

/** A protocol with its parameters as a spec gives them (DESIGN §2, §3). */
export type ProtocolChoice =
  | { readonly kind: 'partial'; readonly parts: number }
  | { readonly kind: 'original'; readonly decoder: string }
  | { readonly kind: 'tandon-partial' }
  | { readonly kind: 'erasure'; readonly collect: number };

/** Options of {@link planRound}. */
export interface RoundOptions {
  /** The trial engine evaluates the decoding error on a T grid (an error curve). Default false. */
  readonly errorCurve?: boolean;
  /**
   * Training: when the PS stops waiting (`original` protocol only). `exact` stops at the code's recovery rule as the
   * trial engine does. Without it the plan is a trial-engine round.
   */
  readonly wait?: WaitChoice;
}

/**
 * The rules of one round, resolved once into plain data: stored in a trial cell (and sent to worker threads with
 * it) or a training scheme, and rendered by the f64 CPU twin (src/trials/cpu-twin.ts), the f32 WGSL tables
 * (src/trials/gpu/trial-tables.ts) and the training plan (src/train/plan/decoding-plan.ts). Nothing else interprets
 * protocol or decoder names.
 */
export interface RoundPlan {
  readonly protocol: ProtocolChoice['kind'];
  /** ℓ: the `partial` protocol's results per chunk, else the code's own parts. */
  readonly parts: number;
  /** The decoder the spec chose for the received messages (`original` protocol and training), else null. */
  readonly decoder: DecoderName | null;
  /** When the round ends. */
  readonly stop: StopRule;
  /**
   * The registry decoder whose streaming form draws the error curve, or null (no T grid; `partial`, whose error is a
   * count of missing results). Usually the decoder itself; `graph` with a `least-squares` stop rule draws with the
   * optimal decoder's least squares, which gives the same error (Glasgow & Wootters' Lemma 22) in the completion's
   * own pass; `tandon-partial` decodes its coded part by least squares.
   */
  readonly curve: DecoderName | null;
  /**
   * Whether the round's optimal decoding is computed from the missing workers alone (ComplementLeastSquares), per
   * precision. Trial engine: the final-set shortcut of the least-squares error (`errorWithout`; f32 also needs the
   * pivot margin). Training: the complement form α = a₀ − B⁺c of the optimal decoder (`decode`).
   */
  readonly complement: Readonly<Record<Precision, boolean>>;
  readonly tolerances: Readonly<Record<Precision, RoundTolerances>>;
}

/** The stop rule of the code's recovery condition (the trial engine's completion time). */
function recoveryRule(code: GradientCode): StopRule {
  const { recovery } = code;
  if (recovery.kind === 'any-k') return { kind: 'any-k', k: recovery.k };
  if (recovery.kind === 'groups') return { kind: 'groups', group: recovery.group, groups: recovery.groups };
  return { kind: 'least-squares' };
}

/** ErasureHead's rule with the code's replication groups. */
function collectRule(code: GradientCode, k: number): StopRule {
  const group = replicationGroups(code);
  return { kind: 'collect-k', k, group, groups: Math.max(...group) + 1 };
}

function waitRule(code: GradientCode, wait: WaitChoice): StopRule {
  switch (wait.kind) {
    case 'exact':
      return recoveryRule(code);
    case 'all':
      return { kind: 'all' };
    case 'deadline':
      return { kind: 'deadline', T: wait.T };
    case 'count':
      return { kind: 'count', k: wait.k };
    case 'collect':
      return collectRule(code, wait.k);
  }
}

/**
 * Resolves the rules of a round of `protocol` on `code`: the stop rule, the error-curve decoder, whether the
 * complement shortcut applies and the tolerances of each precision. The decoder must be registered (checked against
 * the code by the caller, which knows the spec field).
 */
export function planRound(code: GradientCode, protocol: ProtocolChoice, options: RoundOptions = {}): RoundPlan {
  const errorCurve = options.errorCurve ?? false;
  const tolerances = ROUND_TOLERANCES;
  const none = { f64: false, f32: false };
  switch (protocol.kind) {
    case 'partial':
      return {
        protocol: 'partial',
        parts: protocol.parts,
        decoder: null,
        stop: { kind: 'per-chunk', parts: protocol.parts },
        curve: null,
        complement: none,
        tolerances,
      };
    case 'tandon-partial':
      return {
        protocol: 'tandon-partial',
        parts: code.parts,
        decoder: null,
        stop: { kind: 'private-and-any-k', k: tandonParts(code).k },
        curve: errorCurve ? 'optimal' : null,
        complement: none,
        tolerances,
      };
    case 'erasure':
      return {
        protocol: 'erasure',
        parts: code.parts,
        decoder: null,
        stop: collectRule(code, protocol.collect),
        curve: errorCurve ? 'erasure' : null,
        complement: none,
        tolerances,
      };
    case 'original': {
      const decoder = getDecoder(protocol.decoder).name as DecoderName;
      if (options.wait) {
        // Training decodes each received set in batch: the optimal decoder's α from the missing workers (ℓ = 1).
        const complement = decoder === 'optimal' && ComplementLeastSquares.forCode(code).projection !== null;
        return {
          protocol: 'original',
          parts: code.parts,
          decoder,
          stop: waitRule(code, options.wait),
          curve: null,
          complement: { f64: complement, f32: false },
          tolerances,
        };
      }
      const stop = recoveryRule(code);
      const stream = decoders[decoder].stream;
      // A least-squares stop rule streams the optimal error anyway; an optimal curve decoder reuses that pass.
      const curve = !errorCurve ? null : stop.kind === 'least-squares' && stream.optimal ? 'optimal' : decoder;
      const leastSquares =
        stop.kind === 'least-squares' || (curve !== null && decoders[curve].stream === decoders.optimal.stream);
      const form = leastSquares ? ComplementLeastSquares.forCode(code).gram : null;
      return {
        protocol: 'original',
        parts: code.parts,
        decoder,
        stop,
        curve,
        complement: {
          f64: form != null && form.smallestPivot >= COMPLEMENT_PIVOT_MARGIN * tolerances.f64.rank,
          f32: form != null && form.smallestPivot >= COMPLEMENT_PIVOT_MARGIN * tolerances.f32.rank,
        },
        tolerances,
      };
    }
  }
}

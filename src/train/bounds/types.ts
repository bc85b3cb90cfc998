/** The convergence bounds gradcode can check (issue 5). */
export const BOUND_NAMES = [
  'glasgow-wootters-vi1',
  'glasgow-wootters-vii2',
  'song-choi-strongly-convex',
  'song-choi-smooth',
  'erasurehead-pl',
] as const;
export type BoundName = (typeof BOUND_NAMES)[number];

/** Which per-iteration statistic a bound constrains. */
export type BoundMetric =
  /** E‖x_k − x*‖². */
  | 'distance'
  /** E[f(x_k) − f*]. */
  | 'gap'
  /** E[(1/T) Σ_{t<T} ‖∇f(x_t)‖²] at T = k. */
  | 'averageGradientNorm';

/** A bound evaluated at every iteration of a run (NaN where it says nothing), with its provenance. */
export interface BoundCurve {
  readonly name: BoundName;
  readonly title: string;
  /** `paper`: the printed statement (as transcribed in core-gc.md); `ours`: our derivation from the paper's model. */
  readonly derivation: 'paper' | 'ours';
  /** Paper, statement and how the constants were obtained. */
  readonly provenance: string;
  readonly metric: BoundMetric;
  /** False when an assumption of the statement does not hold for this scheme (then `values` is null). */
  readonly applies: boolean;
  readonly reason?: string;
  /** The constants plugged in. */
  readonly constants: Readonly<Record<string, number>>;
  /** Bound at iterations 0 … K (NaN where undefined). */
  readonly values: Float64Array | null;
}

/** A curve that does not apply, with the reason. */
export function notApplicable(
  name: BoundName,
  title: string,
  derivation: BoundCurve['derivation'],
  provenance: string,
  metric: BoundMetric,
  reason: string,
  constants: Record<string, number> = {},
): BoundCurve {
  return { name, title, derivation, provenance, metric, applies: false, reason, constants, values: null };
}

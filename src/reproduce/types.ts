import type { PlotSpec } from '../plots/types.js';

/**
 * Where a claim comes from, with the provenance tags of the research digests: [V] read in the paper, [V-code] the
 * authors' code, [V-bp] Glasgow–Wootters blueprint, [V-sum] third-party summary, [AI] AI-generated summary, [R]
 * recalled/reconstructed, [D] derived here, [C] computed here under a reconstruction, [X]/[U] not recovered.
 */
export interface ClaimSource {
  /** Authors, title, venue. */
  readonly paper: string;
  /** Figure, section or theorem, e.g. "abstract; Fig. 3b". */
  readonly where: string;
  /** Provenance tag(s) of the claim as stated, e.g. "[V] ratio; setting unknown". */
  readonly provenance: string;
  /** Digest section that records it, e.g. "research/partial-stragglers.md §5.4 T1". */
  readonly digest: string;
}

/**
 * One part of an entry's claim with its own checks. A sub-claim whose setting the sources do not give is
 * `untestable`: it gets no judged check, only measured values over a stated range, and the reason says what is missing.
 */
export interface SubClaim {
  /** Short id, unique within the entry, e.g. `faster`. */
  readonly id: string;
  /** The part of the claim, in the source's words where they are known. */
  readonly text: string;
  /** What the sources do not give that a verdict would need (the sub-claim is then UNTESTABLE). */
  readonly untestable?: string;
}

/** Outcome of one check: judged against a criterion, or informational (measured, not judged). */
export type CheckVerdict = 'PASS' | 'FAIL' | 'INFO';

/** Verdict of a sub-claim: its judged checks all pass, one fails, or the sources lack its setting. */
export type SubClaimVerdict = 'PASS' | 'FAIL' | 'UNTESTABLE';

/**
 * Verdict of an entry over its sub-claims: PASS (every testable sub-claim holds), FAIL (every testable sub-claim is
 * contradicted), PARTIAL (some hold, some are contradicted) or UNTESTABLE (no sub-claim can be tested).
 */
export type EntryVerdict = 'PASS' | 'FAIL' | 'PARTIAL' | 'UNTESTABLE';

/** What a run reports: the entry verdict, or INDICATIVE when a `--quick` run cannot promise the full run's verdict. */
export type ReportedVerdict = EntryVerdict | 'INDICATIVE';

/** How a check's value was obtained. */
export type CheckMethod = 'exact' | 'monte-carlo';

/** One measured quantity of an entry, with its interval and (unless informational) its criterion. */
export interface Check {
  /** The sub-claim it belongs to (its id). */
  readonly subclaim: string;
  /**
   * Stable key of the computation that produced it (e.g. `ratio-above-one`): the entry's falsifier for this kind feeds
   * the same computation a deliberately wrong input and must make it FAIL. Informational checks may leave it empty.
   */
  readonly kind: string;
  /** Short name, e.g. "ℓ = 1". */
  readonly name: string;
  /** What is measured, e.g. "E[T_original] / E[T_partial]". */
  readonly statistic: string;
  /** The measured value (NaN when not measurable). */
  readonly measured: number;
  /** Interval of the measured value at `level`; null for exact computations (enumeration, closed forms). */
  readonly ci: readonly [number, number] | null;
  /** Confidence level of `ci` (null for exact values). */
  readonly level: number | null;
  /** `exact` (deterministic: enumeration, closed form) or `monte-carlo` (judged at the family-wise level). */
  readonly method: CheckMethod;
  /** The pass criterion, decided before running; null for informational values. */
  readonly criterion: Criterion | null;
  readonly verdict: CheckVerdict;
  /**
   * Judged checks: true when the interval lies wholly on one side of the criterion (a larger run at the same seed
   * would keep the verdict up to the interval's error probability); false when it straddles a bound.
   */
  readonly resolved: boolean;
  /**
   * Why `--quick` measures a different statistic than the full run (fewer iterations of coded GD, a coarser grid), so
   * that a quick verdict on it is only indicative; null when quick and full measure the same statistic.
   */
  readonly quickCaveat: string | null;
  /** Why, in numbers (for FAIL: which bound is violated and by how much; for judged exact checks: the margin). */
  readonly reason: string;
}

/** A table for the report (markdown) and the JSON result. */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** A plot of the report: a Vega-Lite spec from src/plots, written as `<name>.svg` and `<name>.png`. */
export interface ReportPlot {
  readonly name: string;
  readonly caption: string;
  readonly spec: PlotSpec;
}

/** What an entry's run returns. */
export interface EntryOutcome {
  readonly checks: readonly Check[];
  readonly tables: readonly ReportTable[];
  readonly plots: readonly ReportPlot[];
  /** Remarks for the report (provenance caveats, where the claim does or does not hold). */
  readonly notes: readonly string[];
  /** Reasons why a `--quick` run of this entry is only indicative beyond its checks (e.g. an unresolved band edge). */
  readonly indicative?: readonly string[];
}

/**
 * A pass rule on one measured quantity, decided before running. A check passes only when its **whole** interval
 * satisfies the rule (an exact value counts as the interval [v, v]), so a PASS never rests on Monte-Carlo noise; an
 * estimate on the right side whose interval still crosses the bound is a FAIL that says "not resolved".
 */
export type Criterion =
  | { readonly kind: 'within'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'atLeast'; readonly value: number }
  | { readonly kind: 'greaterThan'; readonly value: number }
  | { readonly kind: 'atMost'; readonly value: number }
  | { readonly kind: 'lessThan'; readonly value: number }
  | { readonly kind: 'contains'; readonly value: number }
  /** Consistent with a value ≥ `value`: fails only when the whole interval lies below it (a lower bound the truth obeys). */
  | { readonly kind: 'reaches'; readonly value: number };

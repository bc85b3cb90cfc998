import type { PlotSpec } from '../plots/types.js';
import type { EntryContext } from './context.js';
import type { Criterion } from './verdict.js';

/**
 * Where a claim comes from, with the provenance tags of the research digests: [V] read in the paper, [V-code] the
 * authors' code, [V-bp] Glasgow–Wootters blueprint, [V-sum] third-party summary, [AI] AI-generated summary, [R]
 * recalled/reconstructed, [D] derived here, [C] computed here under a reconstruction.
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

/** Outcome of one check: judged against a criterion, informational, or not run (a missing dependency). */
export type CheckVerdict = 'PASS' | 'FAIL' | 'INFO' | 'NOT RUN';

/** One measured quantity of an entry, with its interval and (unless informational) its criterion. */
export interface Check {
  /** Short name, e.g. "ℓ = 1". */
  readonly name: string;
  /** What is measured, e.g. "E[T_original] / E[T_partial]". */
  readonly statistic: string;
  /** The measured value (NaN when not run). */
  readonly measured: number;
  /** 95% interval of the measured value; null for exact computations (exhaustive enumeration, closed forms). */
  readonly ci: readonly [number, number] | null;
  /** The pass criterion, decided before running; null for informational values. */
  readonly criterion: Criterion | null;
  readonly verdict: CheckVerdict;
  /** Why, in numbers (for FAIL: which bound is violated and by how much). */
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
}

/** One entry of the reproduce gallery: a published claim, the setting it is checked in, and how it is judged. */
export interface GalleryEntry {
  /** Id on the command line, e.g. `ramamoorthy2024-exact`; also the spec file `examples/reproduce/<id>.yaml`. */
  readonly id: string;
  readonly title: string;
  /** The claim, one sentence, as the source states it (or as our digest reconstructs it — then the tag says so). */
  readonly claim: string;
  readonly source: ClaimSource;
  /** The pass rule in words, fixed before running, with its justification. */
  readonly criterion: string;
  /** Trials per cell with `--quick` (the spec's counts are capped at this; same code paths). */
  readonly quickTrials: number;
  /** Runs the entry in a context. */
  run(context: EntryContext): Promise<EntryOutcome>;
}

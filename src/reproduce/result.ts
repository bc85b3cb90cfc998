import type { Check, ClaimSource, EntryVerdict, ReportedVerdict, ReportTable } from './types.js';
import type { SubClaimResult } from './verdict.js';

/** The intervals of a run: reported (informational) checks and judged Monte-Carlo checks. */
export interface ResultLevels {
  /** Level of informational intervals. */
  readonly reported: number;
  /** Level of each judged Monte-Carlo check (family-wise split). */
  readonly judged: number;
  /** Family-wise false-FAIL level of the gallery. */
  readonly family: number;
  /** Judged Monte-Carlo checks in the whole gallery (the Bonferroni divisor). */
  readonly galleryChecks: number;
}

/** What `gradcode reproduce ID` measured and decided (`--json` prints a summary; result.json holds all of it). */
export interface ReproduceResult {
  readonly id: string;
  readonly title: string;
  readonly claim: string;
  readonly source: ClaimSource;
  readonly criterion: string;
  /** The entry verdict; with `--quick`, INDICATIVE when the quick run cannot promise the full run's verdict. */
  readonly verdict: ReportedVerdict;
  /** The verdict the checks of this run give (equal to `verdict` unless INDICATIVE). */
  readonly measuredVerdict: EntryVerdict;
  /** One line: why (sub-claims held, contradicted with numbers, untestable with what is missing). */
  readonly reason: string;
  /** Why a quick run is only indicative (empty otherwise). */
  readonly indicative: readonly string[];
  readonly subclaims: readonly SubClaimResult[];
  /** Per judged check kind, the deliberately wrong input that makes it FAIL (test/reproduce/falsifiers.test.ts). */
  readonly falsifiers: readonly { readonly kind: string; readonly input: string }[];
  /** The primary check: the first failing judged one when a sub-claim fails, else the first judged one. */
  readonly statistic: string;
  readonly measured: number;
  readonly ci: readonly [number, number] | null;
  /** Level of `ci` (null: exact). */
  readonly level: number | null;
  readonly checks: readonly Check[];
  readonly tables: readonly ReportTable[];
  readonly notes: readonly string[];
  readonly quick: boolean;
  readonly levels: ResultLevels;
  /** Trials per cell (min and max over the spec's cells, after the quick cap). */
  readonly trials: { readonly min: number; readonly max: number; readonly cells: number };
  readonly spec: string;
  /** Trial backend used (null when the entry ran no trial cells). */
  readonly backend: string | null;
  readonly seconds: number;
  readonly outDir: string;
  /** Written files: the markdown report, result.json and plots by name and format. */
  readonly files: { readonly report: string; readonly json: string; readonly plots: Record<string, string[]> };
}

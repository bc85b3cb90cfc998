import type { EntryContext } from './context.js';
import type { Check, ClaimSource, EntryOutcome, SubClaim } from './types.js';

/**
 * A deliberately wrong input for one kind of judged check: the same computation the entry runs, fed an input that
 * makes the claim false (a perturbed allocation, a swapped comparison, a wrong closed form). The gallery's tests run
 * every falsifier and require every check of its kind to FAIL; a judged check kind without a falsifier is a test
 * failure ("every judged check can fail").
 */
export interface Falsifier {
  /** The check kind it must make FAIL. */
  readonly kind: string;
  /** The wrong input, in words. */
  readonly input: string;
  /** Runs the check on the wrong input, in a `--quick` context over the entry's own spec (CPU backend in tests). */
  run(context: EntryContext): Promise<readonly Check[]>;
}

/** One entry of the reproduce gallery: a published claim, the setting it is checked in, and how it is judged. */
export interface GalleryEntry {
  /** Id on the command line, e.g. `ramamoorthy2024-exact`; also the spec file `examples/reproduce/<id>.yaml`. */
  readonly id: string;
  readonly title: string;
  /** The claim, as the source states it (or as our digest reconstructs it — then the tag says so). */
  readonly claim: string;
  /** The claim split into parts, each judged (or declared untestable) on its own. */
  readonly subclaims: readonly SubClaim[];
  readonly source: ClaimSource;
  /** The pass rules in words, fixed before running, with their justification. */
  readonly criterion: string;
  /** Trials per cell with `--quick` (the spec's counts are capped at this; same code paths). */
  readonly quickTrials: number;
  /**
   * How many judged Monte-Carlo checks a run of this entry produces. The gallery splits its family-wise false-FAIL
   * level over the sum (Bonferroni), so this is fixed before running; a run producing more is an internal error.
   */
  readonly monteCarloChecks: number;
  /** One falsifier per judged check kind. */
  readonly falsifiers: readonly Falsifier[];
  /** Runs the entry in a context. */
  run(context: EntryContext): Promise<EntryOutcome>;
}

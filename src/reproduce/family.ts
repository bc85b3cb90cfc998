/**
 * Family-wise control of false FAILs across the gallery. Every judged Monte-Carlo check is judged on an interval at
 * level 1 − α/K, where α = {@link FAMILY_FALSE_FAIL} and K is the number of judged Monte-Carlo checks of the whole
 * gallery (the sum of the entries' declared counts, fixed before running). By Bonferroni, when every claim is true
 * the chance that any check of the gallery FAILs through Monte-Carlo noise alone is at most α — whatever the
 * correlation between checks (cells that share straggler draws are correlated). Exact checks (enumeration, closed
 * forms) carry no such error and are not counted.
 */

/** Level of informational (reported, not judged) intervals. */
export const REPORTED_LEVEL = 0.95;

/** Family-wise false-FAIL level of the gallery's Monte-Carlo checks. */
export const FAMILY_FALSE_FAIL = 0.01;

/** Level of each judged Monte-Carlo check when the gallery has `checks` of them. */
export function judgedLevel(checks: number): number {
  if (!(Number.isInteger(checks) && checks >= 1)) throw new RangeError(`need at least one check, got ${checks}`);
  return 1 - FAMILY_FALSE_FAIL / checks;
}

/**
 * The level of each of `count` intervals that must hold together at `level` (Bonferroni): a judged check built from
 * several estimates (a minimum over a grid, a ratio of two means) splits its own error probability over them.
 */
export function simultaneousLevel(level: number, count: number): number {
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`need at least one interval, got ${count}`);
  return 1 - (1 - level) / count;
}

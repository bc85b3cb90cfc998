import { fmt } from './numbers.js';
import type { Check, CheckVerdict } from './types.js';

/**
 * A pass rule on one measured quantity, decided before running. A check passes only when its **whole** 95% interval
 * satisfies the rule (an exact value counts as the interval [v, v]), so a PASS never rests on Monte-Carlo noise; an
 * estimate on the right side whose interval still crosses the bound is a FAIL that says "not resolved".
 */
export type Criterion =
  | { readonly kind: 'within'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'atLeast'; readonly value: number }
  | { readonly kind: 'greaterThan'; readonly value: number }
  | { readonly kind: 'atMost'; readonly value: number }
  | { readonly kind: 'lessThan'; readonly value: number }
  | { readonly kind: 'contains'; readonly value: number };

/** The rule in words, e.g. "95% CI within [1.5, 2.5]". */
export function describeCriterion(c: Criterion, exact = false): string {
  const what = exact ? 'value' : '95% CI';
  switch (c.kind) {
    case 'within': {
      const digits = Math.abs(c.hi - c.lo) < 1e-4 * Math.max(Math.abs(c.lo), Math.abs(c.hi)) ? 12 : 4;
      return `${what} within [${fmt(c.lo, digits)}, ${fmt(c.hi, digits)}]`;
    }
    case 'atLeast':
      return `${what} ≥ ${fmt(c.value)}`;
    case 'greaterThan':
      return `${what} > ${fmt(c.value)}`;
    case 'atMost':
      return `${what} ≤ ${fmt(c.value)}`;
    case 'lessThan':
      return `${what} < ${fmt(c.value)}`;
    case 'contains':
      return exact ? `value = ${fmt(c.value)}` : `95% CI contains ${fmt(c.value)}`;
  }
}

/** Whether every point of [lo, hi] satisfies the criterion. */
function holds(c: Criterion, lo: number, hi: number): boolean {
  switch (c.kind) {
    case 'within':
      return lo >= c.lo && hi <= c.hi;
    case 'atLeast':
      return lo >= c.value;
    case 'greaterThan':
      return lo > c.value;
    case 'atMost':
      return hi <= c.value;
    case 'lessThan':
      return hi < c.value;
    case 'contains':
      return lo <= c.value && c.value <= hi;
  }
}

/** The bound a value violates, with its distance, or null when the value satisfies the criterion. */
function violation(c: Criterion, x: number): string | null {
  const below = (v: number, strict: boolean) =>
    (strict ? x <= v : x < v)
      ? `${fmt(x)} is ${strict && x === v ? 'not above' : 'below'} ${fmt(v)}${x < v ? ` by ${fmt(v - x)}` : ''}`
      : null;
  const above = (v: number, strict: boolean) =>
    (strict ? x >= v : x > v)
      ? `${fmt(x)} is ${strict && x === v ? 'not below' : 'above'} ${fmt(v)}${x > v ? ` by ${fmt(x - v)}` : ''}`
      : null;
  switch (c.kind) {
    case 'within':
      return below(c.lo, false) ?? above(c.hi, false);
    case 'atLeast':
      return below(c.value, false);
    case 'greaterThan':
      return below(c.value, true);
    case 'atMost':
      return above(c.value, false);
    case 'lessThan':
      return above(c.value, true);
    case 'contains':
      return x === c.value ? null : `${fmt(x)} differs from ${fmt(c.value)} by ${fmt(Math.abs(x - c.value))}`;
  }
}

/**
 * Judges a measured value and its interval (null: exact) against a criterion, with the reason in numbers. FAIL
 * reasons distinguish "the estimate itself violates the rule" from "the estimate satisfies it but the interval
 * crosses the bound (not resolved at this trial count)".
 */
export function judge(
  measured: number,
  ci: readonly [number, number] | null,
  criterion: Criterion,
): { verdict: 'PASS' | 'FAIL'; reason: string } {
  const rule = describeCriterion(criterion, ci === null);
  if (Number.isNaN(measured) || (ci !== null && (Number.isNaN(ci[0]) || Number.isNaN(ci[1])))) {
    return {
      verdict: 'FAIL',
      reason: `not measurable (measured ${fmt(measured)}, interval ${ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : 'exact'}); rule: ${rule}`,
    };
  }
  const [lo, hi] = ci ?? [measured, measured];
  const interval = ci ? `95% CI [${fmt(lo)}, ${fmt(hi)}]` : `exact value ${fmt(measured)}`;
  if (holds(criterion, lo, hi)) return { verdict: 'PASS', reason: `${interval} satisfies: ${rule}` };
  if (criterion.kind === 'contains') {
    // Enough digits to show the excluded value outside the interval (4 digits can print both ends as the value).
    const v = criterion.value;
    const gap = Math.min(Math.abs(lo - v), Math.abs(hi - v));
    const digits = Math.min(15, Math.max(4, Math.ceil(Math.log10(Math.abs(v) / gap || 1)) + 2));
    const edge = lo > v ? `its lower end ${fmt(lo, digits)} is above` : `its upper end ${fmt(hi, digits)} is below`;
    return {
      verdict: 'FAIL',
      reason: `${interval} excludes ${fmt(v)}: ${edge} ${fmt(v, digits)} by ${fmt(gap)} (estimate ${violation(criterion, measured) ?? fmt(measured)})`,
    };
  }
  const own = violation(criterion, measured);
  if (own !== null || ci === null) {
    return { verdict: 'FAIL', reason: `measured ${own ?? fmt(measured)} (${interval}); rule: ${rule}` };
  }
  const edge = violation(criterion, lo) ?? violation(criterion, hi);
  return {
    verdict: 'FAIL',
    reason: `the estimate ${fmt(measured)} satisfies the rule but the ${interval} does not (${edge}): not resolved at this trial count; rule: ${rule}`,
  };
}

/** A judged check. */
export function judgedCheck(
  name: string,
  statistic: string,
  measured: number,
  ci: readonly [number, number] | null,
  criterion: Criterion,
): Check {
  return { name, statistic, measured, ci, criterion, ...judge(measured, ci, criterion) };
}

/** An informational value (reported, not judged). */
export function infoCheck(
  name: string,
  statistic: string,
  measured: number,
  ci: readonly [number, number] | null,
  note = '',
): Check {
  return { name, statistic, measured, ci, criterion: null, verdict: 'INFO', reason: note };
}

/** A check that could not run (a missing part of gradcode), saying exactly what is missing. */
export function notRunCheck(name: string, statistic: string, missing: string): Check {
  return { name, statistic, measured: Number.NaN, ci: null, criterion: null, verdict: 'NOT RUN', reason: missing };
}

/** Verdict of an entry: FAIL if any judged check fails; PASS if at least one passed and none failed; else NOT RUN. */
export function entryVerdict(checks: readonly Check[]): 'PASS' | 'FAIL' | 'NOT RUN' {
  const judged = checks.filter((c) => c.verdict === 'PASS' || c.verdict === 'FAIL');
  if (judged.some((c) => c.verdict === 'FAIL')) return 'FAIL';
  return judged.length > 0 ? 'PASS' : 'NOT RUN';
}

/** Checks that could not run. */
export function pendingChecks(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.verdict === ('NOT RUN' satisfies CheckVerdict));
}

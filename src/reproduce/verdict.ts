import { fmt } from './numbers.js';
import type { Check, Criterion, EntryVerdict, SubClaim, SubClaimVerdict } from './types.js';

/** How an interval is named in rules and reasons: "value" (exact), "95% CI", "99.98% CI". */
export function intervalName(level: number | null): string {
  if (level === null) return 'value';
  const pct = 100 * level;
  const digits = Math.max(0, Math.min(6, Math.ceil(-Math.log10(1 - level)) - 1));
  return `${Number(pct.toFixed(digits))}% CI`;
}

/** The rule in words, e.g. "95% CI within [1.5, 2.5]". */
export function describeCriterion(c: Criterion, level: number | null = 0.95): string {
  const what = intervalName(level);
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
      return level === null ? `value = ${fmt(c.value)}` : `${what} contains ${fmt(c.value)}`;
    case 'reaches':
      return level === null
        ? `value ≥ ${fmt(c.value)}`
        : `${what} reaches ${fmt(c.value)} (upper end ≥ ${fmt(c.value)})`;
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
    case 'reaches':
      return hi >= c.value;
  }
}

/** Whether no point of [lo, hi] satisfies the criterion (the interval lies wholly on the wrong side). */
function violatedEverywhere(c: Criterion, lo: number, hi: number): boolean {
  switch (c.kind) {
    case 'within':
      return hi < c.lo || lo > c.hi;
    case 'atLeast':
      return hi < c.value;
    case 'greaterThan':
      return hi <= c.value;
    case 'atMost':
      return lo > c.value;
    case 'lessThan':
      return lo >= c.value;
    case 'contains':
      return !(lo <= c.value && c.value <= hi);
    case 'reaches':
      return hi < c.value;
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
    case 'reaches':
      return x < c.value ? `${fmt(x)} is below ${fmt(c.value)} by ${fmt(c.value - x)}` : null;
  }
}

/** The margin of a passing exact value: how far it lies inside the rule, relative to the bound where that helps. */
function margin(c: Criterion, x: number): string {
  const rel = (v: number) => (v !== 0 && Number.isFinite(x) ? ` (${fmt(x / v)} of it)` : '');
  switch (c.kind) {
    case 'atMost':
    case 'lessThan':
      return `${fmt(c.value - x)} under the bound${rel(c.value)}`;
    case 'atLeast':
    case 'greaterThan':
      return `${fmt(x - c.value)} over the bound${rel(c.value)}`;
    case 'within':
      return `${fmt(Math.min(x - c.lo, c.hi - x))} inside the band`;
    case 'contains':
      return 'equal';
    case 'reaches':
      return `${fmt(x - c.value)} over the bound${rel(c.value)}`;
  }
}

/** A judgement: the verdict, whether the interval decided it on one side, and the reason in numbers. */
export interface Judgement {
  readonly verdict: 'PASS' | 'FAIL';
  readonly resolved: boolean;
  readonly reason: string;
}

/**
 * Judges a measured value and its interval at `level` (null interval: exact) against a criterion, with the reason in
 * numbers. FAIL reasons distinguish "the estimate itself violates the rule" from "the estimate satisfies it but the
 * interval crosses the bound (not resolved at this trial count)".
 */
export function judge(
  measured: number,
  ci: readonly [number, number] | null,
  criterion: Criterion,
  level: number | null = ci === null ? null : 0.95,
): Judgement {
  const rule = describeCriterion(criterion, ci === null ? null : level);
  if (Number.isNaN(measured) || (ci !== null && (Number.isNaN(ci[0]) || Number.isNaN(ci[1])))) {
    return {
      verdict: 'FAIL',
      resolved: false,
      reason: `not measurable (measured ${fmt(measured)}, interval ${ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : 'exact'}); rule: ${rule}`,
    };
  }
  const [lo, hi] = ci ?? [measured, measured];
  const interval = ci ? `${intervalName(level)} [${fmt(lo)}, ${fmt(hi)}]` : `exact value ${fmt(measured)}`;
  const resolved =
    criterion.kind === 'reaches'
      ? lo >= criterion.value || hi < criterion.value
      : holds(criterion, lo, hi) || violatedEverywhere(criterion, lo, hi);
  if (holds(criterion, lo, hi)) {
    return {
      verdict: 'PASS',
      resolved,
      reason: `${interval} satisfies: ${rule}${ci === null ? `; ${margin(criterion, measured)}` : ''}`,
    };
  }
  if (criterion.kind === 'contains' || criterion.kind === 'reaches') {
    // Enough digits to show the excluded value outside the interval (4 digits can print both ends as the value).
    const v = criterion.value;
    const gap = Math.min(Math.abs(lo - v), Math.abs(hi - v));
    const digits = Math.min(15, Math.max(4, Math.ceil(Math.log10(Math.abs(v) / gap || 1)) + 2));
    const edge = lo > v ? `its lower end ${fmt(lo, digits)} is above` : `its upper end ${fmt(hi, digits)} is below`;
    const what = criterion.kind === 'reaches' ? `lies wholly below ${fmt(v)}` : `excludes ${fmt(v)}`;
    return {
      verdict: 'FAIL',
      resolved,
      reason: `${interval} ${what}: ${edge} ${fmt(v, digits)} by ${fmt(gap)} (estimate ${violation(criterion, measured) ?? fmt(measured)})`,
    };
  }
  const own = violation(criterion, measured);
  if (own !== null || ci === null) {
    return { verdict: 'FAIL', resolved, reason: `measured ${own ?? fmt(measured)} (${interval}); rule: ${rule}` };
  }
  const edge = violation(criterion, lo) ?? violation(criterion, hi);
  return {
    verdict: 'FAIL',
    resolved,
    reason: `the estimate ${fmt(measured)} satisfies the rule but the ${interval} does not (${edge}): not resolved at this trial count; rule: ${rule}`,
  };
}

/** What names a check: its sub-claim, its kind (for falsifiers), name and statistic. */
export interface CheckMeta {
  readonly subclaim: string;
  readonly kind: string;
  readonly name: string;
  readonly statistic: string;
  /** Why `--quick` measures a different statistic than the full run (default: it measures the same). */
  readonly quickCaveat?: string;
}

/**
 * A judged check. `ci` is the interval at `level` (the family-wise level of the gallery for Monte-Carlo checks,
 * src/reproduce/family.ts); null for exact values.
 */
export function judgedCheck(
  meta: CheckMeta,
  measured: number,
  ci: readonly [number, number] | null,
  criterion: Criterion,
  level: number | null = null,
): Check {
  if (ci !== null && level === null)
    throw new Error(`internal error: ${meta.name}: a Monte-Carlo check needs its level`);
  const j = judge(measured, ci, criterion, ci === null ? null : level);
  return {
    subclaim: meta.subclaim,
    kind: meta.kind,
    name: meta.name,
    statistic: meta.statistic,
    measured,
    ci,
    level: ci === null ? null : level,
    method: ci === null ? 'exact' : 'monte-carlo',
    criterion,
    verdict: j.verdict,
    resolved: j.resolved,
    quickCaveat: meta.quickCaveat ?? null,
    reason: j.reason,
  };
}

/** An informational value (reported, not judged); `ci` at `level` (default 95%). */
export function infoCheck(
  meta: Omit<CheckMeta, 'kind'> & { readonly kind?: string },
  measured: number,
  ci: readonly [number, number] | null,
  note = '',
  level = 0.95,
): Check {
  return {
    subclaim: meta.subclaim,
    kind: meta.kind ?? '',
    name: meta.name,
    statistic: meta.statistic,
    measured,
    ci,
    level: ci === null ? null : level,
    method: ci === null ? 'exact' : 'monte-carlo',
    criterion: null,
    verdict: 'INFO',
    resolved: true,
    quickCaveat: meta.quickCaveat ?? null,
    reason: note,
  };
}

/** Checks that are judged (PASS or FAIL). */
export function judgedChecks(checks: readonly Check[]): Check[] {
  return checks.filter((c) => c.verdict !== 'INFO');
}

/** A sub-claim with its verdict and the reason in one line. */
export interface SubClaimResult {
  readonly id: string;
  readonly text: string;
  readonly verdict: SubClaimVerdict;
  readonly reason: string;
}

/**
 * Verdict of every sub-claim: UNTESTABLE when the sources lack its setting (then it must have no judged check); FAIL
 * when any of its judged checks fails (the reason names the first); PASS when all pass. A testable sub-claim without
 * a judged check, or a check naming an unknown sub-claim, is an internal error of the entry.
 */
export function subclaimResults(subclaims: readonly SubClaim[], checks: readonly Check[]): SubClaimResult[] {
  for (const c of checks) {
    if (!subclaims.some((s) => s.id === c.subclaim)) {
      throw new Error(`internal error: check "${c.name}" names unknown sub-claim "${c.subclaim}"`);
    }
  }
  return subclaims.map((s) => {
    const judged = judgedChecks(checks.filter((c) => c.subclaim === s.id));
    if (s.untestable !== undefined) {
      if (judged.length) throw new Error(`internal error: untestable sub-claim "${s.id}" has judged checks`);
      return { id: s.id, text: s.text, verdict: 'UNTESTABLE' as const, reason: s.untestable };
    }
    if (!judged.length) throw new Error(`internal error: sub-claim "${s.id}" has no judged check`);
    const failed = judged.filter((c) => c.verdict === 'FAIL');
    if (failed.length) {
      const more = failed.length > 1 ? `; ${failed.length - 1} more of ${judged.length} checks fail` : '';
      const c = failed[0];
      const interval = c.ci ? ` (${intervalName(c.level)} [${fmt(c.ci[0])}, ${fmt(c.ci[1])}])` : '';
      const rule = c.criterion ? `, needs ${describeCriterion(c.criterion, c.ci === null ? null : c.level)}` : '';
      return {
        id: s.id,
        text: s.text,
        verdict: 'FAIL' as const,
        reason: `${c.name}: ${fmt(c.measured)}${interval}${rule}${more}`,
      };
    }
    return {
      id: s.id,
      text: s.text,
      verdict: 'PASS' as const,
      reason: `${judged.length}/${judged.length} checks pass`,
    };
  });
}

/**
 * Entry verdict over its sub-claims: UNTESTABLE when none is testable; PASS when every testable one passes; FAIL
 * when every testable one fails; PARTIAL otherwise.
 */
export function entryVerdict(results: readonly SubClaimResult[]): EntryVerdict {
  const testable = results.filter((r) => r.verdict !== 'UNTESTABLE');
  if (!testable.length) return 'UNTESTABLE';
  const failed = testable.filter((r) => r.verdict === 'FAIL').length;
  if (failed === 0) return 'PASS';
  return failed === testable.length ? 'FAIL' : 'PARTIAL';
}

/**
 * One line that says why an entry got its verdict: which sub-claims hold, which are contradicted (with the first
 * failing check's numbers) and which cannot be tested (with what is missing).
 */
export function verdictReason(results: readonly SubClaimResult[]): string {
  const by = (v: SubClaimVerdict) => results.filter((r) => r.verdict === v);
  const parts: string[] = [];
  const held = by('PASS');
  const failed = by('FAIL');
  const untestable = by('UNTESTABLE');
  if (held.length) parts.push(`holds: ${held.map((r) => r.id).join(', ')}`);
  if (failed.length) parts.push(`contradicted: ${failed.map((r) => `${r.id} (${r.reason})`).join('; ')}`);
  if (untestable.length) parts.push(`untestable: ${untestable.map((r) => `${r.id} (${r.reason})`).join('; ')}`);
  return parts.join(' — ');
}

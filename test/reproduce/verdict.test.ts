import { describe, expect, it } from 'vitest';
import { judgedLevel, simultaneousLevel } from '../../src/reproduce/family.js';
import { fmt } from '../../src/reproduce/numbers.js';
import { quickIndicative } from '../../src/reproduce/quick.js';
import type { SubClaim } from '../../src/reproduce/types.js';
import {
  entryVerdict,
  infoCheck,
  intervalName,
  judge,
  judgedCheck,
  subclaimResults,
  verdictReason,
} from '../../src/reproduce/verdict.js';

describe('judge: a check passes only when its whole interval satisfies the criterion', () => {
  it('within: inside passes; an estimate outside fails with the violated bound and the distance', () => {
    expect(judge(2, [1.9, 2.1], { kind: 'within', lo: 1.5, hi: 2.5 }).verdict).toBe('PASS');
    const high = judge(2.9, [2.88, 2.92], { kind: 'within', lo: 1.5, hi: 2.5 });
    expect(high.verdict).toBe('FAIL');
    expect(high.reason).toContain('2.9 is above 2.5 by 0.4');
    expect(high.reason).toContain('[2.88, 2.92]');
    const low = judge(1.2, [1.1, 1.3], { kind: 'within', lo: 1.5, hi: 2.5 });
    expect(low.reason).toContain('1.2 is below 1.5 by 0.3');
  });

  it('an estimate on the right side whose interval crosses the bound is "not resolved"', () => {
    const r = judge(2.45, [2.4, 2.53], { kind: 'within', lo: 1.5, hi: 2.5 });
    expect(r.verdict).toBe('FAIL');
    expect(r.resolved).toBe(false);
    expect(r.reason).toContain('not resolved');
    expect(r.reason).toContain('2.53 is above 2.5 by 0.03');
    expect(judge(1.2, [0.9, 1.5], { kind: 'greaterThan', value: 1 }).reason).toContain('0.9 is below 1 by 0.1');
  });

  it('resolved: the interval wholly on one side of the rule, either way', () => {
    expect(judge(2, [1.9, 2.1], { kind: 'greaterThan', value: 1 }).resolved).toBe(true);
    expect(judge(0.5, [0.4, 0.6], { kind: 'greaterThan', value: 1 }).resolved).toBe(true);
    expect(judge(0.99, [0.9, 1.1], { kind: 'greaterThan', value: 1 }).resolved).toBe(false);
  });

  it('strict and non-strict bounds, exact values, contains, reaches, NaN', () => {
    expect(judge(1, null, { kind: 'atLeast', value: 1 }).verdict).toBe('PASS');
    expect(judge(1, null, { kind: 'greaterThan', value: 1 }).verdict).toBe('FAIL');
    expect(judge(1, null, { kind: 'greaterThan', value: 1 }).reason).toContain('1 is not above 1');
    expect(judge(3e-16, null, { kind: 'atMost', value: 1e-9 }).reason).toContain('under the bound');
    expect(judge(0.5, null, { kind: 'lessThan', value: 0.5 }).verdict).toBe('FAIL');
    expect(judge(0.01, [-0.02, 0.04], { kind: 'contains', value: 0 }).verdict).toBe('PASS');
    const miss = judge(0.1, [0.05, 0.15], { kind: 'contains', value: 0 });
    expect(miss.verdict).toBe('FAIL');
    expect(miss.reason).toContain('excludes 0');
    expect(judge(4, null, { kind: 'contains', value: 4 }).verdict).toBe('PASS');
    expect(judge(5, null, { kind: 'contains', value: 4 }).reason).toContain('5 differs from 4 by 1');
    // `reaches`: consistent with a lower bound unless the whole interval lies below it.
    expect(judge(0.9, [0.8, 1.1], { kind: 'reaches', value: 1 }).verdict).toBe('PASS');
    expect(judge(0.9, [0.8, 1.1], { kind: 'reaches', value: 1 }).resolved).toBe(false);
    expect(judge(1.2, [1.1, 1.3], { kind: 'reaches', value: 1 }).resolved).toBe(true);
    const below = judge(0.5, [0.4, 0.6], { kind: 'reaches', value: 1 });
    expect(below.verdict).toBe('FAIL');
    expect(below.reason).toContain('lies wholly below 1');
    expect(judge(Number.NaN, null, { kind: 'atLeast', value: 1 }).verdict).toBe('FAIL');
    expect(judge(2, [Number.NaN, Number.NaN], { kind: 'atLeast', value: 1 }).reason).toContain('not measurable');
    expect(judge(50, [10, Number.POSITIVE_INFINITY], { kind: 'atLeast', value: 100 }).reason).toContain(
      '50 is below 100 by 50',
    );
  });

  it('names intervals by their level', () => {
    expect(intervalName(0.95)).toBe('95% CI');
    expect(intervalName(1 - 0.01 / 30)).toBe('99.967% CI');
    expect(intervalName(null)).toBe('value');
    expect(judge(2, [1.9, 2.1], { kind: 'greaterThan', value: 1 }, 0.999).reason).toContain('99.9% CI');
  });

  it('formats numbers with 4 significant digits and plain exponents', () => {
    expect(fmt(2.90345)).toBe('2.903');
    expect(fmt(1e-9)).toBe('1e-9');
    expect(fmt(3.7012e-16)).toBe('3.701e-16');
    expect(fmt(2216.4)).toBe('2216');
    expect(fmt(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(fmt(0)).toBe('0');
  });
});

describe('family-wise level', () => {
  it('splits 1% over the gallery’s Monte-Carlo checks and a check’s share over its points (Bonferroni)', () => {
    expect(judgedLevel(1)).toBeCloseTo(0.99, 15);
    expect(judgedLevel(50)).toBeCloseTo(1 - 0.0002, 15);
    expect(simultaneousLevel(0.99, 4)).toBeCloseTo(0.9975, 15);
    expect(() => judgedLevel(0)).toThrow();
  });

  it('a Monte-Carlo check needs its level; an exact one has none', () => {
    const meta = { subclaim: 'a', kind: 'k', name: 'n', statistic: 's' };
    expect(() => judgedCheck(meta, 1, [0.9, 1.1], { kind: 'greaterThan', value: 0 })).toThrow(/level/);
    expect(judgedCheck(meta, 1, [0.9, 1.1], { kind: 'greaterThan', value: 0 }, 0.999).method).toBe('monte-carlo');
    const exact = judgedCheck(meta, 1, null, { kind: 'greaterThan', value: 0 });
    expect(exact.method).toBe('exact');
    expect(exact.level).toBeNull();
  });
});

describe('sub-claims and the four-valued verdict', () => {
  const subclaims: SubClaim[] = [
    { id: 'a', text: 'first' },
    { id: 'b', text: 'second' },
    { id: 'c', text: 'third', untestable: 'the setting is not recovered' },
  ];
  const pass = (subclaim: string) =>
    judgedCheck({ subclaim, kind: 'k', name: `${subclaim} ok`, statistic: 'x' }, 2, null, {
      kind: 'atLeast',
      value: 1,
    });
  const fail = (subclaim: string) =>
    judgedCheck({ subclaim, kind: 'k', name: `${subclaim} bad`, statistic: 'x' }, 0.5, null, {
      kind: 'atLeast',
      value: 1,
    });
  const info = (subclaim: string) => infoCheck({ subclaim, name: 'measured', statistic: 'x' }, 3, null);

  it('PASS when every testable sub-claim holds (untestable ones are named in the reason)', () => {
    const r = subclaimResults(subclaims, [pass('a'), pass('b'), info('c')]);
    expect(r.map((x) => x.verdict)).toEqual(['PASS', 'PASS', 'UNTESTABLE']);
    expect(entryVerdict(r)).toBe('PASS');
    expect(verdictReason(r)).toContain('untestable: c (the setting is not recovered)');
  });

  it('PARTIAL when some hold and some are contradicted, FAIL when none holds, UNTESTABLE when none is testable', () => {
    const partial = subclaimResults(subclaims, [pass('a'), fail('b'), pass('b')]);
    expect(partial[1].verdict).toBe('FAIL');
    expect(entryVerdict(partial)).toBe('PARTIAL');
    expect(verdictReason(partial)).toBe(
      'holds: a — contradicted: b (b bad: 0.5, needs value ≥ 1) — untestable: c (the setting is not recovered)',
    );
    expect(entryVerdict(subclaimResults(subclaims, [fail('a'), fail('b')]))).toBe('FAIL');
    const none: SubClaim[] = [{ id: 'x', text: 't', untestable: 'missing' }];
    expect(entryVerdict(subclaimResults(none, [info('x')]))).toBe('UNTESTABLE');
  });

  it('refuses inconsistent entries: a judged check on an untestable sub-claim, a testable one without checks', () => {
    expect(() => subclaimResults(subclaims, [pass('a'), pass('b'), pass('c')])).toThrow(/untestable/);
    expect(() => subclaimResults(subclaims, [pass('a')])).toThrow(/no judged check/);
    expect(() => subclaimResults(subclaims, [pass('a'), pass('b'), pass('z')])).toThrow(/unknown sub-claim/);
  });
});

describe('quick runs: indicative unless every judged check would keep its verdict', () => {
  const meta = { subclaim: 'a', kind: 'k', name: 'ratio', statistic: 'x' };
  it('an unresolved Monte-Carlo interval or a different quick statistic makes the run indicative', () => {
    const resolved = judgedCheck(meta, 2, [1.5, 2.5], { kind: 'greaterThan', value: 1 }, 0.999);
    const straddling = judgedCheck(meta, 1.1, [0.9, 1.3], { kind: 'greaterThan', value: 1 }, 0.999);
    const shorter = judgedCheck(
      { ...meta, quickCaveat: 'fewer iterations' },
      2,
      [1.5, 2.5],
      { kind: 'greaterThan', value: 1 },
      0.999,
    );
    const exact = judgedCheck(meta, 0.5, null, { kind: 'greaterThan', value: 1 });
    expect(quickIndicative([resolved, exact])).toEqual([]);
    expect(quickIndicative([straddling])[0]).toContain('straddles the criterion');
    expect(quickIndicative([shorter])).toEqual(['ratio: fewer iterations']);
    expect(quickIndicative([resolved], ['band edge'])).toEqual(['band edge']);
  });
});

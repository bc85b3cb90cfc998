import { describe, expect, it } from 'vitest';
import { fmt } from '../../src/reproduce/numbers.js';
import { entryVerdict, infoCheck, judge, judgedCheck, notRunCheck } from '../../src/reproduce/verdict.js';

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
    expect(r.reason).toContain('not resolved');
    expect(r.reason).toContain('2.53 is above 2.5 by 0.03');
    expect(judge(1.2, [0.9, 1.5], { kind: 'greaterThan', value: 1 }).reason).toContain('0.9 is below 1 by 0.1');
  });

  it('strict and non-strict bounds, exact values, contains, NaN', () => {
    expect(judge(1, null, { kind: 'atLeast', value: 1 }).verdict).toBe('PASS');
    expect(judge(1, null, { kind: 'greaterThan', value: 1 }).verdict).toBe('FAIL');
    expect(judge(1, null, { kind: 'greaterThan', value: 1 }).reason).toContain('1 is not above 1');
    expect(judge(3e-16, null, { kind: 'atMost', value: 1e-9 }).verdict).toBe('PASS');
    expect(judge(0.5, null, { kind: 'lessThan', value: 0.5 }).verdict).toBe('FAIL');
    expect(judge(0.01, [-0.02, 0.04], { kind: 'contains', value: 0 }).verdict).toBe('PASS');
    const miss = judge(0.1, [0.05, 0.15], { kind: 'contains', value: 0 });
    expect(miss.verdict).toBe('FAIL');
    expect(miss.reason).toContain('excludes 0');
    expect(judge(4, null, { kind: 'contains', value: 4 }).verdict).toBe('PASS');
    expect(judge(5, null, { kind: 'contains', value: 4 }).reason).toContain('5 differs from 4 by 1');
    expect(judge(Number.NaN, null, { kind: 'atLeast', value: 1 }).verdict).toBe('FAIL');
    expect(judge(2, [Number.NaN, Number.NaN], { kind: 'atLeast', value: 1 }).reason).toContain('not measurable');
    expect(judge(50, [10, Number.POSITIVE_INFINITY], { kind: 'atLeast', value: 100 }).reason).toContain(
      '50 is below 100 by 50',
    );
  });

  it('entry verdicts: any FAIL fails; NOT RUN checks do not count; none judged is NOT RUN', () => {
    const pass = judgedCheck('a', 'x', 2, [1.9, 2.1], { kind: 'within', lo: 1.5, hi: 2.5 });
    const fail = judgedCheck('b', 'x', 3, [2.9, 3.1], { kind: 'within', lo: 1.5, hi: 2.5 });
    const info = infoCheck('c', 'x', 1, null);
    const pending = notRunCheck('d', 'x', 'needs src/train');
    expect(entryVerdict([pass, info, pending])).toBe('PASS');
    expect(entryVerdict([pass, fail, pending])).toBe('FAIL');
    expect(entryVerdict([info, pending])).toBe('NOT RUN');
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

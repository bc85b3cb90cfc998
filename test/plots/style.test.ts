import { describe, expect, it } from 'vitest';
import { prepareLogRows } from '../../src/plots/data/log-rows.js';
import { roundSvgNumbers } from '../../src/plots/render/svg-numbers.js';
import { logAxis, MAX_LOG_TICKS, powerOfTenLabel } from '../../src/plots/style/log-axis.js';

describe('log axis', () => {
  it('widens to whole decades and ticks only powers of ten (no minor grid)', () => {
    const axis = logAxis([3e-5, 0.02, 0.7, 0, -1, Number.NaN]);
    expect(axis.domain).toEqual([1e-5, 1]);
    expect(axis.values).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    for (const k of [-5, -4, -3, -2, -1, 0]) expect(axis.labelExpr).toContain(`'${powerOfTenLabel(k)}'`);
  });

  it('labels powers of ten with superscript exponents', () => {
    expect(powerOfTenLabel(-12)).toBe('10⁻¹²');
    expect(powerOfTenLabel(3)).toBe('10³');
  });

  it('thins labels on very wide spans', () => {
    const axis = logAxis([1e-14, 1]);
    expect(axis.values.length).toBeLessThanOrEqual(MAX_LOG_TICKS);
    expect(axis.values[0]).toBe(1e-14);
    expect(axis.domain).toEqual([1e-14, 1]);
  });

  it('uses a 1-2-5 grid on spans under two decades, never a degenerate domain', () => {
    expect(logAxis([0.23, 0.61])).toMatchObject({ domain: [0.2, 1], values: [0.2, 0.5, 1] });
    expect(logAxis([0.5]).domain).toEqual([0.5, 1]);
    expect(logAxis([2, 40]).values).toEqual([2, 5, 10, 20, 50]);
  });

  it('needs a positive value', () => {
    expect(() => logAxis([0, -2])).toThrow(/positive/);
  });
});

describe('rows for a log axis', () => {
  it('drops non-positive means, reflects non-positive CI lows to mean²/hi, and leaves the input alone', () => {
    const rows = [
      { T: 1, mean: 0.5, lo: 0.4, hi: 0.6 },
      { T: 2, mean: 0.002, lo: -0.001, hi: 0.005 },
      { T: 3, mean: 0, lo: 0, hi: 0 },
      { T: 4, mean: 0.001, lo: Number.NaN, hi: 0.003 },
    ];
    const { rows: out, axis } = prepareLogRows(rows, { values: ['mean'], lower: ['lo'], upper: ['hi'] });
    // The t-interval [-0.001, 0.005] of the mean 0.002 cannot sit on a log axis: its lower end becomes 0.002²/0.005.
    expect(out[1]).toMatchObject({ T: 2, mean: 0.002, hi: 0.005 });
    expect(out[1].lo).toBeCloseTo(0.0008, 15);
    expect(axis.domain).toEqual([1e-4, 1]);
    expect(out[2]).toEqual({ T: 3, mean: null, lo: null, hi: null });
    expect(out[3].lo).toBeNull();
    expect(rows[1].lo).toBe(-0.001);
  });
});

describe('SVG number rounding', () => {
  it('rounds geometry attributes only', () => {
    const svg =
      '<path d="M0.123456,1e-7L-0.0004,4" fill="#D55E00" transform="translate(187.94850021680094,0)"/>' +
      '<text x="3.14159" font-family="DejaVu Sans">0.123456</text>';
    expect(roundSvgNumbers(svg)).toBe(
      '<path d="M0.123,0L0,4" fill="#D55E00" transform="translate(187.949,0)"/>' +
        '<text x="3.142" font-family="DejaVu Sans">0.123456</text>',
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  checkLimit,
  checkPlotPixels,
  formatBytes,
  formatLimitNumber,
  LIMITS,
  type LimitKey,
} from '../../src/limits/limits.js';
import { inputError } from '../helpers/input-error.js';
import { root } from '../sweep/cli-helpers.js';

describe('the limits table', () => {
  it('docs/limits.md lists every limit with its value, and nothing else', () => {
    const text = readFileSync(join(root, 'docs/limits.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `(\w+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)];
    const documented = Object.fromEntries(rows.map((m) => [m[1], { value: m[2].trim(), what: m[3].trim() }]));
    expect(Object.keys(documented).sort()).toEqual(Object.keys(LIMITS).sort());
    for (const [key, limit] of Object.entries(LIMITS)) {
      expect(documented[key].value, key).toBe(formatLimitNumber(limit.value));
      expect(documented[key].what, key).toBe(limit.what);
    }
  });

  it('refusals name the field, the number and the limit', () => {
    const e = inputError(() => checkLimit('cells', 125_000_000, 'sweep'));
    expect(e.field).toBe('sweep');
    expect(e.message).toBe(
      'sweep: the number of cells of the sweep is 125 000 000, above the limit of 100 000 (limits.cells)',
    );
    expect(() => checkLimit('cells', 100_000, 'sweep')).not.toThrow();
    expect(() => checkLimit('cells', Number.NaN, 'sweep')).toThrow(InputError);
    expect(inputError(() => checkLimit('timeScaleMin', 1e-40, 'x')).message).toMatch(
      /is 1e-40, below the limit of 1e-30/,
    );
    expect(() => checkLimit('timeScaleMin', 1e-30, 'x')).not.toThrow();
    for (const key of Object.keys(LIMITS) as LimitKey[]) expect(LIMITS[key].value).toBeGreaterThan(0);
  });

  it('formats numbers and byte counts for messages', () => {
    expect(formatLimitNumber(4_294_967_296)).toBe('4 294 967 296');
    expect(formatLimitNumber(1e30)).toBe('1e+30');
    expect(formatLimitNumber(1.5e-7)).toBe('1.5e-7');
    expect(formatLimitNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3200)).toBe('3.1 KiB');
    expect(formatBytes(8 * 2 ** 30)).toBe('8.0 GiB');
  });
});

describe('checkPlotPixels', () => {
  it('accepts publication sizes and refuses a 1000 × 1000 in figure at 300 dpi', () => {
    expect(() => checkPlotPixels(3.5, 2.6, 300)).not.toThrow();
    expect(() => checkPlotPixels(7, 3.2, 1200)).not.toThrow();
    expect(() => checkPlotPixels(8.5, 11, 600)).not.toThrow();
    const e = inputError(() => checkPlotPixels(1000, 1000, 300));
    expect(e.field).toBe('--size');
    expect(e.message).toMatch(/a side of the figure in inches is 1 000, above the limit of 100 \(limits\.plotInches\)/);
    const pixels = inputError(() => checkPlotPixels(40, 40, 600, 'plots[0].size'));
    expect(pixels.field).toBe('plots[0].size');
    expect(pixels.message).toMatch(
      /the pixel count of a 24 000 × 24 000 figure \(40 × 40 in at 600 dpi\) is 576 000 000, above the limit of 50 000 000 \(limits\.plotPixels\)/,
    );
    expect(() => checkPlotPixels(0, 3, 300)).toThrow(/not positive/);
    expect(() => checkPlotPixels(Number.NaN, 3, 300)).toThrow(InputError);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { checkedPlotFonts, DEFAULT_FONT_FAMILY, defaultPlotFonts } from '../../src/plots/fonts/font-files.js';
import { fontTextWidth, useFontTextMetrics } from '../../src/plots/fonts/text-metrics.js';

describe('plot fonts', () => {
  it('resolves the bundled DejaVu Sans TTFs from the package root', () => {
    const fonts = defaultPlotFonts();
    expect(fonts.family).toBe(DEFAULT_FONT_FAMILY);
    expect(fonts.regular).toBe(join(packageRoot(), 'assets', 'fonts', 'DejaVuSans.ttf'));
    expect(fonts.bold).toBe(join(packageRoot(), 'assets', 'fonts', 'DejaVuSans-Bold.ttf'));
    expect(existsSync(join(packageRoot(), 'assets', 'fonts', 'LICENSE-DejaVu.txt'))).toBe(true);
  });

  it('fails loudly on a missing file', () => {
    expect(() => checkedPlotFonts({ ...defaultPlotFonts(), regular: '/nonexistent/Font.ttf' })).toThrow(
      /plot font missing: regular face of "DejaVu Sans" not found at \/nonexistent\/Font\.ttf/,
    );
  });
});

describe('text metrics', () => {
  const width = fontTextWidth(defaultPlotFonts());

  it('measures real glyph advances (Vega alone would give 0.8 · length · size for every string)', () => {
    expect(width('MMMM', 10, false)).toBeGreaterThan(1.5 * width('iiii', 10, false));
    expect(width('Completion time', 10, true)).toBeGreaterThan(width('Completion time', 10, false));
    expect(width('Completion time', 20, false)).toBeCloseTo(2 * width('Completion time', 10, false), 6);
    // DejaVu Sans: 'M' advances 1767/2048 em.
    expect(width('M', 2048, false)).toBeCloseTo(1767, 6);
  });

  it('is what Vega lays text out with once installed', () => {
    useFontTextMetrics(defaultPlotFonts(), vega);
    const metrics = (vega as unknown as { textMetrics: { width: (item: object, text: string) => number } }).textMetrics;
    expect(metrics.width({ fontSize: 10 }, ' iiii ')).toBeCloseTo(width('iiii', 10, false), 9);
    expect(metrics.width({ fontSize: 10, fontWeight: 'bold' }, 'MM')).toBeCloseTo(width('MM', 10, true), 9);
    expect(metrics.width({ fontSize: 10, fontWeight: 700 }, 'MM')).toBeCloseTo(width('MM', 10, true), 9);
  });
});

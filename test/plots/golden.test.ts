/**
 * Golden-file test: every template's SVG is byte-identical to test/fixtures/plots/<name>.svg. After an intended
 * change to the style or a template, regenerate the fixtures and look at the diff:
 *   UPDATE_GOLDEN=1 npx vitest run test/plots/golden.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/plots/render/svg.js';
import type { PlotSpec } from '../../src/plots/types.js';
import { PLOT_EXAMPLES } from './examples.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'plots');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('plot templates render byte-identical SVG', () => {
  for (const example of PLOT_EXAMPLES) {
    it(example.name, async () => {
      const warnings: string[] = [];
      const svg = await renderSvg(example.spec(), { onWarning: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
      const path = join(FIXTURES, `${example.name}.svg`);
      if (UPDATE) {
        mkdirSync(FIXTURES, { recursive: true });
        writeFileSync(path, svg);
      }
      expect(existsSync(path), `missing fixture ${path}; run with UPDATE_GOLDEN=1`).toBe(true);
      expect(svg).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('renders the same spec twice in one process to the same bytes', async () => {
    const example = PLOT_EXAMPLES.find((e) => e.name === 'error-vs-time')!;
    expect(await renderSvg(example.spec())).toBe(await renderSvg(example.spec()));
  });

  it('restarts generated SVG ids (clip paths) for every render', async () => {
    // Vega numbers clip paths with a process-wide counter; without a reset the second render says clip2.
    const clipped: PlotSpec = {
      data: {
        values: [
          { x: 0, y: 1 },
          { x: 2, y: 5 },
        ],
      },
      mark: { type: 'line', clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] } },
        y: { field: 'y', type: 'quantitative' },
      },
    };
    const first = await renderSvg(clipped);
    const second = await renderSvg(clipped);
    expect(first).toMatch(/clip-path="url\(#clip1\)"/);
    expect(second).toBe(first);
  });
});

import { describe, expect, it } from 'vitest';
import { parsePlotFormats } from '../../src/plots/render/formats.js';
import { renderSvg } from '../../src/plots/render/svg.js';
import { plotTable } from '../../src/plots/templates/plot-table.js';
import { inputError } from '../helpers/input-error.js';
import { tableRows } from './examples.js';

describe('plotTable input errors name the flag', () => {
  const rows = tableRows();

  it.each([
    ['--x', { x: 'q', y: 'mean' }],
    ['--y', { x: 'p', y: 'mena' }],
    ['--color', { x: 'p', y: 'mean', color: 'codes' }],
    ['--facet', { x: 'p', y: 'mean', facet: 'N' }],
    ['--y-lo', { x: 'p', y: 'mean', yLo: 'lo', yHi: 'ci_hi' }],
  ])('unknown column for %s lists the available columns', (flag, opts) => {
    const e = inputError(() => plotTable({ rows, ...opts }));
    expect(e.field).toBe(flag);
    expect(e.message).toMatch(/unknown column "\w+"; available columns: code, p, mean, ci_lo, ci_hi, trials$/);
  });

  it('rejects a non-numeric y, half an interval, and unknown marks or interval styles', () => {
    expect(inputError(() => plotTable({ rows, x: 'p', y: 'code' })).message).toBe(
      '--y: column "code" must be numeric, found "cyclic MDS"',
    );
    expect(inputError(() => plotTable({ rows, x: 'p', y: 'mean', yLo: 'ci_lo' })).field).toBe('--y-hi');
    expect(inputError(() => plotTable({ rows, x: 'p', y: 'mean', mark: 'pie' })).field).toBe('--mark');
    expect(inputError(() => plotTable({ rows, x: 'p', y: 'mean', interval: 'whiskers' })).field).toBe('--interval');
    expect(inputError(() => plotTable({ rows: [], x: 'p', y: 'mean' })).field).toBe('rows');
  });

  it('uses ci_lo / ci_hi for y = mean when present, as a band under lines and as error bars under points', () => {
    const layers = (spec: object) => JSON.stringify((spec as { layer: unknown }).layer);
    const line = layers(plotTable({ rows, x: 'p', y: 'mean', color: 'code' }));
    expect(line).toContain('"type":"errorband"');
    expect(line).toContain('"y2":{"field":"ci_hi"}');
    const points = layers(plotTable({ rows, x: 'p', y: 'mean', mark: 'point' }));
    expect(points).toContain('"type":"errorbar"');
    const noCi = layers(plotTable({ rows, x: 'p', y: 'trials' }));
    expect(noCi).not.toMatch(/errorband|errorbar/);
  });

  it('plots a string x as bars by default, grouped by colour', async () => {
    const spec = plotTable({ rows, x: 'code', y: 'mean', color: 'p' });
    const json = JSON.stringify(spec);
    expect(json).toContain('"type":"bar"');
    expect(json).toContain('"xOffset":{"field":"p"');
    expect(await renderSvg(spec, { onWarning: (m) => expect.fail(m) })).toContain('cyclic MDS');
  });
});

describe('parsePlotFormats (--format)', () => {
  it('parses, normalises and de-duplicates', () => {
    expect(parsePlotFormats('svg, PNG,pdf,png')).toEqual(['svg', 'png', 'pdf']);
  });

  it('rejects unknown or empty lists on --format', () => {
    expect(inputError(() => parsePlotFormats('svg,jpg')).message).toBe(
      '--format: unknown format "jpg"; use any of svg, png, pdf',
    );
    expect(inputError(() => parsePlotFormats(' , ')).field).toBe('--format');
  });
});

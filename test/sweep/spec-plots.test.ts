import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { drawFigures } from '../../src/figures/draw.js';
import { specPlotJobs } from '../../src/figures/figure-jobs.js';
import { loadResultsView } from '../../src/figures/load-view.js';
import { trialPlotTables } from '../../src/figures/results-view.js';
import { resolveSpecPlots as resolveWith } from '../../src/figures/spec-plots.js';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { sweepAxes } from '../../src/store/tidy-rows.js';
import { inProcess, specs, tempDir } from './cli-helpers.js';

const dir = tempDir('spec-plots');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const axes = sweepAxes(loadSpecFile(join(specs, 'tiny.yaml')).cells);
const resolveSpecPlots = (plots: unknown[], a: typeof axes) => resolveWith(plots, trialPlotTables(a));

describe('resolveSpecPlots', () => {
  it('fills template defaults, names repeated templates apart, and knows the axis columns', () => {
    const plots = resolveSpecPlots(
      [
        { template: 'error-vs-time' },
        { template: 'error-vs-time', facet: 'axis.code', formats: ['svg', 'svg', 'pdf'] },
        { template: 'completion-time', name: 'bars' },
        { template: 'table', table: 'curve', x: 'T', y: 'decodable', color: 'scheme', logX: true },
        { template: 'completion-cdf', step: true },
        { template: 'code-comparison', x: 'axis.code', color: 'protocol' },
      ],
      axes,
    );
    expect(plots.map((p) => p.name)).toEqual([
      'error-vs-time',
      'error-vs-time-2',
      'bars',
      'table',
      'completion-cdf',
      'code-comparison',
    ]);
    expect(plots[0].settings).toMatchObject({ table: 'curve', x: 'T', y: 'error_mean', logY: true });
    expect(plots[0].formats).toEqual(['svg', 'png']);
    expect(plots[1].formats).toEqual(['svg', 'pdf']);
    expect(plots[2].settings).toMatchObject({ table: 'cells', x: 'scheme', y: 'completion_mean', mark: 'bar' });
    expect(plots[3].settings).toMatchObject({ table: 'curve', y: 'decodable', logX: true });
    expect(plots[4].settings).toMatchObject({
      table: 'curve',
      x: 'T',
      y: 'decodable',
      yLo: 'decodable_ci_lo',
      interpolate: 'step-after',
    });
    expect(plots[5].settings).toMatchObject({
      table: 'cells',
      x: 'axis.code',
      y: 'completion_mean',
      color: 'protocol',
    });
  });

  it('names the bad field of a bad entry', () => {
    const field = (plots: unknown[]) => {
      try {
        resolveSpecPlots(plots, axes);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as InputError).field;
      }
      return 'accepted';
    };
    expect(field([{ template: 'error-vs-time', facet: 'axis.code.N' }])).toBe('plots[0].facet');
    expect(field([{ template: 'completion-time' }, { template: 'table', x: 'T', y: 'trials' }])).toBe('plots[1].y');
    expect(field([{ template: 'error-vs-time', yLo: 'error_ci_lo' }])).toBe('plots[0].yHi');
    expect(field([{ template: 'table', x: 'scheme', y: 'trials', name: '../up' }])).toBe('plots[0].name');
    expect(field(['error-vs-time'])).toBe('plots[0]');
  });
});

describe('run draws the spec plots', () => {
  it('writes DIR/plots/<name>.svg and .png from the stored tables and prints where they are', async () => {
    const out = join(dir, 'tiny');
    const r = await inProcess(
      'run',
      join(specs, 'tiny.yaml'),
      '--backend',
      'cpu',
      '--trials',
      '600',
      '--out',
      out,
      '--progress',
      'none',
    );
    expect(r.code, r.stderr).toBe(0);
    const svg = join(out, 'plots', 'error-vs-time.svg');
    const png = join(out, 'plots', 'error-vs-time.png');
    expect(r.stdout).toContain(resolve(svg)); // paths are printed absolute
    // The entry colours nothing by default: the layout adds what separates the cells, and says so.
    expect(r.stdout).toContain('added color = label, column = axis_code');
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    for (const scheme of ['partial optimal', 'partial random', 'original']) expect(text).toContain(scheme);

    // Every sweep-table template renders from these tables with its defaults.
    const plots = resolveSpecPlots(
      [
        { template: 'completion-time', x: 'axis.code', color: 'scheme', formats: ['svg'] },
        { template: 'completion-cdf', formats: ['svg'] },
        { template: 'code-comparison', x: 'protocol', color: 'axis.code', mark: 'point', formats: ['svg'] },
        { template: 'ordering-comparison', x: 'axis.code', formats: ['svg'] },
        { template: 'table', table: 'curve', x: 'T', y: 'decodable', color: 'scheme', facet: 'code', formats: ['svg'] },
      ],
      axes,
    );
    const drawn = await drawFigures(specPlotJobs(await loadResultsView(out), plots), join(dir, 'more', 'plots'));
    const written = drawn.flatMap((d) => d.files);
    expect(written.map((p) => p.slice(join(dir, 'more', 'plots').length + 1))).toEqual([
      'completion-time.svg',
      'completion-cdf.svg',
      'code-comparison.svg',
      'ordering-comparison.svg',
      'table.svg',
    ]);
    for (const p of written) expect(readFileSync(p, 'utf8').startsWith('<svg')).toBe(true);
  }, 60_000);
});

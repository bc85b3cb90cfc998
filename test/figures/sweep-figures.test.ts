/**
 * From a sweep to a paper figure (issue 14): a 3-axis sweep run with no plot settings gets figures where every cell is
 * its own mark, with human axis titles; each sweep axis can be mapped to x, colour and facet in turn; the stacked-bar
 * and sawtooth merges of multi-axis sweeps are refused on the command line and completed in spec plots.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NAMING, resolveFigure } from '../../src/figures/figure-request.js';
import { loadResultsView } from '../../src/figures/load-view.js';
import type { ResultsView } from '../../src/figures/results-view.js';
import { grammarFigure } from '../../src/plots/grammar/figure.js';
import { renderSvg } from '../../src/plots/render/svg.js';
import { countMarks, svgTexts } from '../helpers/svg-marks.js';
import { inProcess, specs, tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('sweep-figures');
const out = join(dir, 'three');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let view: ResultsView;
beforeAll(async () => {
  const r = await inProcess(
    'run',
    join(specs, 'three-axes.yaml'),
    ...['--backend', 'cpu', '--out', out, '--progress', 'none'],
  );
  expect(r.code, r.stderr).toBe(0);
  view = await loadResultsView(out);
}, 60_000);

const AXES = ['axis_code', 'axis_protocol', 'stragglers_slow_factor'] as const;

describe('a 3-axis sweep with no plot settings', () => {
  it('gets a completion-time and an error-vs-time figure with one mark per cell and human titles', () => {
    const files = readdirSync(join(out, 'plots')).sort();
    expect(files).toEqual(['completion-time.png', 'completion-time.svg', 'error-vs-time.png', 'error-vs-time.svg']);
    const bars = readFileSync(join(out, 'plots', 'completion-time.svg'), 'utf8');
    // 8 cells → 8 bars (layer 0), each with its own error bar; no stacking.
    expect(countMarks(bars, 'rect', /^(child_)?layer_0_marks$/)).toBe(8);
    const texts = svgTexts(bars);
    expect(texts).toContain('Completion time (chunk-time units)');
    expect(texts).toContain('Code');
    expect(texts).toContain('Protocol');
    expect(texts.some((t) => t.startsWith('Slowdown factor of slow workers ='))).toBe(true);
    for (const raw of ['completion_mean', 'axis_code', 'axis_protocol', 'stragglers_slow_factor'])
      expect(texts).not.toContain(raw);

    const curves = readFileSync(join(out, 'plots', 'error-vs-time.svg'), 'utf8');
    // One line and one band per cell, across a 2 × 2 grid of panels.
    expect(countMarks(curves, 'line')).toBe(8);
    expect(countMarks(curves, 'area')).toBe(8);
    const curveTexts = svgTexts(curves);
    expect(curveTexts).toContain('Time T (chunk-time units)');
    expect(curveTexts.some((t) => t.startsWith('Decoding error'))).toBe(true);
  });

  it('maps each sweep axis to x, colour and facet in turn, always one mark per cell', async () => {
    const permutations = AXES.flatMap((x) =>
      AXES.filter((c) => c !== x).map((color) => [x, color, AXES.find((f) => f !== x && f !== color)!] as const),
    );
    expect(permutations.length).toBe(6);
    for (const [x, color, facet] of permutations) {
      const request = resolveFigure(view, { x, y: 'completion_mean', color, facet, size: 'page' }, CLI_NAMING);
      const { spec, rows } = grammarFigure(request);
      expect(rows, `${x}/${color}/${facet}`).toBe(8);
      const svg = await renderSvg(spec, { onWarning: () => {} });
      const numericX = x === 'stragglers_slow_factor';
      // Points on lines over a numeric x; bars over a categorical one: 8 marks either way.
      if (numericX) expect(countMarks(svg, 'symbol'), `${x}/${color}/${facet}`).toBe(8);
      else expect(countMarks(svg, 'rect', /^(child_)?layer_0_marks$/), `${x}/${color}/${facet}`).toBe(8);
    }
  });

  it('refuses the stacked bar: completion time per scheme over a multi-axis sweep', async () => {
    const r = await inProcess('plot', out, '--x', 'scheme', '--y', 'completion_mean', '--format', 'svg');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('leave up to 2 rows per mark');
    expect(r.stderr).toContain('stragglers_slow_factor (2, 8)');
    expect(r.stderr).toContain('--where stragglers_slow_factor=2');
    expect(r.stderr).toContain('--aggregate mean');
    expect(readdirSync(join(out, 'plots')).some((f) => f.startsWith('completion_mean-vs-scheme'))).toBe(false);
  });

  it('refuses the sawtooth: an error curve coloured by protocol only', async () => {
    const r = await inProcess('plot', out, '--x', 'T', '--y', 'error_mean', '--color', 'protocol');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('leave up to 4 rows per mark');
    expect(r.stderr).toMatch(/axis_code \(crc:N=8,s=2, random:regular:N=8,d=3,seed=1\); stragglers_slow_factor/);
  });

  it('completes a spec entry that leaves axes unmapped instead of merging', async () => {
    const dirView = view;
    const { specPlotJobs } = await import('../../src/figures/figure-jobs.js');
    const { resolveSpecPlots } = await import('../../src/figures/spec-plots.js');
    const { viewPlotTables } = await import('../../src/figures/results-view.js');
    const plots = resolveSpecPlots(
      [{ template: 'completion-time' }, { template: 'error-vs-time', color: 'protocol' }],
      viewPlotTables(dirView),
    );
    const jobs = specPlotJobs(dirView, plots);
    expect(jobs.map((j) => j.name)).toEqual(['completion-time', 'error-vs-time']);
    // completion-time (x = scheme): the slow factor takes the free colour (the scheme already names code × protocol).
    expect(jobs[0].request.color).toBe('stragglers_slow_factor');
    expect(jobs[1].request).toMatchObject({ color: 'protocol', column: 'axis_code', row: 'stragglers_slow_factor' });
    const svg = await renderSvg(grammarFigure(jobs[0].request).spec, { onWarning: () => {} });
    expect(countMarks(svg, 'rect', /^(child_)?layer_0_marks$/)).toBe(8);
  });
});

describe('filters, averaging and labels', () => {
  it('--where keeps one value and --aggregate averages with the interval of a mean of means', async () => {
    const kept = await inProcess(
      'plot',
      out,
      ...['--x', 'scheme', '--y', 'completion_mean', '--where', 'stragglers_slow_factor=8', '--json'],
      ...['--format', 'svg', '--out', join(dir, 'kept')],
    );
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout).rows).toBe(4);

    const request = resolveFigure(
      view,
      { x: 'axis_code', y: 'completion_mean', color: 'axis_protocol', aggregate: 'mean' },
      CLI_NAMING,
    );
    const { rows, notes, spec } = grammarFigure(request);
    expect(rows).toBe(4);
    expect(notes.join()).toContain('averaged 8 rows into 4 marks');
    const values = (spec as { data: { values: Record<string, number | string>[] } }).data.values;
    const cells = view.tables[0].rows;
    for (const v of values) {
      const group = cells.filter((c) => c.axis_code === v.axis_code && c.axis_protocol === v.axis_protocol);
      expect(group.length).toBe(2);
      const mean = ((group[0].completion_mean as number) + (group[1].completion_mean as number)) / 2;
      expect(v.completion_mean).toBeCloseTo(mean, 12);
      const se = Math.hypot(group[0].completion_se as number, group[1].completion_se as number) / 2;
      const crit =
        ((group[0].completion_ci_hi as number) - (group[0].completion_mean as number)) /
        (group[0].completion_se as number);
      expect(v.completion_ci_hi).toBeCloseTo(mean + crit * se, 10);
      expect(v.rows_averaged).toBe(2);
    }
  });

  it('a filter matching nothing, an unknown filter column and a bad aggregate exit 2 naming what exists', async () => {
    const none = await inProcess('plot', out, '--x', 'scheme', '--y', 'completion_mean', '--where', 'protocol=partal');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--where: protocol=partal matches no row; protocol takes original, partial');
    const column = await inProcess('plot', out, '--x', 'scheme', '--y', 'completion_mean', '--where', 'colour=red');
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('--where: unknown column "colour"');
    const agg = await inProcess('plot', out, '--x', 'scheme', '--y', 'completion_mean', '--aggregate', 'median');
    expect(agg.code).toBe(2);
    expect(agg.stderr).toContain('--aggregate');
  });

  it('accepts axis paths and schema-1 axis names, and --label overrides a title', async () => {
    const r = await inProcess(
      'plot',
      out,
      ...['--x', 'stragglers.slow.factor', '--y', 'completion_mean', '--color', 'axis.protocol', '--column', 'code'],
      ...['--label', 'stragglers_slow_factor=Slowdown ×', '--format', 'svg', '--out', join(dir, 'labelled')],
    );
    expect(r.code, r.stderr).toBe(0);
    const texts = svgTexts(readFileSync(join(dir, 'labelled.svg'), 'utf8'));
    expect(texts).toContain('Slowdown ×');
  });

  it('a log axis asked for is honoured; auto picks log for errors spanning decades and for a log-spaced T grid', () => {
    const linear = grammarFigure(
      resolveFigure(
        view,
        { x: 'stragglers_slow_factor', y: 'completion_mean', color: 'protocol', column: 'code' },
        CLI_NAMING,
      ),
    ).spec as unknown as { spec: { encoding: { x: { scale?: { type: string } } } } };
    expect(linear.spec.encoding.x.scale?.type).toBeUndefined();
    const logged = grammarFigure(
      resolveFigure(
        view,
        { x: 'stragglers_slow_factor', y: 'completion_mean', color: 'protocol', column: 'code', logX: true },
        CLI_NAMING,
      ),
    ).spec as unknown as { spec: { encoding: { x: { scale?: { type: string } } } } };
    expect(logged.spec.encoding.x.scale?.type).toBe('log');
    const curve = grammarFigure(
      resolveFigure(
        view,
        { x: 'T', y: 'error_mean', color: 'protocol', row: 'code', column: 'stragglers_slow_factor' },
        CLI_NAMING,
      ),
    ).spec as unknown as {
      spec: {
        layer: { encoding: { y?: { scale?: { type: string } } } }[];
        encoding: { x: { scale?: { type: string } } };
      };
    };
    expect(curve.spec.encoding.x.scale?.type).toBe('log');
    expect(curve.spec.layer.some((l) => l.encoding.y?.scale?.type === 'log')).toBe(true);
  });
});

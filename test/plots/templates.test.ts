import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { renderSvg } from '../../src/plots/render/svg.js';
import { LABEL_LIMITS } from '../../src/plots/style/config.js';
import { OKABE_ITO } from '../../src/plots/style/palette.js';
import { codeComparisonPlot } from '../../src/plots/templates/code-comparison.js';
import { completionTimePlot } from '../../src/plots/templates/completion-time.js';
import { errorVsTimePlot } from '../../src/plots/templates/error-vs-time.js';
import { seriesFigure } from '../../src/plots/templates/series-figure.js';
import type { PlotSpec } from '../../src/plots/types.js';
import { completionRows, errorVsTimeRows, PLOT_EXAMPLES } from './examples.js';

type Json = Record<string, unknown>;

/** Every object nested anywhere in `value`. */
function objects(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) objects(v, out);
  else if (value && typeof value === 'object') {
    out.push(value as Json);
    for (const v of Object.values(value)) objects(v, out);
  }
  return out;
}

/** The layers of a spec, faceted or not. */
function layersOf(spec: Json): Json[] {
  const inner = (spec.spec ?? spec) as Json;
  return inner.layer as Json[];
}

describe('every template', () => {
  for (const example of PLOT_EXAMPLES) {
    it(`${example.name}: publication style, no resampling, one y title for all layers`, () => {
      const spec = example.spec() as unknown as Json;
      const config = spec.config as Json;
      expect(config.font).toBe('DejaVu Sans');
      expect((config.axis as Json).labelLimit).toBe(LABEL_LIMITS.axis);
      expect((config.legend as Json).labelLimit).toBe(LABEL_LIMITS.legend);
      expect((config.range as Json).category).toEqual([...OKABE_ITO]);
      const all = objects(spec);
      expect(all.some((o) => 'extent' in o)).toBe(false); // never `extent: 'ci'` (a random bootstrap)
      expect(all.some((o) => o.type === 'boxplot')).toBe(false); // box plots only from quantile columns
      const yTitles = new Set(layersOf(spec).map((l) => ((l.encoding as Json).y as Json).title));
      expect(yTitles.size).toBe(1);
      expect([...yTitles][0]).toEqual(expect.any(String));
    });
  }

  it('shows axis titles verbatim, never merged across layers', async () => {
    const svg = await renderSvg(PLOT_EXAMPLES[0].spec());
    expect(svg).toContain('>Decoding error (per chunk)</text>');
    expect(svg).toContain('>Time T (chunk-time units)</text>');
    expect(svg).not.toMatch(/ci_lo|ci_hi|mean,/);
  });
});

describe('error vs T', () => {
  it('puts y on a log scale with a fixed power-of-ten domain and gives each protocol a colour', () => {
    const spec = errorVsTimePlot({ rows: errorVsTimeRows(), color: 'protocol' }) as unknown as Json;
    const line = layersOf(spec).find((l) => (l.mark as Json).type === 'line')!;
    const y = (line.encoding as Json).y as Json;
    expect(y.scale).toEqual({ type: 'log', domain: [1e-5, 1] });
    expect((y.axis as Json).values).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect((spec.encoding as Json).color).toMatchObject({ field: 'protocol', type: 'nominal' });
    // Exact decoding (error 0) cannot be drawn on a log axis: those rows carry null, not 0.
    const values = (spec.data as { values: Json[] }).values;
    expect(values.filter((r) => r.protocol === 'partial' && r.mean === null)).toHaveLength(6);
  });

  it('names the option when a column is missing', () => {
    const rows = errorVsTimeRows();
    try {
      errorVsTimePlot({ rows, color: 'protocol', yLo: 'lower' });
      expect.fail('expected an InputError');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe('yLo');
      expect((e as InputError).message).toContain('available columns: protocol, T, mean, ci_lo, ci_hi');
    }
    expect(() => errorVsTimePlot({ rows })).toThrow(/^color: unknown column "scheme"/);
  });
});

describe('completion time box plot', () => {
  it('draws whiskers, box and median from the quantile columns it is given', () => {
    const spec = completionTimePlot({
      rows: completionRows(),
      mark: 'box',
      x: 'code',
      boxLo: 'p25',
      boxHi: 'p75',
      whiskerLo: 'p5',
      whiskerHi: 'p95',
    }) as unknown as Json;
    const fields = layersOf(spec).map((l) => {
      const e = l.encoding as Json;
      return [(l.mark as Json).type, (e.y as Json).field, (e.y2 as Json | undefined)?.field];
    });
    expect(fields).toEqual([
      ['rule', 'p5', 'p95'],
      ['bar', 'p25', 'p75'],
      ['tick', 'p50', undefined],
    ]);
  });

  it('asks for the quantile columns by option name', () => {
    const rows = completionRows().map(({ p5: _p5, ...r }) => r);
    expect(() => completionTimePlot({ rows, mark: 'box', x: 'code' })).toThrow(/^whiskerLo: unknown column "p5"/);
    expect(() => completionTimePlot({ rows, mark: 'box', x: 'code', whiskerLo: null, whiskerHi: null })).not.toThrow();
  });
});

describe('code comparison', () => {
  it('requires numeric statistics and a known swept column', () => {
    const rows = [{ code: 'FRC', s: 1, mean: 0.1, ci_lo: 0.05, ci_hi: 0.2 }];
    expect(() => codeComparisonPlot({ rows, x: 'N' })).toThrow(/^x: unknown column "N"; available columns: code, s/);
    expect(() => codeComparisonPlot({ rows, x: 's', y: 'code' })).toThrow(/^y: column "code" must be numeric/);
  });
});

/** Every `{field, sort}` channel definition under `key` anywhere in a spec. */
function channels(spec: unknown, key: string): { field: string; sort?: unknown }[] {
  const found: { field: string; sort?: unknown }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === key && v && typeof v === 'object' && 'field' in v) found.push(v as { field: string; sort?: unknown });
        walk(v);
      }
    }
  };
  walk(spec);
  return found;
}

describe('grouped bars', () => {
  /** Bars of a group stand in legend order: every xOffset is sorted like the colour channel of its field. */
  function expectBarsInLegendOrder(spec: PlotSpec, name: string): number {
    const colors = channels(spec, 'color');
    const offsets = channels(spec, 'xOffset');
    for (const offset of offsets) {
      const color = colors.find((c) => c.field === offset.field);
      expect(color, `${name}: colour channel of ${offset.field}`).toBeDefined();
      expect(offset.sort, `${name}: xOffset sort of ${offset.field}`).toEqual(color?.sort);
    }
    return offsets.length;
  }

  it('stand in legend order in every template with grouped bars', () => {
    let grouped = 0;
    for (const example of PLOT_EXAMPLES) grouped += expectBarsInLegendOrder(example.spec(), example.name);
    expect(grouped).toBeGreaterThan(0);
  });

  it('keep the order of first appearance, not the alphabet (the stochastic block code attacks figure)', () => {
    const rows = ['random', 'community', 'greedy'].flatMap((attack, k) =>
      ['a', 'b'].map((group) => ({ attack, group, error: k + 1 })),
    );
    const spec = seriesFigure({
      rows,
      x: 'group',
      y: 'error',
      color: 'attack',
      mark: 'bar',
      interval: 'bars',
      logX: false,
      logY: false,
      xTitle: 'Group',
      yTitle: 'Error',
      colorTitle: 'Attack',
    });
    expect(expectBarsInLegendOrder(spec, 'series figure')).toBe(1);
    expect(channels(spec, 'xOffset')[0].sort).toEqual(['random', 'community', 'greedy']);
  });
});

describe('linear x axes', () => {
  const figure = (xs: number[]) =>
    seriesFigure({
      rows: xs.map((s, k) => ({ s, error: k / 10, code: 'a' })),
      x: 's',
      y: 'error',
      color: 'code',
      mark: 'line',
      interval: 'bars',
      logX: false,
      logY: false,
      xTitle: 'Stragglers s',
      yTitle: 'Error',
      colorTitle: 'Code',
    });
  const xAxis = (spec: PlotSpec) => channels(spec, 'x').find((c) => c.field === 's') as { axis?: object } | undefined;

  it('keep integer-valued x (stragglers 1..10) on integer ticks without decimals', () => {
    expect(xAxis(figure([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))?.axis).toEqual({ tickMinStep: 1, format: 'd' });
  });

  it('leave fractional x to the default ticks', () => {
    expect(xAxis(figure([0.5, 1, 1.5, 2]))?.axis).toBeUndefined();
  });
});

import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import { isNumericColumn } from '../data/field-type.js';
import { prepareLogRows } from '../data/log-rows.js';
import { logScaleProps, positionChannel } from '../layout/axes.js';
import { composeFigure, type FigureOptions, figureContentWidth } from '../layout/compose.js';
import {
  barLayer,
  type ExtraEncoding,
  errorBarLayer,
  type Layer,
  pointLayer,
  ruleLayer,
  tickLayer,
  type YChannel,
} from '../layout/layers.js';
import { seriesChannels } from '../layout/series.js';
import type { PlotRow, PlotSpec } from '../types.js';

/** Inputs of {@link completionTimePlot}; column options name columns of `rows`. */
export interface CompletionTimeOptions extends FigureOptions {
  /** One row per cell. */
  rows: readonly PlotRow[];
  /** Category on the x axis, e.g. protocol or code (default `protocol`). */
  x?: string;
  /** Second grouping drawn side by side within each x category, coloured (default none). */
  color?: string | null;
  /** `bar`: mean with CI error bars (default). `box`: a box plot drawn from precomputed quantile columns. */
  mark?: 'bar' | 'box';
  /** Mean and its CI bounds (defaults `mean`, `ci_lo`, `ci_hi`; `null` bounds: no error bars). */
  y?: string;
  yLo?: string | null;
  yHi?: string | null;
  /** Box plot columns: box from `boxLo` to `boxHi` (defaults `p25`, `p75`), median line (`p50`). */
  boxLo?: string;
  boxHi?: string;
  median?: string;
  /** Whisker ends (defaults `p5`, `p95`); `null` for both draws no whiskers. */
  whiskerLo?: string | null;
  whiskerHi?: string | null;
  /** Box plots: also mark the mean with its CI error bar (default false). */
  showMean?: boolean;
  /** Log y axis (box plots of heavy-tailed times); default false. */
  logY?: boolean;
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
}

/** Default columns and titles of {@link completionTimePlot}. */
export const COMPLETION_TIME_DEFAULTS = {
  x: 'protocol',
  mark: 'bar',
  y: 'mean',
  yLo: 'ci_lo',
  yHi: 'ci_hi',
  boxLo: 'p25',
  boxHi: 'p75',
  median: 'p50',
  whiskerLo: 'p5',
  whiskerHi: 'p95',
  yTitle: 'Completion time (chunk-time units)',
} as const;

/**
 * Completion time per category: bars of the mean with t-based CI error bars, or box plots built from quantile
 * columns computed upstream (box = `boxLo`–`boxHi`, line = median, whiskers = `whiskerLo`–`whiskerHi`; no raw
 * samples and no resampling). A `color` column splits each category into side-by-side groups.
 */
export function completionTimePlot(options: CompletionTimeOptions): PlotSpec {
  const o = { ...COMPLETION_TIME_DEFAULTS, ...options };
  const box = o.mark === 'box';
  const yLo = o.yLo ?? undefined;
  const yHi = o.yHi ?? undefined;
  const wLo = box ? (o.whiskerLo ?? undefined) : undefined;
  const wHi = box ? (o.whiskerHi ?? undefined) : undefined;
  const useMean = !box || o.showMean === true;
  const color = o.color ?? undefined;
  const columns = {
    x: o.x,
    color,
    facet: o.facet,
    y: useMean ? o.y : undefined,
    yLo: useMean ? yLo : undefined,
    yHi: useMean ? yHi : undefined,
    boxLo: box ? o.boxLo : undefined,
    boxHi: box ? o.boxHi : undefined,
    median: box ? o.median : undefined,
    whiskerLo: wLo,
    whiskerHi: wHi,
  };
  requireColumns(o.rows, columns);
  const { x: _x, color: _c, facet: _f, ...numeric } = columns;
  requireNumericColumns(o.rows, numeric);
  requirePairedColumns({ yLo, yHi });
  if (box) requirePairedColumns({ whiskerLo: wLo, whiskerHi: wHi });

  const lower = [columns.yLo, columns.boxLo, wLo].filter((c): c is string => c !== undefined);
  const upper = [columns.yHi, columns.boxHi, wHi].filter((c): c is string => c !== undefined);
  const central = [columns.y, columns.median].filter((c): c is string => c !== undefined);
  let rows: readonly PlotRow[] = o.rows;
  const y: YChannel = { title: o.yTitle };
  if (o.logY) {
    const prepared = prepareLogRows(o.rows, { values: [...central, ...upper], lower });
    rows = prepared.rows;
    y.props = logScaleProps(prepared.axis);
  }
  const series = color
    ? seriesChannels(rows, color, o.colorTitle ?? color, figureContentWidth(o), 'square')
    : undefined;
  const offset: ExtraEncoding = color
    ? { xOffset: { field: color, type: series!.color.type, sort: series!.color.sort } }
    : {};
  const layer: Layer[] = [];
  if (box) {
    if (wLo && wHi) layer.push(ruleLayer(wLo, wHi, y, offset));
    layer.push(barLayer(o.boxLo, y, offset, o.boxHi));
    layer.push(tickLayer(o.median, y, { ...offset, color: { value: '#000000' } }));
    if (useMean)
      layer.push(pointLayer(o.y, y, { ...offset, color: { value: '#000000' }, shape: { value: 'diamond' } }));
  } else {
    layer.push(barLayer(o.y, y, offset));
  }
  if (useMean && yLo && yHi) layer.push(errorBarLayer(yLo, yHi, y, { ...offset, color: { value: '#000000' } }));
  const xType = isNumericColumn(rows, o.x) ? 'ordinal' : 'nominal';
  const encoding = {
    x: positionChannel(o.x, xType, o.xTitle ?? o.x, { axis: { labelAngle: 0 } }),
    ...(series ? { color: series.color } : {}),
  };
  return composeFigure({ rows, layer, encoding }, o);
}

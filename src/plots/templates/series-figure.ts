import { isNumericColumn } from '../data/field-type.js';
import { largestGroup } from '../data/groups.js';
import { prepareLogRows } from '../data/log-rows.js';
import { linearAxisProps, logScaleProps, markPoints, positionChannel } from '../layout/axes.js';
import { composeFigure, type FigureOptions, figureContentWidth } from '../layout/compose.js';
import {
  bandLayer,
  barLayer,
  type ExtraEncoding,
  errorBarLayer,
  type Layer,
  lineLayer,
  pointLayer,
  type YChannel,
} from '../layout/layers.js';
import type { ChannelDef } from '../layout/series.js';
import { seriesChannels } from '../layout/series.js';
import type { PlotRow, PlotSpec } from '../types.js';

/** Mark a series figure draws its central values with. */
export type SeriesMark = 'line' | 'point' | 'bar';

/** A fully resolved series figure: columns already validated by the calling template. */
export interface SeriesFigure extends FigureOptions {
  rows: readonly PlotRow[];
  x: string;
  y: string;
  yLo?: string;
  yHi?: string;
  color?: string;
  mark: SeriesMark;
  /** How the interval is drawn: a band (lines over a numeric x) or error bars. */
  interval: 'band' | 'bars';
  /** Point marks on lines (ignored for other marks); undefined: only for short series. */
  points?: boolean;
  logX: boolean;
  logY: boolean;
  xTitle: string;
  yTitle: string;
  colorTitle: string;
}

/**
 * Builds the layered spec shared by the code-comparison template and the generic table plot: one series per colour
 * value (lines, points or grouped bars) with its precomputed interval, optional log axes and facets.
 */
export function seriesFigure(f: SeriesFigure): PlotSpec {
  let rows: readonly PlotRow[] = f.rows;
  const y: YChannel = { title: f.yTitle };
  if (f.logY) {
    const p = prepareLogRows(rows, { values: [f.y], lower: f.yLo ? [f.yLo] : [], upper: f.yHi ? [f.yHi] : [] });
    rows = p.rows;
    y.props = logScaleProps(p.axis);
  }
  const numericX = isNumericColumn(rows, f.x);
  const continuousX = numericX && f.mark !== 'bar';
  let xProps: ChannelDef = continuousX ? linearAxisProps(rows, f.x) : { axis: { labelAngle: 0 } };
  if (f.logX && continuousX) {
    const p = prepareLogRows(rows, { values: [f.x] });
    rows = p.rows;
    xProps = logScaleProps(p.axis);
  }
  const pointsOnLine = f.mark === 'line' && (f.points ?? markPoints(largestGroup(rows, [f.color, f.facet])));
  const symbol = f.mark === 'bar' ? 'square' : f.mark === 'line' && !pointsOnLine ? 'stroke' : undefined;
  const series = f.color ? seriesChannels(rows, f.color, f.colorTitle, figureContentWidth(f), symbol) : undefined;
  const xType = continuousX ? 'quantitative' : numericX ? 'ordinal' : 'nominal';
  const offset: ExtraEncoding =
    f.mark === 'bar' && series ? { xOffset: { field: f.color, type: series.color.type, sort: series.color.sort } } : {};
  const layer: Layer[] = [];
  const hasInterval = f.yLo !== undefined && f.yHi !== undefined;
  if (hasInterval && f.interval === 'band' && continuousX) layer.push(bandLayer(f.yLo!, f.yHi!, y));
  if (f.mark === 'bar') layer.push(barLayer(f.y, y, offset));
  if (f.mark === 'line') layer.push(lineLayer(f.y, y));
  if (f.mark === 'point' || pointsOnLine) layer.push(pointLayer(f.y, y, series ? { shape: series.shape } : {}));
  if (hasInterval && (f.interval === 'bars' || !continuousX)) {
    const barColor: ExtraEncoding = f.mark === 'bar' ? { color: { value: '#000000' } } : {};
    layer.push(errorBarLayer(f.yLo!, f.yHi!, y, { ...offset, ...barColor }));
  }
  const encoding = {
    x: positionChannel(f.x, xType, f.xTitle, xProps),
    ...(series ? { color: series.color } : {}),
  };
  return composeFigure({ rows, layer, encoding }, f);
}

import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import { largestGroup } from '../data/groups.js';
import { prepareLogRows } from '../data/log-rows.js';
import { logScaleProps, markPoints, positionChannel } from '../layout/axes.js';
import { composeFigure, type FigureOptions, figureContentWidth } from '../layout/compose.js';
import { bandLayer, type Layer, lineLayer, pointLayer, type YChannel } from '../layout/layers.js';
import { seriesChannels } from '../layout/series.js';
import type { PlotRow, PlotSpec } from '../types.js';

/** Inputs of {@link errorVsTimePlot}; column options name columns of `rows`. */
export interface ErrorVsTimeOptions extends FigureOptions {
  /** One row per (cell, T). */
  rows: readonly PlotRow[];
  /** Time column (default `T`). */
  x?: string;
  /** Mean decoding error (default `mean`). */
  y?: string;
  /** Lower / upper CI bounds for the band (defaults `ci_lo`, `ci_hi`); `null` for both draws no band. */
  yLo?: string | null;
  yHi?: string | null;
  /** Series column: scheme or protocol (default `scheme`); `null` for a single series. */
  color?: string | null;
  /** Point marks on the lines; by default only when no series has more than 30 points. */
  points?: boolean;
  xTitle?: string;
  yTitle?: string;
  /** Legend title; defaults to the colour column's name. */
  colorTitle?: string;
}

/** Default columns and titles of {@link errorVsTimePlot}. */
export const ERROR_VS_TIME_DEFAULTS = {
  x: 'T',
  y: 'mean',
  yLo: 'ci_lo',
  yHi: 'ci_hi',
  color: 'scheme',
  xTitle: 'Time T (chunk-time units)',
  yTitle: 'Decoding error (per chunk)',
} as const;

/**
 * Decoding error against time T on a log y axis: one line (with points) per scheme or protocol and its confidence
 * band. An error of exactly zero (exact decoding) cannot sit on a log axis, so the line ends there; CI lower bounds
 * at or below zero run to the bottom of the axis.
 */
export function errorVsTimePlot(options: ErrorVsTimeOptions): PlotSpec {
  const o = { ...ERROR_VS_TIME_DEFAULTS, ...options };
  const yLo = o.yLo ?? undefined;
  const yHi = o.yHi ?? undefined;
  const color = o.color ?? undefined;
  requireColumns(o.rows, { x: o.x, y: o.y, yLo, yHi, color, facet: o.facet });
  requireNumericColumns(o.rows, { x: o.x, y: o.y, yLo, yHi });
  requirePairedColumns({ yLo, yHi });
  const { rows, axis } = prepareLogRows(o.rows, { values: [o.y], lower: yLo ? [yLo] : [], upper: yHi ? [yHi] : [] });
  const y: YChannel = { title: o.yTitle, props: logScaleProps(axis) };
  const points = o.points ?? markPoints(largestGroup(rows, [color, o.facet]));
  const series = color
    ? seriesChannels(rows, color, o.colorTitle ?? color, figureContentWidth(o), points ? undefined : 'stroke')
    : undefined;
  const layer: Layer[] = [];
  if (yLo && yHi) layer.push(bandLayer(yLo, yHi, y));
  layer.push(lineLayer(o.y, y));
  if (points) {
    layer.push(pointLayer(o.y, y, series ? { shape: series.shape } : {}));
  }
  const encoding = { x: positionChannel(o.x, 'quantitative', o.xTitle), ...(series ? { color: series.color } : {}) };
  return composeFigure({ rows, layer, encoding }, o);
}

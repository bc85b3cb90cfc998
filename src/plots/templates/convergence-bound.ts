import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import { largestGroup } from '../data/groups.js';
import { prepareLogRows } from '../data/log-rows.js';
import { logScaleProps, markPoints, positionChannel } from '../layout/axes.js';
import { composeFigure, type FigureOptions, figureContentWidth } from '../layout/compose.js';
import { bandLayer, type Layer, lineLayer, pointLayer, type YChannel } from '../layout/layers.js';
import { legendColumns, STROKE_SYMBOL_SIZE, seriesChannels } from '../layout/series.js';
import { LINE_DASHES } from '../style/palette.js';
import type { PlotRow, PlotSpec } from '../types.js';

/** Inputs of {@link convergenceBoundPlot}; column options name columns of `rows`. */
export interface ConvergenceBoundOptions extends FigureOptions {
  /** One row per (run group, iteration): the empirical mean over runs, its CI, and the bound at that iteration. */
  rows: readonly PlotRow[];
  /** Iteration column (default `iteration`). */
  x?: string;
  /** Empirical mean (default `mean`) and CI bounds (defaults `ci_lo`, `ci_hi`; `null` for no band). */
  y?: string;
  yLo?: string | null;
  yHi?: string | null;
  /** Theoretical bound column (default `bound`), drawn dashed in the series colour. */
  bound?: string;
  /** Series column (default none): schemes or decoders, each with its own bound. */
  color?: string | null;
  /** Point marks on the empirical curve; by default only when no series has more than 30 points. */
  points?: boolean;
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
  /** Legend labels of the two line styles. */
  empiricalLabel?: string;
  boundLabel?: string;
}

/** Default columns, titles and labels of {@link convergenceBoundPlot}. */
export const CONVERGENCE_BOUND_DEFAULTS = {
  x: 'iteration',
  y: 'mean',
  yLo: 'ci_lo',
  yHi: 'ci_hi',
  bound: 'bound',
  xTitle: 'Iteration t',
  yTitle: 'Optimality gap f(θₜ) − f*',
  empiricalLabel: 'Empirical mean (95% CI)',
  boundLabel: 'Theoretical bound',
} as const;

/**
 * Coded gradient descent against theory on a log y axis: the empirical mean over runs with its CI band (solid) and
 * the theoretical bound curve (dashed), optionally one pair per series. A second legend tells the line styles apart.
 */
export function convergenceBoundPlot(options: ConvergenceBoundOptions): PlotSpec {
  const o = { ...CONVERGENCE_BOUND_DEFAULTS, ...options };
  const yLo = o.yLo ?? undefined;
  const yHi = o.yHi ?? undefined;
  const color = o.color ?? undefined;
  requireColumns(o.rows, { x: o.x, y: o.y, yLo, yHi, bound: o.bound, color, facet: o.facet });
  requireNumericColumns(o.rows, { x: o.x, y: o.y, yLo, yHi, bound: o.bound });
  requirePairedColumns({ yLo, yHi });
  const { rows, axis } = prepareLogRows(o.rows, {
    values: [o.y, o.bound],
    lower: yLo ? [yLo] : [],
    upper: yHi ? [yHi] : [],
  });
  const y: YChannel = { title: o.yTitle, props: logScaleProps(axis) };
  const width = figureContentWidth(o);
  const points = o.points ?? markPoints(largestGroup(rows, [color, o.facet]));
  const series = color
    ? seriesChannels(rows, color, o.colorTitle ?? color, width, points ? undefined : 'stroke')
    : undefined;
  const styles = [o.empiricalLabel, o.boundLabel];
  const dash = (label: string) => ({
    strokeDash: {
      datum: label,
      type: 'nominal',
      title: null,
      scale: { domain: styles, range: [LINE_DASHES[0], LINE_DASHES[1]] },
      legend: { columns: legendColumns(styles, null, width), symbolType: 'stroke', symbolSize: STROKE_SYMBOL_SIZE },
    },
  });
  const layer: Layer[] = [];
  if (yLo && yHi) layer.push(bandLayer(yLo, yHi, y));
  layer.push(lineLayer(o.y, y, dash(o.empiricalLabel)));
  if (points) {
    layer.push(pointLayer(o.y, y, series ? { shape: series.shape } : {}));
  }
  layer.push(lineLayer(o.bound, y, dash(o.boundLabel)));
  const encoding = { x: positionChannel(o.x, 'quantitative', o.xTitle), ...(series ? { color: series.color } : {}) };
  return composeFigure({ rows, layer, encoding }, o);
}

import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import { prepareLogRows } from '../data/log-rows.js';
import { logScaleProps, positionChannel } from '../layout/axes.js';
import { composeFigure, type FigureOptions, figureContentWidth } from '../layout/compose.js';
import { bandLayer, type Layer, lineLayer, type YChannel } from '../layout/layers.js';
import { seriesChannels } from '../layout/series.js';
import { LINE_DASHES } from '../style/palette.js';
import type { PlotRow, PlotSpec } from '../types.js';

/** Inputs of {@link completionCdfPlot}; column options name columns of `rows`. */
export interface CompletionCdfOptions extends FigureOptions {
  /** Points of the empirical CDF: one row per (series, x) with F = P(completion ≤ x), computed upstream. */
  rows: readonly PlotRow[];
  /** Completion time column (default `T`). */
  x?: string;
  /** CDF value in [0, 1] (default `F`). */
  y?: string;
  /** Optional confidence band for F (e.g. Dvoretzky–Kiefer–Wolfowitz); none by default. */
  yLo?: string | null;
  yHi?: string | null;
  /** Series column (default `protocol`); `null` for one curve. */
  color?: string | null;
  /** Draw the CDF as a right-continuous step function (default) or join points with straight lines. */
  step?: boolean;
  /** Log x axis (completion times spanning decades); default false. */
  logX?: boolean;
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
}

/** Default columns and titles of {@link completionCdfPlot}. */
export const COMPLETION_CDF_DEFAULTS = {
  x: 'T',
  y: 'F',
  color: 'protocol',
  xTitle: 'Completion time T (chunk-time units)',
  yTitle: 'P(completion ≤ T)',
} as const;

/**
 * Empirical CDF of completion time from precomputed (x, F) rows: one step curve per series on a fixed [0, 1] y axis,
 * with an optional confidence band.
 */
export function completionCdfPlot(options: CompletionCdfOptions): PlotSpec {
  const o = { ...COMPLETION_CDF_DEFAULTS, ...options };
  const yLo = o.yLo ?? undefined;
  const yHi = o.yHi ?? undefined;
  const color = o.color ?? undefined;
  requireColumns(o.rows, { x: o.x, y: o.y, yLo, yHi, color, facet: o.facet });
  requireNumericColumns(o.rows, { x: o.x, y: o.y, yLo, yHi });
  requirePairedColumns({ yLo, yHi });
  const y: YChannel = {
    title: o.yTitle,
    props: { scale: { domain: [0, 1] }, axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2~f' } },
  };
  const series = color
    ? seriesChannels(o.rows, color, o.colorTitle ?? color, figureContentWidth(o), 'stroke')
    : undefined;
  const interpolate = o.step === false ? undefined : 'step-after';
  const layer: Layer[] = [];
  if (yLo && yHi) {
    const band = bandLayer(yLo, yHi, y);
    layer.push(interpolate ? { ...band, mark: { type: 'errorband', interpolate } } : band);
  }
  layer.push(
    lineLayer(o.y, y, series ? { strokeDash: { ...series.shape, scale: { range: LINE_DASHES } } } : {}, interpolate),
  );
  const logX = o.logX ? prepareLogRows(o.rows, { values: [o.x] }) : undefined;
  const rows = logX ? logX.rows : o.rows;
  const xProps = logX ? logScaleProps(logX.axis) : {};
  const encoding = {
    x: positionChannel(o.x, 'quantitative', o.xTitle, xProps),
    ...(series ? { color: series.color } : {}),
  };
  return composeFigure({ rows, layer, encoding }, o);
}

import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import type { FigureOptions } from '../layout/compose.js';
import type { PlotRow, PlotSpec } from '../types.js';
import { seriesFigure } from './series-figure.js';

/** Inputs of {@link codeComparisonPlot}; column options name columns of `rows`. */
export interface CodeComparisonOptions extends FigureOptions {
  /** One row per cell of the sweep. */
  rows: readonly PlotRow[];
  /** The swept parameter on the x axis (any column: N, s, p, ℓ, …). Required. */
  x: string;
  /** Statistic on the y axis (default `mean`) and its CI bounds (defaults `ci_lo`, `ci_hi`; `null`: none). */
  y?: string;
  yLo?: string | null;
  yHi?: string | null;
  /** Series column (default `code`). */
  color?: string;
  /** `line` (default) with points, `point`, or grouped `bar`. */
  mark?: 'line' | 'point' | 'bar';
  /** Interval as error bars (default) or as a band around the line. */
  interval?: 'bars' | 'band';
  logX?: boolean;
  logY?: boolean;
  /** Axis titles; `xTitle` defaults to the x column's name, so give one with units. */
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
}

/** Default columns and titles of {@link codeComparisonPlot}. */
export const CODE_COMPARISON_DEFAULTS = {
  y: 'mean',
  yLo: 'ci_lo',
  yHi: 'ci_hi',
  color: 'code',
  mark: 'line',
  interval: 'bars',
  yTitle: 'Mean (95% CI)',
  colorTitle: 'Code',
} as const;

/**
 * Codes compared across a swept axis: x = any swept parameter, y = a statistic with its CI, one colour (and shape)
 * per code, optional facet by a second parameter.
 */
export function codeComparisonPlot(options: CodeComparisonOptions): PlotSpec {
  const o = { ...CODE_COMPARISON_DEFAULTS, ...options };
  const yLo = o.yLo ?? undefined;
  const yHi = o.yHi ?? undefined;
  requireColumns(o.rows, { x: o.x, y: o.y, yLo, yHi, color: o.color, facet: o.facet });
  requireNumericColumns(o.rows, { y: o.y, yLo, yHi });
  requirePairedColumns({ yLo, yHi });
  return seriesFigure({
    ...o,
    yLo,
    yHi,
    logX: o.logX ?? false,
    logY: o.logY ?? false,
    xTitle: o.xTitle ?? o.x,
  });
}

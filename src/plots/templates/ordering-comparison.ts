import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import { isNumericColumn } from '../data/field-type.js';
import { prepareLogRows } from '../data/log-rows.js';
import { logScaleProps, positionChannel } from '../layout/axes.js';
import { composeFigure, type FigureOptions, figureContentWidth } from '../layout/compose.js';
import { barLayer, errorBarLayer, type Layer, type YChannel } from '../layout/layers.js';
import { seriesChannels } from '../layout/series.js';
import type { PlotRow, PlotSpec } from '../types.js';

/** Inputs of {@link orderingComparisonPlot}; column options name columns of `rows`. */
export interface OrderingComparisonOptions extends FigureOptions {
  /** One row per (setting, ordering), e.g. per (N, ordering) or per (assignment instance, ordering). */
  rows: readonly PlotRow[];
  /** Setting on the x axis (default `N`). */
  x?: string;
  /** Ordering column, drawn as side-by-side coloured bars within each setting (default `ordering`). */
  ordering?: string;
  /** Mean and CI bounds (defaults `mean`, `ci_lo`, `ci_hi`; `null` bounds: no error bars). */
  y?: string;
  yLo?: string | null;
  yHi?: string | null;
  /** Log y axis (errors spanning decades); default false. Bars then start at the bottom of the axis. */
  logY?: boolean;
  /** With a facet (e.g. by metric: completion time and error), give each panel its own y scale (default true). */
  independentY?: boolean;
  xTitle?: string;
  yTitle?: string;
  orderingTitle?: string;
}

/** Default columns and titles of {@link orderingComparisonPlot}. */
export const ORDERING_COMPARISON_DEFAULTS = {
  x: 'N',
  ordering: 'ordering',
  y: 'mean',
  yLo: 'ci_lo',
  yHi: 'ci_hi',
  xTitle: 'Workers N',
  yTitle: 'Completion time (chunk-time units)',
  orderingTitle: 'Ordering',
} as const;

/**
 * Optimal against random chunk ordering: grouped bars of the mean per setting, one bar per ordering, with CI error
 * bars. Facet by a metric column to show completion time and error side by side on independent y scales.
 */
export function orderingComparisonPlot(options: OrderingComparisonOptions): PlotSpec {
  const o = { ...ORDERING_COMPARISON_DEFAULTS, ...options };
  const yLo = o.yLo ?? undefined;
  const yHi = o.yHi ?? undefined;
  requireColumns(o.rows, { x: o.x, ordering: o.ordering, y: o.y, yLo, yHi, facet: o.facet });
  requireNumericColumns(o.rows, { y: o.y, yLo, yHi });
  requirePairedColumns({ yLo, yHi });
  let rows: readonly PlotRow[] = o.rows;
  const y: YChannel = { title: o.yTitle };
  if (o.logY) {
    const prepared = prepareLogRows(o.rows, { values: [o.y], lower: yLo ? [yLo] : [], upper: yHi ? [yHi] : [] });
    rows = prepared.rows;
    y.props = logScaleProps(prepared.axis);
  }
  const series = seriesChannels(rows, o.ordering, o.orderingTitle, figureContentWidth(o), 'square');
  const offset = { xOffset: { field: o.ordering, type: series.color.type, sort: series.color.sort } };
  const layer: Layer[] = [barLayer(o.y, y, offset)];
  if (yLo && yHi) layer.push(errorBarLayer(yLo, yHi, y, { ...offset, color: { value: '#000000' } }));
  const xType = isNumericColumn(rows, o.x) ? 'ordinal' : 'nominal';
  const encoding = {
    x: positionChannel(o.x, xType, o.xTitle, { axis: { labelAngle: 0 } }),
    color: series.color,
  };
  const independent = o.facet !== undefined && (o.independentY ?? true);
  return composeFigure(
    { rows, layer, encoding, ...(independent ? { resolve: { scale: { y: 'independent' } } } : {}) },
    o,
  );
}

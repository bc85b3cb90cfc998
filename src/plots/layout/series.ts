import { distinctValues, isNumericColumn } from '../data/field-type.js';
import { defaultPlotFonts } from '../fonts/font-files.js';
import { fontTextWidth } from '../fonts/text-metrics.js';
import { FONT_SIZES, LABEL_LIMITS } from '../style/config.js';
import { OKABE_ITO } from '../style/palette.js';
import type { PlotRow } from '../types.js';
import { wrappedLabelExpr, wrapText } from './wrap-text.js';

/** A Vega-Lite channel definition as plain JSON. */
export type ChannelDef = Record<string, unknown>;

/** Horizontal space one legend entry takes besides its label: symbol, label offset, column padding (px). */
const ENTRY_OVERHEAD_PX = 28;

/**
 * How many columns a top, horizontal legend can use within `widthPx` before wrapping, measured with the real font:
 * every entry gets the widest label's slot, the title sits on the left.
 */
export function legendColumns(labels: readonly string[], title: string | null, widthPx: number): number {
  if (labels.length === 0) return 1;
  const measure = fontTextWidth(defaultPlotFonts());
  const titleWidth = title ? measure(title, FONT_SIZES.label, false) + 8 : 0;
  // Labels wider than the legend's label limit are wrapped (see seriesChannels): their widest line counts.
  const lineWidth = (l: string) =>
    Math.max(...wrapText(l, LEGEND_WRAP_PX, FONT_SIZES.label).map((line) => measure(line, FONT_SIZES.label, false)));
  const slot = Math.max(...labels.map(lineWidth)) + ENTRY_OVERHEAD_PX;
  return Math.max(1, Math.min(labels.length, Math.floor((widthPx - titleWidth) / slot)));
}

/** Width in px at which legend labels wrap onto a further line (under the legend's label limit, so none is cut). */
export const LEGEND_WRAP_PX = LABEL_LIMITS.legend - 10;

/** Legend symbol override: `square` for bars and boxes, `stroke` for lines without point marks. */
export type LegendSymbol = 'square' | 'stroke';

/** Symbol size of a `stroke` legend symbol (Vega sizes by area; this gives a ~14 px line). */
export const STROKE_SYMBOL_SIZE = 200;

/** Colour (and matching shape) channels for the series column of a figure `widthPx` wide. */
export interface SeriesChannels {
  color: ChannelDef;
  /** Same field and title as `color`, so Vega-Lite merges both into one legend; use it on point marks. */
  shape: ChannelDef;
}

/**
 * Series encodings for `field`: nominal with the Okabe–Ito palette, except a numeric column with more than eight
 * values, which becomes ordinal on the sequential scheme; values in spec order (numbers ascending). The legend wraps
 * into as many columns as fit, long labels onto several lines (never cut); `symbolType` overrides the legend symbol.
 */
export function seriesChannels(
  rows: readonly PlotRow[],
  field: string,
  title: string,
  widthPx: number,
  symbolType?: LegendSymbol,
): SeriesChannels {
  const values = distinctValues(rows, field);
  const ordered = isNumericColumn(rows, field) && values.length > OKABE_ITO.length;
  const labelExpr = wrappedLabelExpr(values.map(String), LEGEND_WRAP_PX, FONT_SIZES.label);
  const legend = {
    columns: legendColumns(values.map(String), title, widthPx),
    ...(labelExpr ? { labelExpr } : {}),
    ...(symbolType ? { symbolType, ...(symbolType === 'stroke' ? { symbolSize: STROKE_SYMBOL_SIZE } : {}) } : {}),
  };
  const type = ordered ? 'ordinal' : 'nominal';
  // Spec order: numbers ascending, other values as the rows list them (the order of the spec's cells).
  return {
    color: { field, type, title, sort: values, legend },
    shape: { field, type, title, sort: values, legend },
  };
}

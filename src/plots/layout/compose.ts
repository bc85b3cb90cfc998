import { distinctValues } from '../data/field-type.js';
import { DEFAULT_FONT_FAMILY } from '../fonts/font-files.js';
import { FACET_SPACING, FONT_SIZES, LABEL_LIMITS, publicationConfig } from '../style/config.js';
import { type FigureSize, type FigureSizeName, figurePixels, resolveFigureSize } from '../style/figure-size.js';
import type { PlotRow, PlotSpec, PlotValue } from '../types.js';
import type { ChannelDef } from './series.js';
import { wrappedLabelExpr } from './wrap-text.js';

/** Options every template accepts: size, title, small multiples. */
export interface FigureOptions {
  /** `column` (3.5 in wide, the default), `page` (7 in), or an explicit size in inches. */
  size?: FigureSizeName | FigureSize;
  /** Figure title (bold, above the plot); none by default — papers put titles in captions. */
  title?: string;
  /** Column to split into small multiples (one panel per value). */
  facet?: string;
  /** Panel header prefix: panels read `${facetTitle} = value`; defaults to the facet column's name; `null`: value only. */
  facetTitle?: string | null;
  /** Panels per row before wrapping; default 2 for widths under 5 in, else 3. */
  facetColumns?: number;
  /** Grid of small multiples: one row of panels per value of `facetRow`, one column per value of `facetColumn`. */
  facetRow?: string;
  facetColumn?: string;
  /** Header prefixes of the grid (`title = value`); default the column names; `null`: the value only. */
  rowTitle?: string | null;
  columnTitle?: string | null;
  /** Font family written into the spec; must match the fonts passed to the renderer. Default DejaVu Sans. */
  fontFamily?: string;
}

/** What a template contributes: rows, layers and the encodings they share. */
export interface FigureParts {
  rows: readonly PlotRow[];
  layer: Record<string, unknown>[];
  encoding?: Record<string, ChannelDef>;
  resolve?: Record<string, unknown>;
}

/** Target size of a faceted figure, read by the renderer to fit panel sizes exactly (Vega's `fit` skips facets). */
export interface FacetFit {
  width: number;
  height: number;
  columns: number;
  rows: number;
}

/** Key under the spec's `usermeta` holding a {@link FacetFit}. */
export const FACET_FIT_KEY = 'gradcodeFacetFit';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Allowance for the y axis (ticks, labels, title) left of the first panel, before the renderer's exact fit. */
const Y_AXIS_ALLOWANCE_PX = 56;
/** Allowance for x axis, legend and panel headers, before the renderer's exact fit. */
const X_AXIS_ALLOWANCE_PX = 36;
const LEGEND_ALLOWANCE_PX = 22;

/** The available plotting width in px of a figure (for legend wrapping), minus padding. */
export function figureContentWidth(options: FigureOptions): number {
  return figurePixels(resolveFigureSize(options.size)).width - 8;
}

/**
 * Assembles a template's layers into a complete spec in the publication style: rows inlined (copied), the whole
 * figure — axes, legend and title included — sized to `options.size` (`autosize: fit` for single panels; for facets a
 * first panel-size estimate that the renderer then fits exactly), explicit font family.
 */
export function composeFigure(parts: FigureParts, options: FigureOptions): PlotSpec {
  const px = figurePixels(resolveFigureSize(options.size));
  const values = parts.rows.map((r) => ({ ...r }));
  const base: Record<string, unknown> = {
    $schema: SCHEMA,
    config: publicationConfig(options.fontFamily ?? DEFAULT_FONT_FAMILY),
    data: { values },
  };
  if (options.title) base.title = options.title;
  const inner: Record<string, unknown> = { layer: parts.layer };
  if (parts.encoding) inner.encoding = parts.encoding;
  if (!options.facet && !options.facetRow && !options.facetColumn) {
    const spec = { ...base, width: px.width, height: px.height, autosize: { type: 'fit', contains: 'padding' } };
    return { ...spec, ...inner, ...(parts.resolve ? { resolve: parts.resolve } : {}) } as unknown as PlotSpec;
  }
  const wrap = options.facet !== undefined;
  const wrapValues = wrap ? distinctValues(parts.rows, options.facet!) : [];
  const rowValues = options.facetRow ? distinctValues(parts.rows, options.facetRow) : [];
  const columnValues = options.facetColumn ? distinctValues(parts.rows, options.facetColumn) : [];
  const columns = wrap
    ? Math.max(1, Math.min(wrapValues.length, options.facetColumns ?? (px.width < 480 ? 2 : 3)))
    : Math.max(1, columnValues.length);
  const rowsOfPanels = wrap ? Math.ceil(wrapValues.length / columns) : Math.max(1, rowValues.length);
  const spacing = FACET_SPACING;
  const titleAllowance = options.title ? FONT_SIZES.title + 8 : 0;
  const rowHeaderAllowance = options.facetRow ? 2 * (FONT_SIZES.header + 4) + 8 : 0;
  const width = Math.max(
    40,
    Math.floor((px.width - Y_AXIS_ALLOWANCE_PX - rowHeaderAllowance - (columns - 1) * spacing) / columns),
  );
  const headerRows = wrap ? rowsOfPanels : options.facetColumn ? 1 : 0;
  const height = Math.max(
    40,
    Math.floor(
      (px.height -
        titleAllowance -
        LEGEND_ALLOWANCE_PX -
        X_AXIS_ALLOWANCE_PX -
        headerRows * (FONT_SIZES.header + 6) -
        (rowsOfPanels - 1) * spacing) /
        rowsOfPanels,
    ),
  );
  const fit: FacetFit = { width: px.width, height: px.height, columns, rows: rowsOfPanels };
  const facet = wrap
    ? facetField(options.facet!, wrapValues, options.facetTitle, width)
    : {
        ...(options.facetRow ? { row: facetField(options.facetRow, rowValues, options.rowTitle, height, true) } : {}),
        ...(options.facetColumn
          ? { column: facetField(options.facetColumn, columnValues, options.columnTitle, width) }
          : {}),
      };
  return {
    ...base,
    usermeta: { [FACET_FIT_KEY]: fit },
    facet,
    ...(wrap ? { columns } : {}),
    spacing,
    spec: { width, height, ...inner },
    ...(parts.resolve ? { resolve: parts.resolve } : {}),
  } as unknown as PlotSpec;
}

/**
 * One facet field: values in their natural order (numbers ascending, other values in the order of the rows, which is
 * spec order), headers reading `title = value` wrapped onto several lines where wider than the panel (never cut), and
 * horizontal row headers.
 */
function facetField(
  field: string,
  values: readonly PlotValue[],
  title: string | null | undefined,
  panelPx: number,
  row = false,
): Record<string, unknown> {
  const prefix = title === null ? '' : `${title ?? field} = `;
  const wrapAt = Math.max(60, Math.min(panelPx - 8, LABEL_LIMITS.header - 10));
  const labelExpr = wrappedLabelExpr(values.map(String), wrapAt, FONT_SIZES.header, prefix);
  return {
    field,
    type: 'ordinal',
    sort: values,
    header: {
      title: null,
      ...(labelExpr ? { labelExpr } : {}),
      // Row headers read top to bottom on the right of the grid, like the column headers' strip above it.
      ...(row ? { labelAngle: 90, labelOrient: 'right', labelAlign: 'center', labelBaseline: 'bottom' } : {}),
    },
  };
}

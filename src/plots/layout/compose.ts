import { distinctValues } from '../data/field-type.js';
import { DEFAULT_FONT_FAMILY } from '../fonts/font-files.js';
import { FACET_SPACING, FONT_SIZES, publicationConfig } from '../style/config.js';
import { type FigureSize, type FigureSizeName, figurePixels, resolveFigureSize } from '../style/figure-size.js';
import type { PlotRow, PlotSpec } from '../types.js';
import type { ChannelDef } from './series.js';

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

/** Characters of a facet header that fit a panel `width` px wide (DejaVu Sans averages ≈ 0.6 em per character). */
function headerChars(width: number): number {
  return Math.max(8, Math.floor(width / (0.6 * FONT_SIZES.header)));
}

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
  if (!options.facet) {
    const spec = { ...base, width: px.width, height: px.height, autosize: { type: 'fit', contains: 'padding' } };
    return { ...spec, ...inner, ...(parts.resolve ? { resolve: parts.resolve } : {}) } as unknown as PlotSpec;
  }
  const panels = distinctValues(parts.rows, options.facet).length;
  const columns = Math.max(1, Math.min(panels, options.facetColumns ?? (px.width < 480 ? 2 : 3)));
  const rowsOfPanels = Math.ceil(panels / columns);
  const spacing = FACET_SPACING;
  const titleAllowance = options.title ? FONT_SIZES.title + 8 : 0;
  const width = Math.max(40, Math.floor((px.width - Y_AXIS_ALLOWANCE_PX - (columns - 1) * spacing) / columns));
  const height = Math.max(
    40,
    Math.floor(
      (px.height -
        titleAllowance -
        LEGEND_ALLOWANCE_PX -
        X_AXIS_ALLOWANCE_PX -
        rowsOfPanels * (FONT_SIZES.header + 6) -
        (rowsOfPanels - 1) * spacing) /
        rowsOfPanels,
    ),
  );
  const facetTitle = options.facetTitle === undefined ? options.facet : options.facetTitle;
  const fit: FacetFit = { width: px.width, height: px.height, columns, rows: rowsOfPanels };
  return {
    ...base,
    usermeta: { [FACET_FIT_KEY]: fit },
    facet: {
      field: options.facet,
      type: 'ordinal',
      // Parentheses matter: Vega-Lite substitutes `datum.label` with an unparenthesised conditional.
      // Headers are cut to the panel width in characters (with an ellipsis) in the expression itself: Vega sizes a
      // facet column by its header's measured width, which the font metrics take untruncated, so a long value (a code
      // name) would otherwise widen its column and squeeze every panel to the minimum width.
      header: {
        title: null,
        labelExpr: `truncate(${facetTitle === null ? '' : `${JSON.stringify(`${facetTitle} = `)} + `}(datum.label), ${headerChars(width)})`,
      },
    },
    columns,
    spacing,
    spec: { width, height, ...inner },
    ...(parts.resolve ? { resolve: parts.resolve } : {}),
  } as unknown as PlotSpec;
}

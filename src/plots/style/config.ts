import type { Config } from 'vega-lite';
import { DEFAULT_FONT_FAMILY } from '../fonts/font-files.js';
import { BAND_OPACITY, OKABE_ITO, POINT_SHAPES, SEQUENTIAL_SCHEME } from './palette.js';

/**
 * Font sizes in px (1 pt = 4/3 px): tick and legend labels 7.5 pt, axis titles and facet headers 8.25 pt, the figure
 * title 9 pt — readable at one-column width (3.5 in) without rescaling.
 */
export const FONT_SIZES = { label: 10, axisTitle: 11, header: 11, title: 12 } as const;

/** Longest axis / legend label in px before Vega truncates it with an ellipsis (set explicitly, never the default). */
export const LABEL_LIMITS = { axis: 140, legend: 180, legendTitle: 140, header: 240 } as const;

/** Several top legends (colour, line style) stack vertically instead of running off the right edge. */
export const LEGEND_LAYOUT = { layout: { top: { direction: 'vertical', anchor: 'start', margin: 3 } } } as const;

/** Gap between facet panels in px. */
export const FACET_SPACING = 10;

/** Stroke widths in px for data lines, axes and grid. */
export const STROKES = { line: 1.5, frame: 0.8, grid: 0.5, errorbar: 1 } as const;

/**
 * The shared publication style as a Vega-Lite config: one explicit font family for every text mark, black frame,
 * light major grid only, normal-weight axis titles, a top horizontal legend, Okabe–Ito colours with shape
 * redundancy, CI bands at {@link BAND_OPACITY}, no ARIA attributes (they repeat data values in the SVG).
 */
export function publicationConfig(family: string = DEFAULT_FONT_FAMILY): Config {
  return {
    font: family,
    background: 'white',
    padding: 4,
    aria: false,
    view: { stroke: '#000000', strokeWidth: STROKES.frame },
    axis: {
      domain: false,
      labelFont: family,
      labelFontSize: FONT_SIZES.label,
      labelColor: '#000000',
      labelLimit: LABEL_LIMITS.axis,
      labelPadding: 2,
      labelOverlap: true,
      titleFont: family,
      titleFontSize: FONT_SIZES.axisTitle,
      titleFontWeight: 'normal',
      titleColor: '#000000',
      titlePadding: 4,
      tickColor: '#000000',
      tickSize: 3,
      tickWidth: STROKES.frame,
      grid: true,
      gridColor: '#e3e3e3',
      gridWidth: STROKES.grid,
    },
    axisBand: { grid: false },
    legend: {
      orient: 'top',
      direction: 'horizontal',
      titleOrient: 'left',
      titleAnchor: 'start',
      labelFont: family,
      labelFontSize: FONT_SIZES.label,
      labelLimit: LABEL_LIMITS.legend,
      titleFont: family,
      titleFontSize: FONT_SIZES.label,
      titleFontWeight: 'normal',
      titleLimit: LABEL_LIMITS.legendTitle,
      titlePadding: 6,
      symbolSize: 48,
      symbolOpacity: 1,
      symbolStrokeWidth: STROKES.line,
      columnPadding: 10,
      rowPadding: 3,
      padding: 0,
      offset: 6,
      // Vega's legend `layout` passes through Vega-Lite at run time but is missing from its LegendConfig type.
      ...(LEGEND_LAYOUT as object),
    },
    header: {
      labelFont: family,
      labelFontSize: FONT_SIZES.header,
      labelFontWeight: 'normal',
      labelLimit: LABEL_LIMITS.header,
      labelPadding: 3,
      titleFont: family,
      titleFontSize: FONT_SIZES.header,
      titleFontWeight: 'normal',
    },
    title: { font: family, fontSize: FONT_SIZES.title, fontWeight: 'bold', anchor: 'start', offset: 6 },
    mark: { color: OKABE_ITO[0] },
    line: { strokeWidth: STROKES.line },
    point: { size: 24, filled: true, opacity: 1, strokeWidth: 0 },
    bar: { stroke: null },
    rule: { strokeWidth: STROKES.errorbar },
    tick: { thickness: STROKES.line },
    errorband: { band: { opacity: BAND_OPACITY } },
    errorbar: { thickness: STROKES.errorbar, ticks: { size: 5 } },
    range: {
      category: [...OKABE_ITO],
      symbol: POINT_SHAPES,
      ordinal: { scheme: SEQUENTIAL_SCHEME },
      ramp: { scheme: SEQUENTIAL_SCHEME },
    },
    facet: { spacing: FACET_SPACING },
    concat: { spacing: 12 },
  };
}

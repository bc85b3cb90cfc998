/** CSS pixels per inch: Vega lays figures out in px; SVG/PDF keep 96 px = 1 in (svg-to-pdfkit maps 1 px → 0.75 pt). */
export const PX_PER_INCH = 96;

/** PNG resolution used unless a caller asks for another (publication raster standard). */
export const DEFAULT_DPI = 300;

/** Physical figure size in inches, including axes, legend and title. */
export interface FigureSize {
  widthIn: number;
  heightIn: number;
}

/**
 * Standard figure sizes: `column` fits one column of a two-column paper (IEEE/ACM/NeurIPS ≈ 3.3–3.5 in), `page` spans
 * both columns (≈ 7 in).
 */
export const FIGURE_SIZES = {
  column: { widthIn: 3.5, heightIn: 2.6 },
  page: { widthIn: 7, heightIn: 3.2 },
} as const satisfies Record<string, FigureSize>;

/** Name of a standard size in {@link FIGURE_SIZES}. */
export type FigureSizeName = keyof typeof FIGURE_SIZES;

/** A standard size by name, or an explicit size in inches; `column` when omitted. */
export function resolveFigureSize(size: FigureSizeName | FigureSize = 'column'): FigureSize {
  const resolved = typeof size === 'string' ? FIGURE_SIZES[size] : size;
  if (!resolved)
    throw new RangeError(`unknown figure size "${String(size)}" (use ${Object.keys(FIGURE_SIZES).join(', ')})`);
  if (!(resolved.widthIn > 0 && resolved.heightIn > 0)) {
    throw new RangeError(`figure size must be positive, got ${resolved.widthIn} × ${resolved.heightIn} in`);
  }
  return resolved;
}

/** Whole-figure size in px (rounded), the unit Vega lays out in. */
export function figurePixels(size: FigureSize): { width: number; height: number } {
  return { width: Math.round(size.widthIn * PX_PER_INCH), height: Math.round(size.heightIn * PX_PER_INCH) };
}

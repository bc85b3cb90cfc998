import type * as Vega from 'vega';
import { pdfDocumentClass } from '../render/heavy-modules.js';
import type { PlotFonts } from './font-files.js';

/** Measures the advance width in px of `text` at `fontSize` px, in the regular or bold face. */
export type TextWidth = (text: string, fontSize: number, bold: boolean) => number;

const measurers = new Map<string, TextWidth>();

/**
 * A width function reading the real glyph advances (with kerning) of `fonts` through pdfkit's font engine. Cached
 * per font pair; results are memoised per (face, size, text).
 */
export function fontTextWidth(fonts: PlotFonts): TextWidth {
  const key = `${fonts.regular}\n${fonts.bold}`;
  const known = measurers.get(key);
  if (known) return known;
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const memo = new Map<string, number>();
  const width: TextWidth = (text, fontSize, bold) => {
    const k = `${bold ? 'b' : 'r'}${fontSize}|${text}`;
    let w = memo.get(k);
    if (w === undefined) {
      w = text.length === 0 || !(fontSize > 0) ? 0 : doc.font(bold ? 'bold' : 'regular', fontSize).widthOfString(text);
      memo.set(k, w);
    }
    return w;
  };
  measurers.set(key, width);
  return width;
}

/** True for a Vega `fontWeight` that selects the bold face (`bold`, `bolder`, or a numeric weight ≥ 600). */
export function isBoldWeight(weight: unknown): boolean {
  if (weight === 'bold' || weight === 'bolder') return true;
  const n = Number(weight);
  return Number.isFinite(n) && n >= 600;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
}

/** vega-scenegraph's text measurement hooks, re-exported by `vega` at run time but absent from vega-typings. */
interface VegaTextMetrics {
  width: (item: TextItem, text: unknown) => number;
}

/**
 * Makes Vega lay text out with the real widths of `fonts` instead of its canvas-less estimate (0.8 · length ·
 * fontSize), so legends, axis titles and label limits are sized for the glyphs actually drawn. This sets the shared
 * `vega.textMetrics.width` hook for the whole process (the same hook vl-convert uses); labels that Vega truncates at
 * their `labelLimit` are then bounded by their untruncated width (a little extra space, never clipping). `vega` is the loaded module (see `loadVega`).
 */
export function useFontTextMetrics(fonts: PlotFonts, vega: typeof Vega): void {
  const width = fontTextWidth(fonts);
  const metrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;
  metrics.width = (item: TextItem, text: unknown) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const s = text == null ? '' : String(text).trim();
    return width(s, size, isBoldWeight(item.fontWeight));
  };
}

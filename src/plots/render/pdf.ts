import { checkedPlotFonts, defaultPlotFonts, type PlotFonts } from '../fonts/font-files.js';
import { pdfDocumentClass, svgToPdfkit } from './heavy-modules.js';
import { svgSize } from './svg-size.js';

/** Options for {@link svgToPdf}. */
export interface PdfOptions {
  /** Fonts embedded in the PDF (regular and bold); the bundled DejaVu Sans by default. */
  fonts?: PlotFonts;
  /** Written as the document's creation date; fixed at the Unix epoch by default so equal input gives equal bytes. */
  creationDate?: Date;
  /** Document title metadata. */
  title?: string;
  /** Receives svg-to-pdfkit warnings other than font failures (which throw); default: ignored. */
  onWarning?: (message: string) => void;
}

/** svg-to-pdfkit maps 1 SVG px to 72/96 pt (its default `assumePt: false`); the page is sized the same way. */
export const PT_PER_PX = 72 / 96;

const REGULAR = 'PlotFont';
const BOLD = 'PlotFont-Bold';

/**
 * Rewrites the two SVG features svg-to-pdfkit mishandles: numeric bold weights (it maps only `bold` to the bold
 * face) and dash arrays with zero entries (pdfkit throws on them; Vega writes a solid line as `1,0`). A dash array
 * whose gaps are all zero is removed (solid); other zero entries become 0.01 px.
 */
export function pdfCompatibleSvg(svg: string): string {
  return svg
    .replace(/font-weight="(?:bolder|[6-9]00)"/g, 'font-weight="bold"')
    .replace(/\s?stroke-dasharray="([^"]*)"/g, (whole, list: string) => {
      const dashes = list
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      if (dashes.length === 0 || dashes.every((d) => d > 0)) return whole;
      if (dashes.filter((_, i) => i % 2 === 1).every((gap) => gap === 0)) return '';
      return ` stroke-dasharray="${dashes.map((d) => (d > 0 ? d : 0.01)).join(',')}"`;
    });
}

/**
 * Converts an SVG to a one-page vector PDF whose page is exactly the figure (px × 0.75 = pt, so a 336 px figure is
 * 3.5 in wide). The regular and bold TTFs are registered and embedded as subsets; every text element maps to one of
 * them (bold for `font-weight` bold / ≥ 600), so nothing falls back to a standard PDF font. Throws if a font cannot
 * be used.
 */
export async function svgToPdf(svg: string, options: PdfOptions = {}): Promise<Buffer> {
  const fonts = options.fonts ? checkedPlotFonts(options.fonts) : defaultPlotFonts();
  const { width, height } = svgSize(svg);
  const PDFDocument = pdfDocumentClass();
  const SVGtoPDF = svgToPdfkit();
  const doc = new PDFDocument({
    size: [width * PT_PER_PX, height * PT_PER_PX],
    margin: 0,
    info: {
      Producer: 'gradcode',
      Creator: 'gradcode',
      CreationDate: options.creationDate ?? new Date(0),
      ...(options.title ? { Title: options.title } : {}),
    },
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const normalised = pdfCompatibleSvg(svg);
  let fontFailure: string | undefined;
  SVGtoPDF(doc, normalised, 0, 0, {
    width: width * PT_PER_PX,
    height: height * PT_PER_PX,
    fontCallback: (_family, bold) => (bold ? BOLD : REGULAR),
    warningCallback: (message) => {
      if (/font/i.test(message)) fontFailure ??= message;
      else options.onWarning?.(message);
    },
  });
  doc.end();
  return done.then((pdf) => {
    if (fontFailure) throw new Error(`svgToPdf: ${fontFailure} (${fonts.regular})`);
    return pdf;
  });
}

/** Types for the untyped `svg-to-pdfkit` package (0.1.8): the options gradcode uses. */
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    /** Treat SVG user units as pt; when false (default) 1 px = 0.75 pt. */
    assumePt?: boolean;
    precision?: number;
    /** Returns the registered pdfkit font name for a text element; may set fauxBold / fauxItalic. */
    fontCallback?: (
      family: string,
      bold: boolean,
      italic: boolean,
      fontOptions: { fauxItalic: boolean; fauxBold: boolean },
    ) => string;
    warningCallback?: (message: string) => void;
  }
  export default function SVGtoPDF(
    doc: PDFKit.PDFDocument,
    svg: string,
    x?: number,
    y?: number,
    options?: SvgToPdfOptions,
  ): void;
}

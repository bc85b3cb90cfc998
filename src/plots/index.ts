/**
 * Publication plots: tidy rows → Vega-Lite templates in one shared style → SVG (vega, headless), PNG (resvg) and PDF
 * (pdfkit + svg-to-pdfkit) with the bundled DejaVu Sans fonts. See docs/plots/README.md.
 */
export * from './data/columns.js';
export * from './fonts/font-files.js';
export * from './grammar/figure.js';
export * from './grammar/filter.js';
export * from './grammar/log-choice.js';
export * from './grammar/marks.js';
export * from './grammar/request.js';
export type { FigureOptions } from './layout/compose.js';
export * from './render/formats.js';
export * from './render/pdf.js';
export * from './render/png.js';
export * from './render/render-plot.js';
export * from './render/svg.js';
export * from './render/svg-size.js';
export * from './style/config.js';
export * from './style/figure-size.js';
export * from './style/log-axis.js';
export * from './style/palette.js';
export * from './templates/code-comparison.js';
export * from './templates/completion-cdf.js';
export * from './templates/completion-time.js';
export * from './templates/convergence-bound.js';
export * from './templates/error-vs-time.js';
export * from './templates/ordering-comparison.js';
export * from './templates/plot-table.js';
export * from './types.js';

import { createRequire } from 'node:module';
import type PDFKit from 'pdfkit';

/**
 * The rendering libraries (vega + vega-lite ≈ 0.65 s, pdfkit ≈ 0.3 s to import) are loaded on first use, not when
 * `src/plots` is imported, so CLI commands that never draw (doctor, inspect, schema, …) start fast.
 */
const require = createRequire(import.meta.url);

/** The `vega` and `vega-lite` modules. */
export interface VegaModules {
  readonly vega: typeof import('vega');
  readonly vegaLite: typeof import('vega-lite');
}

let vegaModules: Promise<VegaModules> | undefined;

/** Imports vega and vega-lite once per process (both are ES modules, so asynchronously). */
export function loadVega(): Promise<VegaModules> {
  vegaModules ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return vegaModules;
}

/** pdfkit's document class, loaded synchronously (its CommonJS build) on first use. */
export function pdfDocumentClass(): typeof PDFKit {
  return require('pdfkit') as typeof PDFKit;
}

/** svg-to-pdfkit's converter, loaded synchronously (CommonJS) on first use. */
export function svgToPdfkit(): typeof import('svg-to-pdfkit').default {
  return require('svg-to-pdfkit') as typeof import('svg-to-pdfkit').default;
}

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkedPlotFonts, defaultPlotFonts, type PlotFonts } from '../fonts/font-files.js';
import type { PlotSpec } from '../types.js';
import type { PlotFormat } from './formats.js';
import { svgToPdf } from './pdf.js';
import { svgToPng } from './png.js';
import { renderSvg } from './svg.js';

/** Options for {@link renderPlotToBuffers}. */
export interface RenderOptions {
  /** Formats to produce; default `['svg', 'png', 'pdf']`. The SVG is always made (the others are converted from it). */
  formats?: readonly PlotFormat[];
  /** PNG resolution (default 300 dpi). */
  dpi?: number;
  /** Fonts for layout, PNG and PDF; the bundled DejaVu Sans by default. */
  fonts?: PlotFonts;
  /** Receives rendering warnings; default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** A rendered plot in memory, with the time each stage took. */
export interface RenderedPlot {
  svg: string;
  png?: Buffer;
  pdf?: Buffer;
  /** Wall time per stage in ms (`svg` includes Vega-Lite compilation and layout). */
  timingsMs: Partial<Record<PlotFormat, number>>;
}

/** Renders `spec` to the requested formats in memory. */
export async function renderPlotToBuffers(spec: PlotSpec, options: RenderOptions = {}): Promise<RenderedPlot> {
  const formats = options.formats ?? ['svg', 'png', 'pdf'];
  const fonts = options.fonts ? checkedPlotFonts(options.fonts) : defaultPlotFonts();
  const timingsMs: RenderedPlot['timingsMs'] = {};
  let t = performance.now();
  const svg = await renderSvg(spec, { fonts, onWarning: options.onWarning });
  timingsMs.svg = performance.now() - t;
  const out: RenderedPlot = { svg, timingsMs };
  if (formats.includes('png')) {
    t = performance.now();
    out.png = svgToPng(svg, { dpi: options.dpi, fonts });
    timingsMs.png = performance.now() - t;
  }
  if (formats.includes('pdf')) {
    t = performance.now();
    out.pdf = await svgToPdf(svg, { fonts, onWarning: options.onWarning });
    timingsMs.pdf = performance.now() - t;
  }
  return out;
}

/** Options for {@link renderPlot}: where to write, plus {@link RenderOptions}. */
export interface RenderFileOptions extends RenderOptions {
  /** Output path without extension: `results/fig1` writes `results/fig1.svg`, `.png`, `.pdf`. Folders are created. */
  outBase: string;
}

/** Renders `spec` and writes one file per requested format; returns the written paths by format. */
export async function renderPlot(
  spec: PlotSpec,
  options: RenderFileOptions,
): Promise<Partial<Record<PlotFormat, string>>> {
  const formats = options.formats ?? ['svg', 'png', 'pdf'];
  const rendered = await renderPlotToBuffers(spec, { ...options, formats });
  await mkdir(dirname(options.outBase), { recursive: true });
  const paths: Partial<Record<PlotFormat, string>> = {};
  for (const format of formats) {
    const data = format === 'svg' ? rendered.svg : rendered[format];
    if (data === undefined) continue;
    const path = `${options.outBase}.${format}`;
    await writeFile(path, data);
    paths[format] = path;
  }
  return paths;
}

import { crc32 } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { checkedPlotFonts, defaultPlotFonts, type PlotFonts } from '../fonts/font-files.js';
import { DEFAULT_DPI, PX_PER_INCH } from '../style/figure-size.js';

/** Options for {@link svgToPng}. */
export interface PngOptions {
  /** Output resolution; the PNG is `dpi / 96` times the SVG's px size and records the resolution. Default 300. */
  dpi?: number;
  /** Fonts given to resvg (system fonts are never loaded); the bundled DejaVu Sans by default. */
  fonts?: PlotFonts;
}

/** Returns `png` with a pHYs chunk (pixels per metre) after IHDR, so documents place it at its physical size. */
export function withPngResolution(png: Buffer, dpi: number): Buffer {
  const IHDR_END = 8 + 25;
  if (png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG: IHDR chunk missing');
  const ppm = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(ppm, 8);
  chunk.writeUInt32BE(ppm, 12);
  chunk.writeUInt8(1, 16);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  return Buffer.concat([png.subarray(0, IHDR_END), chunk, png.subarray(IHDR_END)]);
}

/** Raw RGBA pixels of a rasterised SVG (row-major, 4 bytes per pixel). */
export interface RasterImage {
  width: number;
  height: number;
  pixels: Buffer;
}

/**
 * Rasterises an SVG with resvg on a white background at `dpi`. Only the given font files are loaded (never the
 * system's), with their family also as the fallback, so no text can be dropped for want of a font and the image is
 * the same on every machine.
 */
function rasterise(svg: string, options: PngOptions) {
  const dpi = options.dpi ?? DEFAULT_DPI;
  if (!(dpi > 0)) throw new RangeError(`dpi must be positive, got ${dpi}`);
  const fonts = options.fonts ? checkedPlotFonts(options.fonts) : defaultPlotFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: dpi / PX_PER_INCH },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.regular, fonts.bold],
      defaultFontFamily: fonts.family,
      sansSerifFamily: fonts.family,
    },
  });
  return { image: resvg.render(), dpi };
}

/** Rasterises an SVG as {@link svgToPng} does and returns the RGBA pixels (for checks on what was drawn). */
export function svgToPixels(svg: string, options: PngOptions = {}): RasterImage {
  const { image } = rasterise(svg, options);
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/**
 * Rasterises an SVG to a PNG of `dpi / 96` times its px size (300 dpi by default) that records its resolution, drawn
 * by resvg with the plot fonts only (see {@link svgToPixels}).
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const { image, dpi } = rasterise(svg, options);
  return withPngResolution(image.asPng(), dpi);
}

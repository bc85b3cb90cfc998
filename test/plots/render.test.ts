import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPlotFonts } from '../../src/plots/fonts/font-files.js';
import { pdfCompatibleSvg, svgToPdf } from '../../src/plots/render/pdf.js';
import { svgToPixels, svgToPng } from '../../src/plots/render/png.js';
import { renderPlot, renderPlotToBuffers } from '../../src/plots/render/render-plot.js';
import { renderSvg } from '../../src/plots/render/svg.js';
import { svgSize } from '../../src/plots/render/svg-size.js';
import { PLOT_EXAMPLES } from './examples.js';

const byName = (name: string) => PLOT_EXAMPLES.find((e) => e.name === name)!.spec();

/** Pixels darker than mid-grey (text, axes, lines) in an RGBA buffer. */
function darkPixels(pixels: Buffer): number {
  let n = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 3 * 128) n++;
  return n;
}

/** A bare SVG with one line of text and nothing else. */
const TEXT_ONLY = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">
<text x="10" y="28" font-family="DejaVu Sans" font-size="20px" fill="#000">Completion time</text>
<text x="10" y="38" font-family="DejaVu Sans" font-weight="bold" font-size="8px" fill="#000">bold</text></svg>`;

const tmp = mkdtempSync(join(tmpdir(), 'gradcode-plots-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('PNG', () => {
  it('draws text with the bundled fonts where resvg without fonts draws nothing', () => {
    const bare = new Resvg(TEXT_ONLY, { font: { loadSystemFonts: false }, background: 'white' }).render();
    expect(darkPixels(bare.pixels)).toBe(0); // the failure mode we guard against: text silently dropped
    const ours = svgToPixels(TEXT_ONLY, { dpi: 96 });
    expect(ours.width).toBe(200);
    expect(darkPixels(ours.pixels)).toBeGreaterThan(300);
  });

  it('keeps every label of a real figure: removing the text removes a large share of the ink', async () => {
    const svg = await renderSvg(byName('error-vs-time'));
    const withText = darkPixels(svgToPixels(svg, { dpi: 96 }).pixels);
    const withoutText = darkPixels(svgToPixels(svg.replace(/<text\b[^>]*>[^<]*<\/text>/g, ''), { dpi: 96 }).pixels);
    // Labels, titles and legend are about 45% of the dark pixels of this figure; dropped text would make it 0.
    expect((withText - withoutText) / withText).toBeGreaterThan(0.3);
  });

  it('is dpi/96 times the SVG size and records the resolution in a pHYs chunk', async () => {
    const svg = await renderSvg(byName('completion-time-bars'));
    const { width, height } = svgSize(svg);
    expect(width).toBe(336); // one column: 3.5 in at 96 px/in
    const png = svgToPng(svg, { dpi: 300 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(Math.round((width * 300) / 96));
    expect(png.readUInt32BE(20)).toBe(Math.round((height * 300) / 96));
    const phys = png.indexOf('pHYs', 0, 'latin1');
    expect(phys).toBe(37); // right after IHDR
    expect(png.readUInt32BE(phys + 4)).toBe(Math.round(300 / 0.0254));
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('refuses to render when a font file is missing instead of dropping text', async () => {
    const fonts = { ...defaultPlotFonts(), bold: join(tmp, 'missing-Bold.ttf') };
    expect(() => svgToPng(TEXT_ONLY, { fonts })).toThrow(/plot font missing: bold face of "DejaVu Sans" not found/);
    await expect(svgToPdf(TEXT_ONLY, { fonts })).rejects.toThrow(/plot font missing/);
    await expect(renderPlotToBuffers(byName('plot-table'), { fonts })).rejects.toThrow(/missing-Bold\.ttf/);
  });
});

describe('PDF', () => {
  it('embeds DejaVu Sans regular and bold as font files, with no standard-14 fallback', async () => {
    const pdf = (await svgToPdf(await renderSvg(byName('plot-table')))).toString('latin1');
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/); // the figure title is bold
    expect((pdf.match(/\/FontFile2 /g) ?? []).length).toBe(2);
    expect(pdf).not.toMatch(/Helvetica|Times-Roman|Courier/);
  });

  it('sizes the page to the figure in points (px × 0.75): 3.5 in for one column', async () => {
    const svg = await renderSvg(byName('completion-time-bars'));
    const { width, height } = svgSize(svg);
    const pdf = (await svgToPdf(svg)).toString('latin1');
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf)!;
    expect(Number(box[1])).toBeCloseTo(width * 0.75, 6);
    expect(Number(box[1]) / 72).toBeCloseTo(3.5, 6);
    expect(Number(box[2])).toBeCloseTo(height * 0.75, 6);
  });

  it('is byte-identical for the same input (fixed creation date, deterministic ids)', async () => {
    const svg = await renderSvg(byName('convergence-bound'));
    expect((await svgToPdf(svg)).equals(await svgToPdf(svg))).toBe(true);
  });

  it('maps numeric bold weights to bold and makes zero-length dashes acceptable to pdfkit', () => {
    const svg = '<path stroke-dasharray="1,0"/><path stroke-dasharray="4,0,2,3"/><text font-weight="700">a</text>';
    expect(pdfCompatibleSvg(svg)).toBe('<path/><path stroke-dasharray="4,0.01,2,3"/><text font-weight="bold">a</text>');
  });
});

describe('renderPlot', () => {
  it('writes the requested formats next to outBase and returns their paths', async () => {
    const outBase = join(tmp, 'nested', 'figure');
    const paths = await renderPlot(byName('completion-cdf'), { formats: ['svg', 'pdf'], outBase });
    expect(paths).toEqual({ svg: `${outBase}.svg`, pdf: `${outBase}.pdf` });
    expect(readFileSync(paths.svg!, 'utf8')).toMatch(/^<svg /);
    expect(readFileSync(paths.pdf!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('fits a faceted two-column figure to 7 in within a pixel', async () => {
    const { width } = svgSize(await renderSvg(byName('code-comparison')));
    expect(Math.abs(width - 672)).toBeLessThanOrEqual(1);
  });
});

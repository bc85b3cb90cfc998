import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PlotFormat } from '../plots/render/formats.js';
import { renderPlot } from '../plots/render/render-plot.js';
import { markdownReport } from './markdown.js';
import type { ReproduceResult } from './result.js';
import type { ReportPlot } from './types.js';

/** PNG resolution of report plots (the docs gallery uses the same). */
export const REPORT_PNG_DPI = 150;

/** Where {@link writeReport} writes, and what. */
export interface ReportOutput {
  readonly outDir: string;
  readonly plots: readonly ReportPlot[];
  /** The spec file as written, quoted in the report. */
  readonly specText: string;
  readonly formats: readonly PlotFormat[];
}

/**
 * Writes an entry's outputs into `outDir`: each plot as `<name>.<format>`, `report.md` (claim, source, setting,
 * criterion, results with reasons, tables, plots, notes) and `result.json` (the {@link ReproduceResult}, with
 * non-finite numbers written as the strings "Infinity"/"-Infinity" and NaN as null).
 */
export async function writeReport(
  result: Omit<ReproduceResult, 'files'>,
  output: ReportOutput,
): Promise<ReproduceResult['files']> {
  await mkdir(output.outDir, { recursive: true });
  const plots: Record<string, string[]> = {};
  for (const plot of output.plots) {
    const paths = await renderPlot(plot.spec, {
      formats: output.formats,
      outBase: join(output.outDir, plot.name),
      dpi: REPORT_PNG_DPI,
      onWarning: () => {},
    });
    plots[plot.name] = Object.values(paths).filter((p): p is string => p !== undefined);
  }
  const imageFormat = output.formats.includes('png') ? 'png' : output.formats.includes('svg') ? 'svg' : undefined;
  const report = join(output.outDir, 'report.md');
  const json = join(output.outDir, 'result.json');
  const images = output.plots.map((p) => ({
    caption: p.caption,
    file: imageFormat ? basename(plots[p.name].find((f) => f.endsWith(`.${imageFormat}`)) ?? '') : '',
  }));
  await writeFile(report, markdownReport(result, { specText: output.specText, images }));
  const files = { report, json, plots };
  await writeFile(json, `${JSON.stringify({ ...result, files }, jsonNumbers, 2)}\n`);
  return files;
}

/** JSON replacer: ±∞ as strings, NaN as null. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return null;
  return value > 0 ? 'Infinity' : '-Infinity';
}

import { join } from 'node:path';
import { InputError } from '../errors.js';
import { checkPlotPixels } from '../limits/limits.js';
import { grammarFigure } from '../plots/grammar/figure.js';
import type { PlotFormat } from '../plots/render/formats.js';
import { renderPlotToBuffers } from '../plots/render/render-plot.js';
import { DEFAULT_DPI, resolveFigureSize } from '../plots/style/figure-size.js';
import type { PlotSpec } from '../plots/types.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { FigureJob } from './figure-jobs.js';

/** A figure drawn to files. */
export interface DrawnFigure {
  readonly name: string;
  readonly files: string[];
  /** Rows drawn (after filters and averaging): one per mark. */
  readonly rows: number;
  /** The layout's decision and the grammar's notes (averaging, round-off floor, redrawn intervals). */
  readonly notes: string[];
  /** The Vega-Lite spec that was rendered (the report embeds it). */
  readonly spec: PlotSpec;
}

/** Options of {@link drawFigures}. */
export interface DrawOptions {
  /** PNG resolution (default 300 dpi). */
  readonly dpi?: number;
  /** Receives Vega's rendering warnings. */
  readonly onWarning?: (message: string) => void;
}

/** The Vega-Lite spec of a job, the rows it draws (one per mark) and the notes of the grammar (no rendering). */
export function jobFigure(job: FigureJob): { spec: PlotSpec; rows: number; notes: string[] } {
  const { spec, rows, notes } = grammarFigure(job.request);
  return { spec, rows, notes: [...(job.note ? [job.note] : []), ...notes] };
}

/**
 * Draws every job into `outDir/<name>.<format>`; each file is written atomically (a crash leaves the old file or the
 * new one, never a torn image). Errors of a job name its spec entry or flags (InputError), so nothing is drawn at
 * all when any request is bad: every figure's size is checked against limits.plotPixels and every figure is built
 * before the first file is written.
 */
export async function drawFigures(
  jobs: readonly FigureJob[],
  outDir: string,
  options: DrawOptions = {},
): Promise<DrawnFigure[]> {
  for (const job of jobs) {
    const size = resolveFigureSize(job.request.size);
    checkPlotPixels(size.widthIn, size.heightIn, options.dpi ?? DEFAULT_DPI, job.sizeField ?? '--size');
  }
  const built = jobs.map((job) => ({ job, ...jobFigure(job) }));
  const names = new Set<string>();
  for (const { job } of built) {
    if (names.has(job.name))
      throw new InputError('plots', `two figures would be written to ${job.name}: give the entries distinct names`);
    names.add(job.name);
  }
  const drawn: DrawnFigure[] = [];
  for (const { job, spec, rows, notes } of built) {
    const rendered = await renderPlotToBuffers(spec, {
      formats: job.formats as PlotFormat[],
      dpi: options.dpi,
      onWarning: options.onWarning ?? (() => {}),
    });
    const files: string[] = [];
    for (const format of job.formats) {
      const data = format === 'svg' ? rendered.svg : rendered[format];
      if (data === undefined) continue;
      const path = join(outDir, `${job.name}.${format}`);
      writeFileAtomic(path, data);
      files.push(path);
    }
    drawn.push({ name: job.name, files, rows, notes, spec });
  }
  return drawn;
}

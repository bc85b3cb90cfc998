import { join } from 'node:path';
import { type DrawnFigure, type DrawOptions, drawFigures } from './draw.js';
import { defaultPlotJobs, type FigureJob, specPlotJobs } from './figure-jobs.js';
import { loadResultsView } from './load-view.js';
import { type ResultsView, viewPlotTables } from './results-view.js';
import { resolveSpecPlots } from './spec-plots.js';

/**
 * The figures a results directory gets by itself: its spec's `plots` entries (each completed so no cells merge), or,
 * when the spec lists none, the default layout of the sweep (`defaultTrialFigures`).
 */
export function resultsPlotJobs(view: ResultsView): FigureJob[] {
  const plots = resolveSpecPlots(view.plots, viewPlotTables(view));
  return plots.length ? specPlotJobs(view, plots) : defaultPlotJobs(view);
}

/**
 * Draws the figures of complete results (trials or training) into `DIR/plots/` (see {@link resultsPlotJobs});
 * nothing when the results are incomplete (a shard of a larger sweep).
 */
export async function drawResultsPlots(dir: string, options: DrawOptions = {}): Promise<DrawnFigure[]> {
  const view = await loadResultsView(dir);
  if (!view.complete) return [];
  return drawFigures(resultsPlotJobs(view), join(dir, 'plots'), options);
}

import { applyFilters } from '../plots/grammar/filter.js';
import { separatingColumns } from '../plots/grammar/marks.js';
import type { GrammarRequest } from '../plots/grammar/request.js';
import { KEY_CHANNELS } from '../plots/grammar/request.js';
import type { PlotFormat } from '../plots/render/formats.js';
import { type FigureSettings, resolveFigure, type SettingsNaming, specNaming } from './figure-request.js';
import { completeLayout, defaultTrainFigures, defaultTrialFigures, type NamedFigure } from './layout.js';
import type { ResultsView } from './results-view.js';
import type { ResolvedSpecPlot } from './spec-plots.js';

/** One figure ready to draw: file name, grammar request, formats, and what the layout decided. */
export interface FigureJob {
  readonly name: string;
  readonly request: GrammarRequest;
  readonly formats: readonly PlotFormat[];
  readonly note?: string;
  /** The field that sets the figure's size (`--size`, `plots[2].size`), for a size refused by the limits. */
  readonly sizeField?: string;
}

/** The columns still separating rows of a request beyond its encodings (none when averaging). */
function unmapped(request: GrammarRequest): string[] {
  if (request.aggregate === 'mean') return [];
  const keys = KEY_CHANNELS.map((ch) => request[ch]).filter((c): c is string => c !== undefined);
  return separatingColumns(applyFilters(request.rows, request.where ?? []), keys, request.candidates);
}

/**
 * The figures of one set of settings, completed so that no two rows share a mark: columns the encodings leave
 * unmapped go to free channels (colour, facet column, facet row), and what is left splits the figure in several
 * (see `completeLayout`). Used for a spec's `plots` entries and the default layouts, never for an explicit
 * `gradcode plot --x … --y …`, which refuses instead.
 */
export function completedJobs(
  view: ResultsView,
  figure: NamedFigure,
  naming: SettingsNaming,
  formats: readonly PlotFormat[],
): FigureJob[] {
  const request = resolveFigure(view, figure.settings, naming);
  const left = unmapped(request);
  const table = view.tables.find((t) => t.rows === request.rows)!;
  const rows = applyFilters(request.rows, request.where ?? []);
  return completeLayout(figure, left, rows).map((f) => ({
    name: f.name,
    request: resolveFigure(view, { ...f.settings, table: table.name } as FigureSettings, naming),
    formats,
    note: f.note,
  }));
}

/** The jobs of a spec's resolved `plots` list. */
export function specPlotJobs(view: ResultsView, plots: readonly ResolvedSpecPlot[]): FigureJob[] {
  return plots.flatMap((plot, k) =>
    completedJobs(view, { name: plot.name, settings: plot.settings }, specNaming(k), plot.formats).map((job) => ({
      ...job,
      sizeField: `plots[${k}].size`,
    })),
  );
}

/** The default figures of results whose spec lists no `plots`, in the given formats. */
export function defaultPlotJobs(view: ResultsView, formats: readonly PlotFormat[] = ['svg', 'png']): FigureJob[] {
  const figures = view.kind === 'trials' ? defaultTrialFigures(view) : defaultTrainFigures(view);
  return figures.flatMap((figure) => completedJobs(view, figure, specNaming(-1), formats));
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobFigure } from '../figures/draw.js';
import { resultsPlotJobs } from '../figures/results-plots.js';
import type { ResultsView } from '../figures/results-view.js';
import { packageVersion } from '../package-root.js';
import { browserBundles } from './browser-bundles.js';
import { escapeHtml, scriptJson } from './html.js';
import { reportTables } from './results-tables.js';

/** A figure of the report: its name, Vega-Lite spec (tooltips on) and the notes of its layout. */
export interface ReportFigure {
  readonly id: string;
  readonly name: string;
  readonly spec: unknown;
  readonly notes: readonly string[];
}

/**
 * The figures of a report: the results directory's own figures (the spec's `plots`, or the default layout of the
 * sweep) with tooltips naming each mark's key columns, value and interval.
 */
export function reportFigures(view: ResultsView): ReportFigure[] {
  return resultsPlotJobs(view).map((job, k) => {
    const { spec, notes } = jobFigure({ ...job, request: { ...job.request, tooltip: true } });
    return { id: `figure-${k}`, name: job.name, spec, notes };
  });
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2rem auto; max-width: 76rem; padding: 0 1rem;
  color: #111; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.meta { color: #444; font-size: 0.9rem; }
figure { margin: 1.5rem 0; } figcaption { font-size: 0.85rem; color: #333; margin-top: 0.3rem; }
.figure { min-height: 2rem; overflow-x: auto; }
.figure svg { width: min(100%, 1040px); height: auto; }
table { border-collapse: collapse; font-size: 0.8rem; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; position: sticky; top: 0; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pass { color: #006d2c; } .fail { color: #b30000; font-weight: bold; } .na { color: #666; }
details { margin: 0.5rem 0; } pre { background: #f7f7f7; padding: 0.6rem; overflow-x: auto; font-size: 0.75rem; }
.error { color: #b30000; }
`;

/** Renders every figure in the page with Vega (SVG renderer, native tooltips); a failure shows in its place. */
const RENDER = `
(function () {
  var figures = JSON.parse(document.getElementById('gradcode-figures').textContent);
  var pending = figures.map(function (f) {
    var el = document.getElementById(f.id);
    try {
      var compiled = vegaLite.compile(f.spec).spec;
      var view = new vega.View(vega.parse(compiled), { renderer: 'svg', container: el, hover: true });
      return view.runAsync().then(function () { el.setAttribute('data-rendered', 'true'); });
    } catch (e) {
      el.innerHTML = '<p class="error">This figure could not be drawn: ' + String(e) + '</p>';
      console.error(e);
      return Promise.resolve();
    }
  });
  Promise.all(pending).then(function () { document.body.setAttribute('data-figures-rendered', String(figures.length)); });
})();
`;

/** The spec file copied into the results directory, if any. */
function specSource(dir: string): { name: string; text: string } | null {
  const name = existsSync(dir) ? readdirSync(dir).find((f) => /^spec\.source\.(yaml|json)$/.test(f)) : undefined;
  return name ? { name, text: readFileSync(join(dir, name), 'utf8') } : null;
}

/**
 * One self-contained HTML page for a results directory (trials or training): title and provenance summary, every
 * figure rendered in the browser from its Vega-Lite spec (interactive: tooltips with the mark's parameters and CI),
 * the cell or scheme table with CIs and verdicts, the layout notes, provenance.json and the spec file. Vega and
 * Vega-Lite are inlined, so the page works offline; no value from the results can inject markup.
 */
export function reportHtml(view: ResultsView, generatedAt = new Date()): string {
  const bundles = browserBundles();
  const figures = reportFigures(view);
  const tables = reportTables(view);
  const provenance = view.provenance;
  const rows = view.tables.map((t) => `${t.rows.length} ${t.name} rows`).join(', ');
  const backends = provenance?.backends?.join('; ') ?? 'unknown (results not merged)';
  const source = specSource(view.dir);
  const figureHtml = figures
    .map(
      (f) => `<figure>
<div class="figure" id="${f.id}" data-name="${escapeHtml(f.name)}"></div>
<figcaption><strong>${escapeHtml(f.name)}</strong>${f.notes.length ? ` — ${f.notes.map(escapeHtml).join('; ')}` : ''}</figcaption>
</figure>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.name)} — gradcode report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(view.name)}</h1>
${view.description ? `<p>${escapeHtml(view.description)}</p>` : ''}
<p class="meta">${view.kind === 'trials' ? 'Trial sweep' : 'Coded gradient descent'} · ${escapeHtml(rows)}${
    view.complete ? '' : ' · <strong>incomplete</strong> (rows from the shard logs)'
  } · backend: ${escapeHtml(backends)} · gradcode ${escapeHtml(provenance?.software?.gradcode ?? packageVersion())}${
    provenance?.software?.git
      ? ` (${escapeHtml(provenance.software.git.commit.slice(0, 12))}${provenance.software.git.dirty ? ', modified' : ''})`
      : ''
  } · report generated ${escapeHtml(generatedAt.toISOString())}</p>
<h2>Figures</h2>
<p class="meta">Hover a mark for its parameters and confidence interval.</p>
${figureHtml || '<p>No figure: no finished cell yet.</p>'}
${tables.map((t) => `<h2>${escapeHtml(t.caption)}</h2>\n${t.html}`).join('\n')}
<h2>Provenance</h2>
<details><summary>provenance.json</summary><pre>${escapeHtml(JSON.stringify(provenance, null, 2) ?? 'null')}</pre></details>
${source ? `<details><summary>${escapeHtml(source.name)}</summary><pre>${escapeHtml(source.text)}</pre></details>` : ''}
<p class="meta">Vega ${escapeHtml(bundles.versions.vega)}, Vega-Lite ${escapeHtml(bundles.versions.vegaLite)} (inlined).</p>
<script type="application/json" id="gradcode-figures">${scriptJson(figures.map((f) => ({ id: f.id, spec: f.spec })))}</script>
<script>${bundles.vega.replace(/<\/script/gi, '<\\/script')}</script>
<script>${bundles.vegaLite.replace(/<\/script/gi, '<\\/script')}</script>
<script>${RENDER}</script>
</body>
</html>
`;
}

import type { ResultsView, TableView } from '../figures/results-view.js';
import type { PlotRow } from '../plots/types.js';
import { escapeHtml, htmlTable, sigValue, withInterval } from './html.js';

/** A table of the report: its caption and HTML. */
export interface ReportTable {
  readonly caption: string;
  readonly html: string;
}

/** An axis value as a table shows it. */
function axisText(v: unknown): string {
  return v === null || v === undefined ? '–' : typeof v === 'string' ? v : String(v);
}

function table(view: ResultsView, name: string): TableView | undefined {
  return view.tables.find((t) => t.name === name);
}

/** The cell table of trial results: one row per cell with its axes, completion time with CI and quantiles. */
function trialCellTable(view: ResultsView): ReportTable | null {
  const cells = table(view, 'cells');
  if (!cells || cells.rows.length === 0) return null;
  const axes = view.axes.map((a) => a.column);
  const header = [
    'cell',
    ...axes.map((c) => escapeHtml(view.labels[c] ?? c)),
    'scheme',
    'protocol',
    'code (N, m)',
    'trials',
    'censored',
    'completion time, mean [95% CI]',
    'p50',
    'p90',
    'p99',
    'backend',
  ];
  const first = 1 + axes.length;
  const numeric = new Set([0, first + 3, first + 4, first + 5, first + 6, first + 7, first + 8]);
  const rows = cells.rows.map((r: PlotRow) => [
    String(r.cell),
    ...axes.map((c) => escapeHtml(axisText(r[c]))),
    escapeHtml(String(r.scheme)),
    escapeHtml(String(r.protocol) + (r.decoder ? ` (${r.decoder})` : '')),
    escapeHtml(`${r.code} (${r.N}, ${r.m})`),
    sigValue(r.trials, 12),
    sigValue(r.censored, 12),
    withInterval(r.completion_mean, r.completion_ci_lo, r.completion_ci_hi),
    sigValue(r.completion_p50),
    sigValue(r.completion_p90),
    sigValue(r.completion_p99),
    escapeHtml(String(r.backend)),
  ]);
  return { caption: 'Cells', html: htmlTable(header, rows, numeric) };
}

/** The scheme table of training results: final values with CIs and every bound's verdict. */
function trainSchemeTable(view: ResultsView): ReportTable | null {
  const schemes = table(view, 'schemes');
  if (!schemes || schemes.rows.length === 0) return null;
  const axes = view.axes.map((a) => a.column);
  const verdicts = [...schemes.roles.keys()].filter((c) => c.endsWith('_verdict'));
  const header = [
    'run',
    ...axes.map((c) => escapeHtml(view.labels[c] ?? c)),
    'scheme',
    'path',
    'decoder',
    'wait',
    'γ₀',
    'final f − f* [CI]',
    'final ‖x − x*‖² [CI]',
    ...verdicts.map((c) => escapeHtml(view.labels[c.slice(0, -'_verdict'.length)] ?? c)),
  ];
  const first = 1 + axes.length;
  const numeric = new Set([0, first + 4, first + 5, first + 6]);
  const rows = schemes.rows.map((r) => [
    String(r.cell),
    ...axes.map((c) => escapeHtml(axisText(r[c]))),
    escapeHtml(String(r.scheme)),
    escapeHtml(String(r.path)),
    escapeHtml(String(r.decoder)),
    escapeHtml(String(r.wait)),
    sigValue(r.gamma0),
    withInterval(r.final_gap_mean, r.final_gap_ci_lo, r.final_gap_ci_hi),
    withInterval(r.final_distance_mean, r.final_distance_ci_lo, r.final_distance_ci_hi),
    ...verdicts.map((c) => {
      const text = r[c];
      const holds = r[`${c.slice(0, -'_verdict'.length)}_holds`];
      const cls = holds === true ? 'pass' : holds === false ? 'fail' : 'na';
      return `<span class="${cls}">${escapeHtml(typeof text === 'string' ? text : '–')}</span>`;
    }),
  ]);
  return { caption: 'Schemes', html: htmlTable(header, rows, numeric) };
}

/** The report's tables for the kind of results. */
export function reportTables(view: ResultsView): ReportTable[] {
  const t = view.kind === 'trials' ? trialCellTable(view) : trainSchemeTable(view);
  return t ? [t] : [];
}

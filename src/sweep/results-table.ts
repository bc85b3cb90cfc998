import type { AxisColumn } from '../store/axis-columns.js';
import type { CellRecord } from '../store/cell-record.js';

/**
 * A number for a table: `digits` significant digits in plain notation between 10⁻³ and 10⁶, exponential outside,
 * ∞ and – (NaN) spelled out.
 */
export function sig(x: number, digits = 4): string {
  if (Number.isNaN(x)) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e6) return String(+x.toPrecision(digits));
  return x.toExponential(Math.max(0, digits - 2));
}

function pad(cells: string[][], leftAligned: number): string {
  const widths = cells[0].map((_, k) => Math.max(...cells.map((row) => [...row[k]].length)));
  return cells
    .map((row) =>
      row
        .map((c, k) => (k < leftAligned ? c.padEnd(widths[k]) : c.padStart(widths[k])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** An axis value as the table shows it: strings as they are, anything else as JSON. */
function axisText(v: unknown): string {
  return v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** The error curve of a record in a few points: the first, middle and last T (`err@T`). */
function curveSummary(r: CellRecord): string {
  const e = r.stats.errors;
  if (e.length === 0) return '–';
  const picks = [...new Set([0, Math.floor((e.length - 1) / 2), e.length - 1])];
  return picks.map((g) => `${sig(e[g].error.mean, 3)}@${sig(e[g].T, 3)}`).join(' → ');
}

/**
 * A readable table of cell statistics, one row per record: cell, the value of every sweep axis (so cells that differ
 * only by an axis never look alike), scheme, protocol when a `label` hides it, code unless the scheme or an axis names
 * it, trials, censored trials, mean exact completion time with its 95% CI, p50/p90/p99, and the mean error at the
 * first, middle and last T of the grid (3 significant digits).
 */
export function formatResultsTable(records: readonly CellRecord[], axes: readonly AxisColumn[] = []): string {
  const showProtocol = records.some((r) => r.label !== null && !r.scheme.includes(r.protocol));
  const codeAxis = axes.some((a) => a.path === 'code' || a.path.startsWith('code.'));
  const showCode = !codeAxis && records.some((r) => !r.scheme.includes(r.code));
  const header = [
    'cell',
    ...axes.map((a) => a.path),
    'scheme',
    ...(showProtocol ? ['protocol'] : []),
    ...(showCode ? ['code'] : []),
    'trials',
    'censored',
    'completion mean [95% CI]',
    'p50',
    'p90',
    'p99',
    'error@T',
  ];
  const rows = records.map((r) => {
    const c = r.stats.completion;
    return [
      String(r.index),
      ...axes.map((a) => axisText(r.axes[a.path])),
      r.scheme,
      ...(showProtocol ? [r.protocol] : []),
      ...(showCode ? [r.scheme.includes(r.code) ? '' : r.code] : []),
      String(r.stats.trials),
      String(r.stats.censored),
      c.n ? `${sig(c.mean)} [${sig(c.ciLo)}, ${sig(c.ciHi)}]` : '–',
      sig(c.p50),
      sig(c.p90),
      sig(c.p99),
      curveSummary(r),
    ];
  });
  const leftAligned = 2 + axes.length + (showProtocol ? 1 : 0) + (showCode ? 1 : 0);
  return `${pad([header, ...rows], leftAligned)}\n`;
}

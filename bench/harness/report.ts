import type { Check } from './agreement.js';
import type { Statistic } from './result.js';
import type { BenchReport } from './run-bench.js';
import { runnerSummaries, type Timing, timingRows } from './summary.js';

/** Plain aligned text (terminal) or GitHub-flavoured Markdown (BENCHMARKS.md). */
export type ReportStyle = 'text' | 'markdown';

/** Renders rows as an aligned text table or a Markdown table (first row = header). */
export function renderTable(
  rows: readonly (readonly string[])[],
  style: ReportStyle,
  rightAligned: readonly number[] = [],
): string {
  if (style === 'markdown') {
    const [head, ...body] = rows;
    const rule = head.map((_, i) => (rightAligned.includes(i) ? '---:' : '---'));
    return [head, rule, ...body].map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i] - [...c].length);
          return rightAligned.includes(i) ? pad + c : c + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A number to `digits` significant digits, without exponent for ordinary magnitudes. */
export function sig(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? '+∞' : x < 0 ? '−∞' : 'n/a';
  if (x === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return x.toFixed(Math.min(decimals, 12));
}

/** A rate with a k/M/G suffix. */
export function rate(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x >= 1e9) return `${sig(x / 1e9)} G`;
  if (x >= 1e6) return `${sig(x / 1e6)} M`;
  if (x >= 1e3) return `${sig(x / 1e3)} k`;
  return sig(x);
}

function mib(bytes: number | null): string {
  return bytes === null ? '—' : `${sig(bytes / 2 ** 20)} MiB`;
}

function timingText(t: Timing | null): string {
  if (!t) return '—';
  return t.reps > 1 ? `${sig(t.median)} [${sig(t.min)}–${sig(t.max)}]` : sig(t.median);
}

/** A statistic as text: mean ± 95% half-width, quantile (with its interval or resolution), count (percent). */
export function statisticText(s: Statistic): string {
  if (s.kind === 'mean') return `${sig(s.mean, 5)} ± ${sig(1.96 * s.se, 2)}`;
  if (s.kind === 'count') return `${s.count}/${s.of} (${sig((100 * s.count) / s.of, 3)} %)`;
  if (!Number.isFinite(s.value)) return sig(s.value);
  if (s.lo !== undefined && s.hi !== undefined) return `${sig(s.value, 5)} [${sig(s.lo, 4)}, ${sig(s.hi, 4)}]`;
  return s.resolution ? `${sig(s.value, 5)} (bin ${sig(s.resolution, 2)})` : sig(s.value, 5);
}

function notesText(notes: Readonly<Record<string, unknown>>, versions: Readonly<Record<string, string>>): string {
  const parts = Object.entries(versions).map(([k, v]) => `${k} ${v}`);
  for (const [k, v] of Object.entries(notes)) {
    if (['batches', 'deviceLosses', 'outOfMemorySplits'].includes(k) && v === 0) continue;
    parts.push(`${k} ${v}`);
  }
  return parts.join(', ');
}

function heading(text: string, style: ReportStyle, level = 3): string {
  return style === 'markdown'
    ? `${'#'.repeat(level)} ${text}`
    : `${text}\n${'─'.repeat(Math.min(110, [...text].length))}`;
}

/** The agreement table and its verdict line. */
export function formatChecks(report: BenchReport, style: ReportStyle): string {
  const { checks, zCritical } = report;
  if (checks.length === 0) return 'agreement: nothing to compare (no gradcode and peer results of the same workload)';
  const rows = [['workload', 'configuration', 'statistic', 'gradcode', 'value', 'peer', 'value', 'z', 'verdict']];
  for (const c of checks) {
    rows.push([
      c.workload,
      c.config,
      c.statistic,
      c.gradcode.replace('gradcode ', ''),
      statisticText(c.a),
      c.peer,
      statisticText(c.b),
      c.z === null ? '—' : c.z.toFixed(2),
      (c.agree ? 'agree' : 'DISAGREE') + (c.note ? ` (${c.note})` : ''),
    ]);
  }
  const bad = checks.filter((c: Check) => !c.agree);
  const verdict = bad.length
    ? `agreement: ${bad.length} of ${checks.length} checks DISAGREE at family-wise 95 % (Bonferroni, |z| ≤ ${zCritical.toFixed(2)})`
    : `agreement: all ${checks.length} checks agree at family-wise 95 % (Bonferroni over ${checks.length} checks, |z| ≤ ${zCritical.toFixed(2)}; values are mean ± 95 % half-width)`;
  return `${renderTable(rows, style, [7])}\n\n${verdict}`;
}

/** The whole report: machine, one timing and one runner table per workload, and the agreement checks. */
export function formatReport(report: BenchReport, style: ReportStyle): string {
  const m = report.machine;
  const out: string[] = [
    `gradcode bench — ${report.mode} sizes${(report.scale ?? 1) !== 1 ? ` scaled ×${report.scale} (REDUCED)` : ''}, ${report.reps} repetition${report.reps > 1 ? 's' : ''} (interleaved), started ${report.started}`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load average at start ${m.loadAverage}`,
  ];
  for (const u of report.unavailable) out.push(`${u.id}: not run — ${u.reason}`);
  for (const w of report.workloads) {
    out.push('', heading(`${w.title} — ${w.sizeText}`, style));
    const rows = [['runner', 'configuration', 'wall s (median [min–max])', `${w.unit}/s`, '× NumPy']];
    for (const r of timingRows(w)) {
      rows.push([
        r.runner,
        r.config === 'total' ? 'total (setup + all)' : r.config,
        timingText(r.seconds),
        rate(r.throughput),
        r.vsNumpy === null ? '—' : `${sig(r.vsNumpy, 2)}×`,
      ]);
    }
    out.push('', renderTable(rows, style, [2, 3, 4]));
    const facts = [['runner', 'device', 'setup s', 'process s', 'peak RSS', 'GPU memory', 'details']];
    for (const s of runnerSummaries(w)) {
      if (s.status !== 'ok') {
        facts.push([s.runner, `${s.status}: ${s.message.split('\n')[0]}`, '', '', '', '', '']);
        continue;
      }
      facts.push([
        s.runner,
        s.device,
        timingText(s.setup),
        timingText(s.process),
        s.maxRssKiB === null ? '—' : mib(s.maxRssKiB * 1024),
        mib(s.gpuPeakBytes),
        notesText(s.notes, s.versions),
      ]);
    }
    out.push('', renderTable(facts, style, [2, 3, 4, 5]));
    const failures = runnerSummaries(w).filter((s) => s.status === 'failed');
    for (const f of failures) out.push('', `${w.id} ${f.runner} failed:\n${f.message}`);
  }
  out.push('', heading('Agreement of every peer with gradcode', style), '', formatChecks(report, style));
  return out.join('\n');
}

import type { GalleryEntry } from './entry.js';
import { fmt, fmtInterval } from './numbers.js';
import type { ReproduceResult } from './result.js';
import type { Check } from './types.js';
import { describeCriterion, intervalName } from './verdict.js';

const TAG: Record<Check['verdict'], string> = { PASS: 'PASS', FAIL: 'FAIL', INFO: 'info' };

/** One line per check: verdict, name, statistic, value, interval, and the reason for anything but a plain value. */
function checkLine(c: Check): string {
  const value = ` = ${fmt(c.measured)}${c.ci ? ` (${intervalName(c.level)} ${fmtInterval(c.ci)})` : c.verdict === 'INFO' ? '' : ' (exact)'}`;
  const rule = c.criterion ? `; criterion: ${describeCriterion(c.criterion, c.ci === null ? null : c.level)}` : '';
  const why = c.verdict === 'FAIL' || (c.verdict === 'INFO' && c.reason) ? `\n        ${c.reason}` : '';
  return `    ${TAG[c.verdict].padEnd(5)} ${c.name}: ${c.statistic}${value}${rule}${why}`;
}

/** The human-readable result of `gradcode reproduce ID`: verdict, claim, source, setting, sub-claims, checks, files. */
export function formatResult(r: ReproduceResult): string {
  const lines = [
    `${r.id}: ${r.verdict}${r.quick ? '  [--quick: reduced trial counts]' : ''}`,
    `  why       ${r.reason}`,
    `  claim     ${r.claim}`,
    `  source    ${r.source.paper}; ${r.source.where} — ${r.source.provenance}`,
    `  setting   ${r.spec} (${r.trials.cells} cells, ${r.trials.min === r.trials.max ? r.trials.min : `${r.trials.min}–${r.trials.max}`} trials per cell)`,
    `  criterion ${r.criterion}`,
    `  measured  ${r.statistic} = ${fmt(r.measured)}, interval ${fmtInterval(r.ci)} → ${r.verdict}`,
  ];
  for (const s of r.subclaims) {
    lines.push(`  ${s.verdict.padEnd(10)} ${s.id}: ${s.text}`);
    lines.push(...r.checks.filter((c) => c.subclaim === s.id).map(checkLine));
  }
  lines.push(`  report    ${r.files.report} (${r.seconds.toFixed(1)} s${r.backend ? `, ${r.backend}` : ''})`);
  return `${lines.join('\n')}\n`;
}

/** `gradcode reproduce list`: id, claim and source of every entry. */
export function formatList(entries: readonly GalleryEntry[]): string {
  const width = Math.max(...entries.map((e) => e.id.length));
  const lines = entries.map(
    (e) => `${e.id.padEnd(width)}  ${e.title}\n${' '.repeat(width + 2)}${e.source.paper}; ${e.source.where}`,
  );
  return `${lines.join('\n')}\n\nRun one with: gradcode reproduce ID [--quick] [--json] [--backend auto|webgpu|cpu] [--out DIR]\n`;
}

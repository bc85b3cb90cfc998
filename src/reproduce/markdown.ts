import { fmt, fmtInterval } from './numbers.js';
import type { ReproduceResult } from './result.js';
import type { Check, ReportTable } from './types.js';
import { describeCriterion, intervalName } from './verdict.js';

/** An image of the report: a plot file next to report.md and its caption. */
export interface ReportImage {
  readonly file: string;
  readonly caption: string;
}

/** Escapes a table cell (pipes and newlines). */
function cell(x: string | number): string {
  return (typeof x === 'number' ? fmt(x) : x).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A markdown table. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const head = `| ${columns.map(cell).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  return [head, rule, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** One row of the results table. */
function checkRow(c: Check): string[] {
  return [
    c.subclaim,
    c.verdict === 'INFO' ? c.name : `${c.name} (${c.kind})`,
    c.statistic,
    fmt(c.measured),
    c.ci === null ? (c.verdict === 'INFO' ? '—' : 'exact') : `${fmtInterval(c.ci)} (${intervalName(c.level)})`,
    c.criterion ? describeCriterion(c.criterion, c.ci === null ? null : c.level) : '—',
    c.verdict === 'INFO' ? 'info' : `**${c.verdict}**`,
  ];
}

/** The sentence on how Monte-Carlo checks are judged (the family-wise split). */
export function levelsSentence(r: Pick<ReproduceResult, 'levels'>): string {
  const { judged, family, galleryChecks, reported } = r.levels;
  return (
    `Judged Monte-Carlo checks use intervals at ${intervalName(judged)} = 1 − ${fmt(family)}/${galleryChecks} ` +
    `(${galleryChecks} judged Monte-Carlo checks in the gallery, Bonferroni): if every claim is true, the chance that ` +
    `any of them FAILs through Monte-Carlo noise is at most ${fmt(100 * family)}%. Exact checks (enumeration, closed ` +
    `forms) have no such error; informational intervals are ${intervalName(reported)}s.`
  );
}

/**
 * The markdown report of a gallery entry: claim and source (with provenance tags) first, then the setting and the
 * pass criterion as fixed before the run, then the results with every FAIL's reason in numbers, tables, plots and
 * notes, and how it was run.
 */
export function markdownReport(
  r: Omit<ReproduceResult, 'files'>,
  extra: { readonly specText: string; readonly images: readonly ReportImage[] },
): string {
  const out: string[] = [];
  const command = `gradcode reproduce ${r.id}${r.quick ? ' --quick' : ''}`;
  out.push(`# ${r.title}`, '');
  out.push(
    `\`${command}\` → **${r.verdict}**${r.quick ? ' — quick run: trial counts reduced, same code paths' : ''}`,
    '',
    r.reason,
    '',
  );
  out.push('## Claim', '', `> ${r.claim}`, '');
  out.push(
    `Source: ${r.source.paper} — ${r.source.where}.`,
    '',
    `Provenance: ${r.source.provenance}. Digest: \`${r.source.digest}\`.`,
    '',
  );
  out.push(
    '### Sub-claims and verdicts',
    '',
    markdownTable(
      ['sub-claim', 'text', 'verdict', 'why'],
      r.subclaims.map((s) => [s.id, s.text, `**${s.verdict}**`, s.reason]),
    ),
    '',
  );
  out.push('## Setting (fixed before the first run)', '');
  const trials = r.trials.min === r.trials.max ? `${r.trials.min}` : `${r.trials.min}–${r.trials.max}`;
  out.push(
    `Spec file \`${r.spec}\`: ${r.trials.cells} cell(s), ${trials} trials per cell${r.quick ? ' (capped by --quick)' : ''}.`,
    '',
    '```yaml',
    extra.specText.trimEnd(),
    '```',
    '',
  );
  out.push('## Pass criterion (fixed before the first run)', '', r.criterion, '', levelsSentence(r), '');
  out.push('## Results', '');
  out.push(
    `Primary: ${r.statistic} = ${fmt(r.measured)}, interval ${fmtInterval(r.ci)} → **${r.verdict}**.`,
    '',
    markdownTable(
      ['sub-claim', 'check (kind)', 'statistic', 'measured', 'interval', 'criterion', 'verdict'],
      r.checks.map(checkRow),
    ),
    '',
  );
  const reasons = r.checks.filter((c) => c.verdict !== 'INFO' || c.reason !== '');
  if (reasons.length) {
    out.push(...reasons.map((c) => `- **${c.name}** (${c.verdict === 'INFO' ? 'info' : c.verdict}): ${c.reason}`), '');
  }
  if (r.falsifiers.length) {
    out.push(
      '### How each judged check can fail',
      '',
      'Each kind of judged check is fed a deliberately wrong input in `test/reproduce/falsifiers.test.ts`, and must FAIL:',
      '',
      markdownTable(
        ['check kind', 'wrong input'],
        r.falsifiers.map((f) => [f.kind, f.input]),
      ),
      '',
    );
  }
  if (r.indicative.length) {
    out.push('### Why this quick run is only indicative', '', ...r.indicative.map((x) => `- ${x}`), '');
  }
  for (const t of r.tables) out.push(...tableSection(t));
  if (extra.images.length) {
    out.push('## Plots', '');
    for (const image of extra.images) {
      if (image.file) out.push(`![${image.caption}](${image.file})`, '', `*${image.caption}*`, '');
    }
  }
  if (r.notes.length) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  out.push(
    '## Run',
    '',
    `- command: \`${command}\``,
    `- trial backend: ${r.backend ?? 'none (no trial cells)'}`,
    `- wall time: ${r.seconds.toFixed(1)} s`,
    '',
  );
  return out.join('\n');
}

function tableSection(t: ReportTable): string[] {
  return [`### ${t.title}`, '', markdownTable(t.columns, t.rows), ''];
}

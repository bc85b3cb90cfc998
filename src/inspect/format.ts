import type { InspectReport, RangeSummary } from './types.js';

/** A number for tables: integers as is, others with 6 significant digits (exponent form when tiny or huge). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}

const range = (r: RangeSummary) =>
  `min ${formatNumber(r.min)} · mean ${formatNumber(r.mean)} · max ${formatNumber(r.max)}`;

const percent = (f: number) => `${formatNumber(Math.round(f * 1e6) / 1e4)}%`;

function paramText(params: InspectReport['params']): string {
  const items = Object.entries(params).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`);
  return items.length > 0 ? items.join(', ') : '(none)';
}

function recoveryText(r: InspectReport['recovery']): string {
  if (r.kind === 'any-k') return `any ${r.k} workers decode exactly`;
  if (r.kind === 'groups') return `one surviving worker per group (${r.groups} groups)`;
  return 'decided by least squares';
}

/**
 * The human-readable `gradcode inspect` table: one labelled line per quantity, grouped into code, structure,
 * ordering and decoding-error blocks. `--json` prints the report itself instead.
 */
export function formatInspectReport(r: InspectReport): string {
  const rows: [string, string][] = [];
  const row = (label: string, value: string) => rows.push([label, value]);
  const gap = () => rows.push(['', '']);

  row('code', `${r.name} — ${r.family}`);
  if (r.spec !== null) row('spec', r.spec);
  if (r.matrix !== undefined) row('matrix file', r.matrix);
  row('params', paramText(r.params));
  row('citation', r.citation);
  row('reconstruction', r.reconstruction ? 'yes (our reconstruction, not the paper’s verified text)' : 'no');
  if (r.notes !== undefined) row('notes', r.notes);
  gap();
  row('workers N', String(r.N));
  row('chunks m', String(r.m));
  row(
    'parts ℓ',
    r.parts === r.codeParts ? String(r.parts) : `${r.parts} for Qmax (code coefficients: ℓ = ${r.codeParts})`,
  );
  row('support', `${r.supportSize} (worker, chunk) entries`);
  row('load δ_j', range(r.load));
  row('replication γ_i', range(r.replication));
  row(
    'regular',
    r.regularDegree !== null
      ? `yes — regular class, δ = ${r.regularDegree}`
      : r.regular
        ? 'yes (but N ≠ m: outside the regular class of the ordering theory)'
        : 'no',
  );
  row('tolerance s', r.stragglerTolerance === null ? '—' : String(r.stragglerTolerance));
  row('recovery', recoveryText(r.recovery));
  gap();
  row('order', r.order.spec === r.order.method ? r.order.spec : `${r.order.spec} (${r.order.method})`);
  row('Qmax', r.qmax === null ? `— ${r.qmaxNote ?? ''}` : String(r.qmax));
  const best = r.qmaxOptimal;
  if (best) {
    const how = best.method === 'latin' ? 'Latin matching order' : 'local-search heuristic';
    const proof = best.provablyOptimal ? 'provably optimal' : 'not proved optimal';
    row('Qmax optimal', `${best.qmax} (${how}; lower bound ${best.lowerBound}, ${proof})`);
  } else row('Qmax optimal', '—');
  gap();
  row('decoder', r.decoder);
  const s = r.stragglers;
  row('stragglers', `${s.spec}${s.defaulted ? ' (default)' : ''} — ${s.sets} set${s.sets === 1 ? '' : 's'}`);
  row('error', `${range(r.error)} · std ${formatNumber(r.error.std)}`);
  row('error / m', range({ min: r.error.minNormalized, mean: r.error.meanNormalized, max: r.error.maxNormalized }));
  row('exact', `${percent(r.exactFraction)} of sets (error ≤ ${formatNumber(r.exactTolerance)})`);
  row(
    s.lowerBound ? 'worst found' : 'worst set',
    `[${s.worst.stragglers.join(', ')}] → error ${formatNumber(s.worst.error)} (÷ m: ${formatNumber(s.worst.normalized)})` +
      (s.lowerBound ? ' — greedy + local search: a lower bound on the worst case' : ''),
  );
  if (r.threshold) {
    const t = r.threshold;
    const value =
      t.value === null
        ? `none: even s = N stays below ε`
        : `${t.value}${t.bound === 'exact' ? '' : ' (upper bound: heuristic search below it)'}`;
    row(`threshold τ_${formatNumber(t.epsilon)}`, value);
  }
  if (r.objective !== undefined) row('objective', `${formatNumber(r.objective)} (m² / Σ δ_l⁻¹)`);
  const ms = (x: number) => `${formatNumber(Math.round(x * 10) / 10)} ms`;
  const e = r.elapsedMs;
  row(
    'time',
    `stragglers ${ms(e.stragglers)}${e.threshold === undefined ? '' : ` · threshold ${ms(e.threshold)}`} · total ${ms(e.total)}`,
  );

  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => (label === '' ? '' : `${label.padEnd(width)}  ${value}`)).join('\n')}\n`;
}

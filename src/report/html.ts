import { sig } from '../sweep/results-table.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON safe inside a `<script type="application/json">` element: `<`, `>` and `&` become \\u escapes, so no value
 * (a label holding `</script>`) can end the element, and U+2028/2029 cannot break a script parser.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A table value: numbers with `digits` significant digits (see `sig` of the run table), anything else as text. */
export function sigValue(x: unknown, digits = 4): string {
  if (typeof x !== 'number') return x === null || x === undefined ? '–' : String(x);
  return sig(x, digits);
}

/** A mean with its interval: `4.73 [4.70, 4.76]`. */
export function withInterval(mean: unknown, lo: unknown, hi: unknown): string {
  if (typeof mean !== 'number' || Number.isNaN(mean)) return '–';
  const interval =
    typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) ? ` [${sig(lo)}, ${sig(hi)}]` : '';
  return `${sig(mean)}${interval}`;
}

/** An HTML table: a header row and body rows of already-escaped cells; `numeric` columns are right-aligned. */
export function htmlTable(header: readonly string[], rows: readonly string[][], numeric: ReadonlySet<number>): string {
  const th = header.map((h, k) => `<th${numeric.has(k) ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, k) => `<td${numeric.has(k) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

import { defaultPlotFonts } from '../fonts/font-files.js';
import { fontTextWidth } from '../fonts/text-metrics.js';

/**
 * Break points of a label, best first: a scheme's ` · ` separators, then `, ` and `,` (code parameters), then spaces,
 * then `:` (code families). A break keeps the separator at the end of the line (` · ` loses its trailing space).
 */
const SEPARATORS = [' · ', ', ', ',', ' ', ':', '='] as const;

/**
 * Splits `text` into lines no wider than `maxWidth` px at `fontSize` (measured with the plot font's real glyph
 * widths), breaking at the best separator that fits; a single token longer than the width is cut into pieces at the
 * character where it overflows. Never drops characters: the lines joined give back `text` (up to trailing spaces).
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const width = fontTextWidth(defaultPlotFonts());
  const fits = (s: string) => width(s.trimEnd(), fontSize, bold) <= maxWidth;
  if (fits(text)) return [text];
  const lines: string[] = [];
  let rest = text;
  while (!fits(rest)) {
    let cut = -1;
    for (const sep of SEPARATORS) {
      // The last occurrence of `sep` whose prefix (separator included) still fits.
      for (let at = rest.lastIndexOf(sep); at > 0; at = rest.lastIndexOf(sep, at - 1)) {
        if (fits(rest.slice(0, at + sep.length))) {
          cut = at + sep.length;
          break;
        }
      }
      if (cut > 0) break;
    }
    if (cut <= 0) {
      cut = 1;
      while (cut < rest.length && fits(rest.slice(0, cut + 1))) cut++;
    }
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    if (rest === '') break;
  }
  if (rest !== '') lines.push(rest);
  return lines;
}

/** Quotes a string as a Vega expression string literal. */
function literal(s: string): string {
  return JSON.stringify(s);
}

/**
 * A Vega `labelExpr` that shows each of `labels` wrapped to `maxWidth` px (an array of lines, which Vega draws as a
 * multi-line label) and any other label as it is; undefined when no label needs wrapping. Labels are matched by their
 * text (`datum.label`), so the expression works for legends, axes and facet headers alike.
 */
export function wrappedLabelExpr(
  labels: readonly string[],
  maxWidth: number,
  fontSize: number,
  prefix = '',
): string | undefined {
  const wrapped = labels
    .map((label) => ({ label, lines: wrapText(`${prefix}${label}`, maxWidth, fontSize) }))
    .filter((w) => w.lines.length > 1 || prefix !== '');
  if (wrapped.length === 0) return undefined;
  // Parentheses matter: Vega-Lite substitutes `datum.label` in header expressions with an unparenthesised
  // conditional of its own. Labels are compared as text: a numeric facet's `datum.label` is a number.
  let expr = prefix === '' ? '(datum.label)' : `${literal(prefix)} + (datum.label)`;
  for (let k = wrapped.length - 1; k >= 0; k--) {
    const { label, lines } = wrapped[k];
    const value = lines.length === 1 ? literal(lines[0]) : `[${lines.map(literal).join(', ')}]`;
    expr = `((datum.label) + '') === ${literal(label)} ? ${value} : ${expr}`;
  }
  return expr;
}

/** A title wrapped to `maxWidth` px: the string itself when it fits, else its lines (Vega draws arrays as lines). */
export function wrappedTitle(title: string, maxWidth: number, fontSize: number): string | string[] {
  const lines = wrapText(title, maxWidth, fontSize);
  return lines.length === 1 ? lines[0] : lines;
}

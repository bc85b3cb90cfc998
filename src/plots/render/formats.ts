import { InputError } from '../../errors.js';

/** Output formats a plot renders to. */
export const PLOT_FORMATS = ['svg', 'png', 'pdf'] as const;

/** One of {@link PLOT_FORMATS}. */
export type PlotFormat = (typeof PLOT_FORMATS)[number];

/**
 * Parses a comma-separated format list such as `svg,png,pdf` (the CLI's `--format`): trimmed, lower-cased,
 * duplicates removed, order kept. Unknown or empty lists throw an {@link InputError} on `field`.
 */
export function parsePlotFormats(list: string, field = '--format'): PlotFormat[] {
  const out: PlotFormat[] = [];
  for (const raw of list.split(',')) {
    const f = raw.trim().toLowerCase();
    if (f === '') continue;
    if (!(PLOT_FORMATS as readonly string[]).includes(f)) {
      throw new InputError(field, `unknown format "${raw.trim()}"; use any of ${PLOT_FORMATS.join(', ')}`);
    }
    if (!out.includes(f as PlotFormat)) out.push(f as PlotFormat);
  }
  if (out.length === 0) throw new InputError(field, `no format given; use any of ${PLOT_FORMATS.join(', ')}`);
  return out;
}

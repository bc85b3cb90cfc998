import type * as Vega from 'vega';
import { checkedPlotFonts, defaultPlotFonts, type PlotFonts } from '../fonts/font-files.js';
import { useFontTextMetrics } from '../fonts/text-metrics.js';
import { FACET_FIT_KEY, type FacetFit } from '../layout/compose.js';
import type { PlotSpec } from '../types.js';
import { loadVega, type VegaModules } from './heavy-modules.js';
import { roundSvgNumbers } from './svg-numbers.js';
import { svgSize } from './svg-size.js';

/** Options for {@link renderSvg}. */
export interface SvgOptions {
  /** Fonts whose glyph widths lay the text out; the bundled DejaVu Sans by default. */
  fonts?: PlotFonts;
  /** Receives Vega-Lite and Vega warnings (e.g. a dropped encoding); default: `console.warn`. */
  onWarning?: (message: string) => void;
}

/** A Vega logger that throws on errors and reports each distinct warning once. */
function collectingLogger(vega: typeof Vega, onWarning: (message: string) => void): Vega.LoggerInterface {
  const seen = new Set<string>();
  return vega.logger(vega.Warn, undefined, (_method, level, args) => {
    const message = args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
    if (level === 'ERROR') throw new Error(`vega: ${message}`);
    if (!seen.has(message)) {
      seen.add(message);
      onWarning(message);
    }
  });
}

async function toSvgOnce(
  { vega, vegaLite }: VegaModules,
  vlSpec: PlotSpec,
  logger: Vega.LoggerInterface,
): Promise<string> {
  const { spec } = vegaLite.compile(vlSpec, { logger });
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger, logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders a Vega-Lite spec to a standalone SVG string, headless (`renderer: 'none'`, no canvas, no DOM). Text is laid
 * out with the real glyph widths of `fonts`; a faceted figure made by a template is re-laid-out once so the whole
 * figure matches its target size; SVG def ids are reset and coordinates rounded, so the same spec always gives the
 * same bytes. The spec is not modified.
 */
export async function renderSvg(spec: PlotSpec, options: SvgOptions = {}): Promise<string> {
  const modules = await loadVega();
  useFontTextMetrics(options.fonts ? checkedPlotFonts(options.fonts) : defaultPlotFonts(), modules.vega);
  const logger = collectingLogger(modules.vega, options.onWarning ?? ((m) => console.warn(`gradcode plot: ${m}`)));
  const working = structuredClone(spec) as PlotSpec & { usermeta?: Record<string, unknown> };
  let svg = await toSvgOnce(modules, working, logger);
  const fit = working.usermeta?.[FACET_FIT_KEY] as FacetFit | undefined;
  if (fit && 'spec' in working) {
    const inner = working.spec as { width: number; height: number };
    for (let pass = 0; pass < 2; pass++) {
      const actual = svgSize(svg);
      const dw = Math.floor((fit.width - actual.width) / fit.columns);
      const dh = Math.floor((fit.height - actual.height) / fit.rows);
      if (dw === 0 && dh === 0) break;
      inner.width = Math.max(40, inner.width + dw);
      inner.height = Math.max(40, inner.height + dh);
      svg = await toSvgOnce(modules, working, logger);
    }
  }
  return xmlSafe(roundSvgNumbers(svg));
}

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return — a label holding a terminal
 * escape sequence, say) written visibly as `\xHH`: an SVG holding them is not XML, and PNG and PDF conversion refuse it.
 */
export function xmlSafe(svg: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being replaced
  return svg.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
    const code = c.charCodeAt(0);
    return `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

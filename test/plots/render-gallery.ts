/**
 * Renders every example in ./examples.ts to a PNG in docs/plots/ (and prints the time per stage):
 *   npx tsx test/plots/render-gallery.ts [outDir]
 * Pass an outDir to also write SVG and PDF there (for inspection, not committed).
 */
import { join } from 'node:path';
import { renderPlot, renderPlotToBuffers } from '../../src/plots/render/render-plot.js';
import { PLOT_EXAMPLES } from './examples.js';

const outDir = process.argv[2];
for (const example of PLOT_EXAMPLES) {
  const spec = example.spec();
  const timed = await renderPlotToBuffers(spec, { formats: ['svg', 'png', 'pdf'] });
  const t = timed.timingsMs;
  const ms = (v?: number) => (v ?? 0).toFixed(0).padStart(4);
  console.log(`${example.name.padEnd(22)} svg ${ms(t.svg)} ms  png ${ms(t.png)} ms  pdf ${ms(t.pdf)} ms`);
  await renderPlot(spec, { formats: ['png'], dpi: 150, outBase: join('docs', 'plots', example.name) });
  if (outDir) await renderPlot(spec, { outBase: join(outDir, example.name) });
}

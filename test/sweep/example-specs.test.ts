import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';
import { trialPlotTables } from '../../src/figures/results-view.js';
import { resolveSpecPlots } from '../../src/figures/spec-plots.js';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { resultsFile } from '../../src/store/layout.js';
import { readParquetRows } from '../../src/store/parquet.js';
import { sweepAxes } from '../../src/store/tidy-rows.js';
import { planCells } from '../../src/sweep/plan.js';
import { inProcess, root, tempDir } from './cli-helpers.js';

/**
 * The shipped example specs: examples/default.yaml (`npm start`) and one per protocol in examples/protocols/. Each
 * must load, expand and plan every cell (codes built, protocols and decoders resolved, plots checked against the
 * tables), and a tiny version (`--trials 300`, CPU backend) must run to complete results with its plots.
 */
const dir = tempDir('examples');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROTOCOLS = ['partial', 'original', 'tandon-partial', 'erasure'] as const;
const files = [
  { file: join(root, 'examples/default.yaml'), protocols: ['partial', 'original'] as const },
  ...PROTOCOLS.map((p) => ({ file: join(root, `examples/protocols/${p}.yaml`), protocols: [p] })),
];

describe('example specs', () => {
  it('examples/protocols has one spec per protocol and nothing else', () => {
    expect(readdirSync(join(root, 'examples/protocols')).sort()).toEqual(PROTOCOLS.map((p) => `${p}.yaml`).sort());
  });

  for (const { file, protocols } of files) {
    const name = file.slice(root.length + 1);
    it(`${name}: loads, plans every cell, and runs a tiny version with its plots`, async () => {
      const loaded = loadSpecFile(file);
      const planned = planCells(loaded);
      expect(planned.length).toBe(loaded.cells.length);
      const used = new Set(planned.map((p) => p.cell.plan.protocol));
      for (const p of protocols) expect(used.has(p), `${name} uses ${p}`).toBe(true);
      const plots = resolveSpecPlots(loaded.spec.plots, trialPlotTables(sweepAxes(loaded.cells)));
      expect(plots.length).toBeGreaterThan(0);

      const out = join(dir, loaded.spec.name);
      const r = await inProcess('run', file, '--backend', 'cpu', '--trials', '300', '--out', out, '--progress', 'none');
      expect(r.code, r.stderr).toBe(0);
      const cells = await readParquetRows(resultsFile(out, 'cells'));
      expect(cells.length).toBe(planned.length);
      expect(new Set(cells.map((c) => c.protocol))).toEqual(used);
      expect(cells.every((c) => c.trials === 300)).toBe(true);
      // Every entry is drawn (completed so no cells merge; an entry may split into several files named after it).
      const drawn = readdirSync(join(out, 'plots')).sort();
      for (const p of plots)
        for (const f of p.formats)
          expect(
            drawn.some((d) => d.startsWith(p.name) && d.endsWith(`.${f}`)),
            `${p.name}.${f}`,
          ).toBe(true);
    }, 60_000);
  }
});

import type { WorkUnit } from '../engine/cost/work-unit.js';
import { loadSpecValue } from '../spec/load-spec.js';
import { resolveCell } from './resolve-cell.js';
import { trialWorkUnit } from './trial-workload.js';

/**
 * The trial cells `gradcode doctor --recalibrate` measures on every device: one per common kernel family — W1's
 * shapes (N = 100, no T grid), the small-cell sweeps' shapes (N = 20 with a 24-point error curve: partial, and
 * original with the any-k, groups and least-squares rules), and W2's shape (least squares from the missing workers).
 * A run whose cells fall in another family measures it when it needs it (src/engine/cost/auto-choice.ts).
 */
const W1_STRAGGLERS = {
  chunkTime: { dist: 'shifted-exponential', shift: 1, rate: 1 },
  slow: { fraction: 0.1, factor: 5 },
  failures: { p: 0.05 },
};
const SWEEP = {
  stragglers: { chunkTime: { dist: 'shifted-exponential', shift: 1, rate: 1 }, slow: { fraction: 0.2, factor: 4 } },
  tGrid: { from: 1, to: 200, points: 24, scale: 'log' },
};
const REFERENCE_SPEC = {
  name: 'calibration',
  seed: 18,
  defaults: { trials: 1_000_000 },
  cells: [
    { label: 'W1 partial', code: 'cyclic:N=100,s=9', protocol: 'partial', stragglers: W1_STRAGGLERS },
    { label: 'W1 original', code: 'crc:N=100,s=9,seed=1', protocol: 'original', stragglers: W1_STRAGGLERS },
    { label: 'sweep partial', code: 'crc:N=20,s=3', protocol: 'partial', ...SWEEP },
    { label: 'sweep any-k', code: 'crc:N=20,s=3', protocol: 'original', ...SWEEP },
    { label: 'sweep groups', code: 'frc:N=20,s=3', protocol: 'original', ...SWEEP },
    { label: 'sweep least squares', code: 'random:regular:N=20,d=4,seed=1', protocol: 'original', ...SWEEP },
    {
      label: 'W2',
      code: 'random:regular:N=64,d=4,seed=1',
      protocol: 'original',
      decoder: 'optimal',
      stragglers: { chunkTime: { dist: 'deterministic', value: 1 }, failures: { p: 0.2 } },
      tGrid: ['inf'],
      normalize: false,
    },
  ],
};

/** The reference trial cells as work units (one per family; W2 shares the least-squares family of the sweep cell). */
export function referenceTrialWorkload(): WorkUnit[] {
  const loaded = loadSpecValue(REFERENCE_SPEC, { source: 'calibration reference cells', baseDir: '.' });
  return loaded.cells.map((c, i) =>
    trialWorkUnit(
      resolveCell(c.spec, { field: `calibration.cells[${i}]`, index: i, baseDir: '.' }),
      String(c.spec.label),
    ),
  );
}

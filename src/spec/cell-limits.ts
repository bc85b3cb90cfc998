import { InputError } from '../errors.js';
import { checkLimit } from '../limits/limits.js';
import type { CellSpec } from './cell-schema.js';

/** Points of a cell's T grid as specified (0 without a grid), without building the grid. */
export function gridPointsOf(spec: Pick<CellSpec, 'tGrid'>): number {
  const g = spec.tGrid;
  if (g === undefined) return 0;
  return Array.isArray(g) ? g.length : g.points;
}

/**
 * Checks a cell's sizes and its adaptive rule before anything is allocated (issue 15, items 5 and 9): trials ≤
 * limits.trialsPerCell (the trial index is a 32-bit Philox word), T-grid points ≤ limits.gridPoints, trials × points
 * ≤ limits.trialGridPoints; an `adaptive` rule on the error must name a grid point that exists (a rule on the error
 * without a T grid, or a `gridIndex` beyond the grid, would be silently ignored). `field` is the cell's prefix, e.g.
 * `cells[2]`.
 */
export function checkCellLimits(spec: CellSpec, field: string): void {
  const f = (name: string) => `${field}.${name}`;
  checkLimit('trialsPerCell', spec.trials, f('trials'));
  const points = gridPointsOf(spec);
  checkLimit('gridPoints', points, f(Array.isArray(spec.tGrid) ? 'tGrid' : 'tGrid.points'));
  checkLimit('trialGridPoints', spec.trials * Math.max(1, points), f('trials'), 'trials × T-grid points');
  const adaptive = spec.adaptive;
  if (!adaptive) return;
  if (adaptive.statistic === 'error' && points === 0)
    throw new InputError(
      f('adaptive.statistic'),
      'stopping on the error needs a T grid (tGrid) to measure it at; add tGrid or use statistic: completion',
    );
  if (adaptive.gridIndex >= Math.max(points, 1))
    throw new InputError(
      f('adaptive.gridIndex'),
      points === 0
        ? `is ${adaptive.gridIndex}, but the cell has no T grid (gridIndex applies to statistic: error)`
        : `is ${adaptive.gridIndex}, but the T grid has ${points} point${points === 1 ? '' : 's'} (0…${points - 1})`,
    );
}

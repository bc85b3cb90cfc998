import { TrialDrawer } from '../stragglers/draws.js';
import type { TrialCell } from '../trials/cell.js';

/**
 * Calls `visit(t, survivors)` for trials t = 0 … cell.trials − 1 with the workers whose message eventually arrives
 * (finite time factor: not failed, not in an infinite fixed straggler set) — the survivor set the `original`
 * protocol decodes from at T = ∞ — drawn from the cell's own Philox counters (the straggler draws of the trial
 * engine). `survivors` is reused between calls.
 */
export function forEachSurvivorSet(cell: TrialCell, visit: (trial: number, survivors: Uint8Array) => void): void {
  const N = cell.schedule.code.N;
  const drawer = new TrialDrawer(cell.stragglers, cell.seed, cell.index);
  const factors = new Float64Array(N);
  const survivors = new Uint8Array(N);
  for (let t = 0; t < cell.trials; t++) {
    drawer.workerFactors(t, factors);
    for (let j = 0; j < N; j++) survivors[j] = factors[j] === Number.POSITIVE_INFINITY ? 0 : 1;
    visit(t, survivors);
  }
}

import type { TrialCell } from './cell.js';

/**
 * The cost-model family of a trial cell: the shape of code its batches run — the protocol, for whole-message
 * protocols the stop rule and whether the final-set shortcut applies, and whether an error curve is drawn (on
 * lavapipe a T grid costs several times a trial's draws). Cells of one family cost the same per unit of nominal work
 * on a device (`trialKernel.cpu.nanosPerItem`), within the accuracy the backend choice needs.
 */
export function trialFamily(cell: TrialCell): string {
  const { plan } = cell;
  const curve =
    cell.grid.length > 0 && plan.curve !== null ? ` curve:${plan.curve}` : cell.grid.length > 0 ? ' grid' : '';
  if (plan.protocol === 'partial') return `trials partial${curve}`;
  const complement = plan.complement.f32 ? ' complement' : '';
  return `trials ${plan.protocol} stop:${plan.stop.kind}${complement}${curve}`;
}

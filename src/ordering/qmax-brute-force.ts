import type { ChunkOrder } from '../codes/types.js';
import { requireInput } from '../errors.js';
import { checkBareOrder } from './order-validation.js';

/**
 * Qmax by exhaustive search over progress states, straight from the definition (partial-stragglers.md §3.2):
 * a state is t = (t_1, …, t_N) with 0 ≤ t_j ≤ δ_j (worker j has done the first t_j chunks of its order);
 * Q* = max{Σ_j t_j : some chunk has fewer than ℓ copies in t} and Qmax = Q* + 1. Exponential (Π_j (δ_j + 1)
 * states); for checking the closed form {@link qmax} on small instances. Refuses more than `maxStates` states.
 */
export function qmaxBruteForce(order: ChunkOrder, m: number, parts = 1, maxStates = 1 << 22): number {
  checkBareOrder(order, m);
  requireInput(Number.isInteger(parts) && parts >= 1, 'parts', `must be a positive integer, got ${parts}`);
  let states = 1;
  for (const row of order) {
    states *= row.length + 1;
    requireInput(states <= maxStates, 'order', `more than ${maxStates} progress states; too large for brute force`);
  }
  const copies = new Int32Array(m);
  let best = -1;
  const N = order.length;
  const visit = (j: number, done: number): void => {
    if (j === N) {
      if (done <= best) return;
      for (let i = 0; i < m; i++) {
        if (copies[i] < parts) {
          best = done;
          return;
        }
      }
      return;
    }
    const row = order[j];
    visit(j + 1, done);
    for (let k = 0; k < row.length; k++) {
      copies[row[k]]++;
      visit(j + 1, done + k + 1);
    }
    for (let k = 0; k < row.length; k++) copies[row[k]]--;
  };
  visit(0, 0);
  return best + 1;
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { SweepClock } from '../../src/cli/progress-eta.js';
import { WHOLE_SWEEP } from '../../src/store/shard.js';

/** A clock whose `elapsed()` is set by the test. */
function clock(costs?: { weights: Map<number, number>; seconds: boolean }) {
  const c = new SweepClock();
  let now = 0;
  vi.spyOn(c, 'elapsed').mockImplementation(() => now);
  c.start({ dir: 'd', shard: WHOLE_SWEEP, cells: 3, cellsDone: 0, trials: 300, trialsDone: 0, costs });
  return {
    c,
    at(seconds: number) {
      now = seconds;
    },
  };
}

describe('the ETA of a sweep', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is the predicted seconds before anything finished, then scaled by how the run compares with them', () => {
    // Cell 0 compiles a pipeline (predicted 10 s), cells 1 and 2 are cheap (1 s each): equal trials, unequal cost.
    const { c, at } = clock({
      weights: new Map([
        [0, 10],
        [1, 1],
        [2, 1],
      ]),
      seconds: true,
    });
    c.begin(0, 100);
    expect(c.eta()).toBe(12);
    at(5);
    c.running = 50; // half of cell 0 in 5 s: on schedule
    expect(c.eta()).toBeCloseTo(7, 12);
    at(20);
    c.cellDone(100, 100); // cell 0 took 20 s for 10 predicted: everything left takes twice as long
    c.begin(1, 100);
    expect(c.eta()).toBeCloseTo(4, 12);
  });

  it('weighs cells by relative cost when the prediction is not in seconds, and counts trials without costs', () => {
    const relative = clock({
      weights: new Map([
        [0, 3],
        [1, 1],
        [2, 1],
      ]),
      seconds: false,
    });
    relative.c.begin(0, 100);
    expect(relative.c.eta()).toBeNull();
    relative.at(6);
    relative.c.cellDone(100, 100);
    expect(relative.c.eta()).toBeCloseTo(4, 12);
    const trials = clock();
    trials.c.begin(0, 100);
    trials.at(6);
    trials.c.cellDone(100, 100);
    expect(trials.c.eta()).toBeCloseTo(12, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import { GramLeastSquares } from '../../src/decoders/gram-least-squares.js';
import {
  coverTime,
  finiteArrivals,
  orderFreeStopTime,
  type StopRule,
  sortArrivals,
  stopRound,
} from '../../src/protocols/stop-rules.js';
import { PhiloxStream } from '../../src/rng/stream.js';

/** Completion times with ties (quarter units) and never-arriving workers. */
function doneTimes(rng: PhiloxStream, N: number): Float64Array {
  return Float64Array.from({ length: N }, () =>
    rng.uniform() < 0.15 ? Number.POSITIVE_INFINITY : Math.round(rng.uniform() * 16) / 4,
  );
}

describe('stop rules', () => {
  const N = 12;
  const group = Int32Array.from({ length: N }, (_, j) => Math.floor(j / 3));
  const rules: StopRule[] = [
    { kind: 'any-k', k: 9 },
    { kind: 'groups', group, groups: 4 },
  ];

  it('stop at the same time with and without the arrival order (any-k, groups)', () => {
    const rng = new PhiloxStream(3, 1);
    const arrivals = new Int32Array(N);
    for (let trial = 0; trial < 500; trial++) {
      const doneAt = doneTimes(rng, N);
      sortArrivals(doneAt, N, arrivals);
      const finite = finiteArrivals(doneAt, arrivals, N);
      for (const rule of rules) {
        const ordered = stopRound(rule, doneAt, arrivals, N, finite, new Uint8Array(4), null, 0);
        const free = orderFreeStopTime(rule, doneAt, N, new Float64Array(N), new Float64Array(4));
        expect(ordered.time, rule.kind).toBe(free);
        if (Number.isFinite(free)) expect(doneAt[arrivals[ordered.received - 1]]).toBe(free);
        else expect(ordered.received).toBe(finite);
      }
    }
  });

  it('collect-k stops at min(D_(k), cover), deadline at T, count and all after their messages', () => {
    const rng = new PhiloxStream(4, 1);
    const arrivals = new Int32Array(N);
    for (let trial = 0; trial < 500; trial++) {
      const doneAt = doneTimes(rng, N);
      sortArrivals(doneAt, N, arrivals);
      const finite = finiteArrivals(doneAt, arrivals, N);
      const cover = coverTime(group, 4, doneAt, N, new Float64Array(4));
      const kth = 7 <= finite ? doneAt[arrivals[6]] : Number.POSITIVE_INFINITY;
      const seen = new Uint8Array(4);
      const collect = stopRound(
        { kind: 'collect-k', k: 7, group, groups: 4 },
        doneAt,
        arrivals,
        N,
        finite,
        seen,
        null,
        0,
      );
      expect(collect.time).toBe(Math.min(kth, cover));
      const deadline = stopRound({ kind: 'deadline', T: 2 }, doneAt, arrivals, N, finite, seen, null, 0);
      expect(deadline.received).toBe([...doneAt].filter((t) => t <= 2).length);
      expect(deadline.time).toBe(deadline.received === N ? doneAt[arrivals[N - 1]] : 2);
      expect(stopRound({ kind: 'count', k: 7 }, doneAt, arrivals, N, finite, seen, null, 0).time).toBe(kth);
      const all = stopRound({ kind: 'all' }, doneAt, arrivals, N, finite, seen, null, 0);
      expect(all.received).toBe(finite);
      expect(all.time).toBe(finite > 0 ? doneAt[arrivals[finite - 1]] : 0);
    }
  });

  it('least squares: stops at the first arrival whose optimal error is within the tolerance', () => {
    const code = parseCodeSpec('crc:N=10,s=2');
    const rng = new PhiloxStream(5, 1);
    const arrivals = new Int32Array(code.N);
    const ls = new GramLeastSquares(code, 1e-10);
    for (let trial = 0; trial < 200; trial++) {
      const doneAt = doneTimes(rng, code.N);
      sortArrivals(doneAt, code.N, arrivals);
      const finite = finiteArrivals(doneAt, arrivals, code.N);
      const round = stopRound({ kind: 'least-squares' }, doneAt, arrivals, code.N, finite, new Uint8Array(0), ls, 1e-8);
      // CRC decodes from any N − s = 8 messages and not from fewer.
      expect(round.received).toBe(Math.min(8, finite));
      expect(round.time).toBe(finite >= 8 ? doneAt[arrivals[7]] : Number.POSITIVE_INFINITY);
    }
  });
});

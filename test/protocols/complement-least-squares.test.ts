import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import type { GradientCode } from '../../src/codes/types.js';
import { IncrementalProjector } from '../../src/linalg/incremental-projector.js';
import type { ArrivalDecoder } from '../../src/protocols/arrival-decoders.js';
import { ComplementLeastSquares } from '../../src/protocols/complement-least-squares.js';
import { GramLeastSquares } from '../../src/protocols/gram-least-squares.js';
import { originalScratch, originalTrial } from '../../src/protocols/original.js';
import { newOutcome } from '../../src/protocols/outcome.js';
import { naturalSchedule } from '../../src/protocols/schedule.js';
import { PhiloxStream } from '../../src/rng/stream.js';
import { codeFromSupport } from '../helpers/code-from-support.js';

/** The dense coefficient row of worker j (length m·ℓ, chunk-major). */
function denseRow(code: GradientCode, j: number): Float64Array {
  const row = new Float64Array(code.m * code.parts);
  for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
    for (let p = 0; p < code.parts; p++) row[code.chunks[e] * code.parts + p] += code.coefficients[e * code.parts + p];
  }
  return row;
}

/** A random sparse code with N ≤ m workers and normal coefficients (full row rank with probability 1). */
function randomCode(rng: PhiloxStream, parts: number): GradientCode {
  const m = 8 + rng.integer(12);
  const N = 4 + rng.integer(m - 3);
  const support = Array.from({ length: N }, () => {
    const set = new Set<number>();
    const d = 1 + rng.integer(4);
    while (set.size < d) set.add(rng.integer(m));
    return [...set];
  });
  const base = codeFromSupport(support, m);
  const coefficients = Float64Array.from({ length: base.chunks.length * parts }, () => rng.normal());
  return { ...base, parts, coefficients, recovery: { kind: 'least-squares' } };
}

/** Hides `errorWithout`, so that originalTrial streams every arrival (the reference path). */
function streamingOnly(decoder: ArrivalDecoder): ArrivalDecoder & { adds: number } {
  const wrapped = {
    adds: 0,
    reset: () => decoder.reset(),
    add: (j: number) => {
      wrapped.adds++;
      decoder.add(j);
    },
    error: () => decoder.error(),
  };
  return wrapped;
}

describe('complement least squares (error from the missing workers)', () => {
  it('equals the orthogonalising projector over the survivors on random full-rank codes, ℓ = 1 and 2', () => {
    const rng = new PhiloxStream(31, 7);
    let qualified = 0;
    for (let trial = 0; trial < 60; trial++) {
      const code = randomCode(rng, 1 + (trial % 2));
      const complement = ComplementLeastSquares.forCode(code);
      if (!complement) continue;
      qualified++;
      for (let set = 0; set < 10; set++) {
        const missing: number[] = [];
        const projector = new IncrementalProjector(code.m, code.parts);
        for (let j = 0; j < code.N; j++) {
          if (set > 0 && rng.uniform() < 0.4) missing.push(j);
          else projector.add(denseRow(code, j));
        }
        const error = complement.errorWithout(Int32Array.from(missing), missing.length);
        expect(Math.abs(error - projector.error)).toBeLessThan(1e-9 * code.m * code.parts);
      }
    }
    // Most random codes with N ≤ m qualify; the rest were too ill-conditioned.
    expect(qualified).toBeGreaterThan(40);
  });

  it('refuses codes where the survivors could be dependent or the inverse Gram matrix is unreliable', () => {
    // CRC N = 32, s = 3 has rank 29: rank-deficient.
    expect(ComplementLeastSquares.forCode(parseCodeSpec('crc:N=32,s=3'))).toBeNull();
    // More workers than coefficients (a graph code: edges > vertices).
    expect(ComplementLeastSquares.forCode(parseCodeSpec('graph:petersen'))).toBeNull();
    // An empty worker.
    expect(ComplementLeastSquares.forCode(codeFromSupport([[0, 1], [], [2, 3]], 4))).toBeNull();
    // Two rows 10⁻⁵ apart: full rank, but κ(G) ≈ 10¹¹.
    const base = codeFromSupport(
      [
        [0, 1],
        [0, 1],
        [2, 3],
      ],
      4,
    );
    const nearlyEqual = { ...base, coefficients: Float64Array.from([1, 1, 1, 1 + 1e-5, 1, 1]) };
    expect(ComplementLeastSquares.forCode(nearlyEqual)).toBeNull();
    // The W2 code qualifies.
    expect(ComplementLeastSquares.forCode(parseCodeSpec('random:regular:N=64,d=4,seed=1'))).not.toBeNull();
  });
});

describe('original protocol: the final-set shortcut', () => {
  const code = parseCodeSpec('random:regular:N=32,d=3,seed=5');
  const schedule = naturalSchedule(code);

  function trialTimes(rng: PhiloxStream, failureP: number): Float64Array {
    const finish = new Float64Array(code.chunks.length);
    for (let j = 0; j < code.N; j++) {
      const failed = rng.uniform() < failureP;
      let t = 0;
      for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
        t += 1 + Math.round(rng.uniform() * 4) / 4;
        finish[e] = failed ? Number.POSITIVE_INFINITY : t;
      }
    }
    return finish;
  }

  it('gives the streaming pass’s completion and error(T), and skips the stream when the final set is inexact', () => {
    expect(code.recovery.kind).toBe('least-squares');
    const rng = new PhiloxStream(9, 1);
    const scratch = originalScratch(code.N, 1);
    const grids = [[Number.POSITIVE_INFINITY], [], [20, Number.POSITIVE_INFINITY], [2, 6, Number.POSITIVE_INFINITY]];
    let shortcuts = 0;
    let exact = 0;
    for (let trial = 0; trial < 400; trial++) {
      const grid = Float64Array.from(grids[trial % grids.length]);
      const finish = trialTimes(rng, trial % 5 === 0 ? 0 : 0.2);
      const fast = new GramLeastSquares(code, 1e-10);
      const counted = streamingOnly(fast);
      // `counted` forwards to `fast` but hides errorWithout; give the fast path its own decoder and count its adds.
      const shortcutDecoder: ArrivalDecoder = {
        reset: () => fast.reset(),
        add: (j) => counted.add(j),
        error: () => fast.error(),
        errorWithout: (missing, count) => fast.errorWithout(missing, count),
      };
      const withShortcut = newOutcome(grid.length);
      originalTrial(schedule, shortcutDecoder, shortcutDecoder, true, finish, grid, scratch, 1e-9, withShortcut);
      const reference = streamingOnly(new GramLeastSquares(code, 1e-10));
      const streamed = newOutcome(grid.length);
      originalTrial(schedule, reference, reference, true, finish, grid, scratch, 1e-9, streamed);

      expect(withShortcut.completion).toBe(streamed.completion);
      expect(withShortcut.done).toEqual(streamed.done);
      for (let g = 0; g < grid.length; g++) {
        expect(Math.abs(withShortcut.errors[g] - streamed.errors[g])).toBeLessThan(1e-10 * code.m);
      }
      if (Number.isFinite(streamed.completion)) exact++;
      else if (grid.length === 0 || grid[0] >= 20) {
        // Censored and no grid time before the last arrival: not one arrival was streamed.
        expect(counted.adds).toBe(0);
        shortcuts++;
      }
    }
    expect(shortcuts).toBeGreaterThan(100);
    expect(exact).toBeGreaterThan(20);
  });
});

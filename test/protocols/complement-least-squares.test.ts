import { describe, expect, it } from 'vitest';
import { parseCodeSpec } from '../../src/codes/spec.js';
import type { GradientCode } from '../../src/codes/types.js';
import { GramLeastSquares } from '../../src/decoders/gram-least-squares.js';
import type { ArrivalDecoder } from '../../src/decoders/streaming.js';
import { IncrementalProjector } from '../../src/linalg/incremental-projector.js';
import { ComplementLeastSquares } from '../../src/protocols/complement-least-squares.js';
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

/** Counts the arrivals streamed into a decoder. */
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

describe('complement least squares, error form (from the missing workers)', () => {
  it('equals the orthogonalising projector over the survivors on random full-rank codes, ℓ = 1 and 2', () => {
    const rng = new PhiloxStream(31, 7);
    let qualified = 0;
    for (let trial = 0; trial < 60; trial++) {
      const code = randomCode(rng, 1 + (trial % 2));
      const complement = ComplementLeastSquares.forCode(code).gram;
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
    const gram = (code: GradientCode) => ComplementLeastSquares.forCode(code).gram;
    // CRC N = 32, s = 3 has rank 29: rank-deficient.
    expect(gram(parseCodeSpec('crc:N=32,s=3'))).toBeNull();
    // More workers than coefficients (a graph code: edges > vertices).
    expect(gram(parseCodeSpec('graph:petersen'))).toBeNull();
    // An empty worker.
    expect(gram(codeFromSupport([[0, 1], [], [2, 3]], 4))).toBeNull();
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
    expect(gram(nearlyEqual)).toBeNull();
    // The W2 code qualifies.
    expect(gram(parseCodeSpec('random:regular:N=64,d=4,seed=1'))).not.toBeNull();
  });

  it('agrees with the decoding form (α = a₀ − B⁺c) on a code both forms take: one complement least squares', () => {
    const code = parseCodeSpec('random:regular:N=64,d=4,seed=1');
    const both = ComplementLeastSquares.forCode(code);
    const { gram, projection } = both;
    if (!gram || !projection) throw new Error('the W2 code should qualify for both forms');
    expect(ComplementLeastSquares.forCode(code)).toBe(both);
    const rng = new PhiloxStream(5, 2);
    const alpha = new Float64Array(code.m);
    const correction = new Float64Array(code.N);
    let compared = 0;
    for (let set = 0; set < 200; set++) {
      const survivors = Uint8Array.from({ length: code.N }, () => (rng.uniform() < 0.8 ? 1 : 0));
      const missing = Int32Array.from([...survivors].flatMap((alive, j) => (alive ? [] : [j])));
      if (2 * missing.length > code.N) continue;
      const decoded = projection.decode(survivors, alpha, correction);
      if (!decoded.ok) continue;
      compared++;
      expect(Math.abs(gram.errorWithout(missing, missing.length) - decoded.error)).toBeLessThan(1e-9 * code.m);
    }
    expect(compared).toBeGreaterThan(150);
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
      const counted = streamingOnly(new GramLeastSquares(code, 1e-10));
      const complement = ComplementLeastSquares.forCode(code).gram;
      const stop = { kind: 'least-squares' } as const;
      const withShortcut = newOutcome(grid.length);
      originalTrial(schedule, stop, counted, counted, true, complement, finish, grid, scratch, 1e-9, withShortcut);
      const reference = streamingOnly(new GramLeastSquares(code, 1e-10));
      const streamed = newOutcome(grid.length);
      originalTrial(schedule, stop, reference, reference, true, null, finish, grid, scratch, 1e-9, streamed);

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

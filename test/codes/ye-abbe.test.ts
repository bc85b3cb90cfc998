import { describe, expect, it } from 'vitest';
import { chunkReplication, denseMatrix, workerLoads } from '../../src/codes/structure.js';
import { yeAbbeCode, yeAbbeDecodingError, yeAbbeDecodingWeights, yeAbbeNodes } from '../../src/codes/ye-abbe.js';
import { InputError } from '../../src/errors.js';
import { subsets } from './least-squares.js';

describe('Ye–Abbe communication-efficient code', () => {
  it.each([
    [7, 1, 1, 'chebyshev'],
    [8, 2, 2, 'chebyshev'],
    [8, 2, 2, 'equispaced'],
    [10, 3, 2, 'chebyshev'],
    [12, 2, 3, 'equispaced'],
    [9, 1, 3, 'chebyshev'],
  ] as const)('N = %i, s = %i, ℓ = %i (%s): exact over every survivor set of size N − s', (N, s, parts, nodes) => {
    const code = yeAbbeCode({ N, s, parts, nodes });
    expect(code.parts).toBe(parts);
    expect(Array.from(workerLoads(code))).toEqual(new Array(N).fill(s + parts));
    expect(Array.from(chunkReplication(code))).toEqual(new Array(N).fill(s + parts));
    expect(code.recovery).toEqual({ kind: 'any-k', k: N - s });
    let worst = 0;
    let count = 0;
    for (const S of subsets(N, N - s)) {
      const w = yeAbbeDecodingWeights(code, S);
      // Weights vanish off the survivor set.
      const alive = new Set(S);
      for (let t = 0; t < parts; t++) for (let j = 0; j < N; j++) if (!alive.has(j)) expect(w[t * N + j]).toBe(0);
      worst = Math.max(worst, yeAbbeDecodingError(code, w).error);
      count++;
    }
    expect(count).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-18);
  });

  it('the decoding error is real: wrong weights or too few survivors fail', () => {
    const code = yeAbbeCode({ N: 8, s: 2, parts: 2 });
    const w = yeAbbeDecodingWeights(code, [0, 1, 2, 3, 4, 5]);
    w[0] += 1e-3;
    expect(yeAbbeDecodingError(code, w).error).toBeGreaterThan(1e-8);
    expect(() => yeAbbeDecodingWeights(code, [0, 1, 2, 3, 4])).toThrow(InputError);
    // With d > s + ℓ fewer survivors suffice: k = N − d + ℓ.
    const wide = yeAbbeCode({ N: 8, s: 1, parts: 2, d: 5 });
    expect(wide.recovery).toEqual({ kind: 'any-k', k: 5 });
    expect(wide.meta.stragglerTolerance).toBe(3);
    const ww = yeAbbeDecodingWeights(wide, [1, 3, 4, 6, 7]);
    expect(yeAbbeDecodingError(wide, ww).error).toBeLessThan(1e-18);
  });

  it('ℓ = 2, N = 4, s = 0: the message polynomial has the block sums as its top coefficients', () => {
    // d = N: p_i ≡ 1, so F(x) = Σ_i (x·g_i^(0) + g_i^(1) ) and worker j's coefficients are (α_j, 1) on every chunk.
    const code = yeAbbeCode({ N: 4, s: 0, parts: 2, d: 4, nodes: 'equispaced' });
    const B = denseMatrix(code);
    const alpha = yeAbbeNodes(4, 'equispaced');
    for (let j = 0; j < 4; j++) {
      for (let i = 0; i < 4; i++) {
        expect(B[j * 8 + i * 2]).toBeCloseTo(alpha[j], 14);
        expect(B[j * 8 + i * 2 + 1]).toBeCloseTo(1, 14);
      }
    }
  });

  it('records the interpolation instability: decoding error grows with N (f64)', () => {
    // s = 2, ℓ = 2, survivors 0..N−3. Measured values (also in the final report) are printed, and the test pins the
    // growth so a silently "fixed" decoder (e.g. one that hides errors) fails.
    const rows: string[] = [];
    const errors: Record<string, number[]> = { chebyshev: [], equispaced: [] };
    const sizes = [8, 16, 24, 32, 40];
    for (const nodes of ['chebyshev', 'equispaced'] as const) {
      for (const N of sizes) {
        const code = yeAbbeCode({ N, s: 2, parts: 2, nodes });
        const S = Array.from({ length: N - 2 }, (_, j) => j);
        const { error } = yeAbbeDecodingError(code, yeAbbeDecodingWeights(code, S));
        errors[nodes].push(error);
        rows.push(`${nodes} N=${N}: ${error.toExponential(2)}`);
      }
    }
    console.log(`Ye–Abbe decoding error ‖B_Sᵀw − u‖² (s=2, ℓ=2):\n  ${rows.join('\n  ')}`);
    for (const e of Object.values(errors)) {
      expect(e[0]).toBeLessThan(1e-20); // N = 8: exact to roundoff
      expect(e[2]).toBeGreaterThan(e[0] * 1e6); // N = 24: many orders larger
      expect(e[4]).toBeGreaterThan(1e-2); // N = 40: no longer a usable decoding
      for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
    }
  });

  it('rejects d < s + ℓ, d > N, s ≥ N, unknown nodes', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as InputError).field;
      }
      return undefined;
    };
    expect(field(() => yeAbbeCode({ N: 8, s: 2, parts: 2, d: 3 }))).toBe('d');
    expect(field(() => yeAbbeCode({ N: 4, s: 2, parts: 3 }))).toBe('d');
    expect(field(() => yeAbbeCode({ N: 4, s: 4, parts: 1 }))).toBe('s');
    expect(field(() => yeAbbeCode({ N: 4, s: 1, parts: 1, nodes: 'random' as never }))).toBe('nodes');
  });
});

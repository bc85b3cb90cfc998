import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/linalg/dense-matrix.js';
import { symmetricEigen } from '../../src/linalg/symmetric-eigen.js';
import { afmGlyphs } from '../../src/train/data/afm-glyphs.js';
import { gaussianLogistic } from '../../src/train/data/gaussian-logistic.js';
import { syntheticLeastSquares } from '../../src/train/data/synthetic-least-squares.js';

/**
 * The three datasets of issue 5: synthetic least squares with an exactly chosen condition number of XᵀX, Tandon et
 * al.'s two-Gaussian logistic data (ICML 2017 reference code, core-gc.md §A.8), and the real AFM glyph-metrics
 * data shipped in pdfkit (Adobe Core 14 font metrics). All are deterministic functions of their seed.
 */
function gramEigen(X: Float64Array, n: number, d: number): number[] {
  const rows = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => {
      let s = 0;
      for (let r = 0; r < n; r++) s += X[r * d + a] * X[r * d + b];
      return s / n;
    }),
  );
  return Array.from(symmetricEigen(fromRows(rows)).values);
}

describe('datasets', () => {
  it('synthetic least squares: XᵀX/n has eigenvalues from 1 down to 1/κ', () => {
    for (const condition of [1, 10, 1000]) {
      const ds = syntheticLeastSquares({ rows: 300, features: 7, condition, noise: 0.1, seed: 4 });
      const eig = gramEigen(ds.X, ds.n, ds.d);
      expect(eig[0]).toBeCloseTo(1, 9);
      expect(eig[0] / eig[eig.length - 1]).toBeCloseTo(condition, 6);
    }
  });

  it('synthetic least squares is a deterministic function of the seed', () => {
    const a = syntheticLeastSquares({ rows: 50, features: 3, condition: 5, noise: 0.1, seed: 1 });
    const b = syntheticLeastSquares({ rows: 50, features: 3, condition: 5, noise: 0.1, seed: 1 });
    const c = syntheticLeastSquares({ rows: 50, features: 3, condition: 5, noise: 0.1, seed: 2 });
    expect(a.X).toEqual(b.X);
    expect(a.y).toEqual(b.y);
    expect(a.X).not.toEqual(c.X);
  });

  it('Tandon two-Gaussian logistic data: ±1 labels correlated with xᵀβ*, deterministic', () => {
    const a = gaussianLogistic({ rows: 2000, features: 10, separation: 1.5, seed: 3 });
    const b = gaussianLogistic({ rows: 2000, features: 10, separation: 1.5, seed: 3 });
    expect(a.X).toEqual(b.X);
    expect(a.y).toEqual(b.y);
    expect(new Set(a.y)).toEqual(new Set([-1, 1]));
    const positives = a.y.reduce((s, v) => s + (v > 0 ? 1 : 0), 0);
    expect(positives / a.n).toBeGreaterThan(0.35);
    expect(positives / a.n).toBeLessThan(0.65);
    // rows have standard deviation 10/√d per coordinate
    let ss = 0;
    for (const v of a.X) ss += v * v;
    expect(Math.sqrt(ss / a.X.length)).toBeCloseTo(10 / Math.sqrt(10), 0);
  });

  it('AFM glyphs: 14 core fonts from pdfkit, standardised features, provenance and licence stated', () => {
    const reg = afmGlyphs({ task: 'regression', shuffle: true, seed: 1 });
    expect(reg.provenance.params.files).toBe(14);
    expect(reg.n).toBeGreaterThan(3000);
    expect(reg.d).toBe(10);
    expect(reg.features[0]).toBe('intercept');
    expect(reg.provenance.licence).toMatch(/Adobe/);
    expect(reg.provenance.licence).toMatch(/MIT/);
    // advance widths in em: Courier's 0.6 em is among them
    expect(Array.from(reg.y)).toContain(0.6);
    for (let c = 1; c < reg.d; c++) {
      let mean = 0;
      for (let r = 0; r < reg.n; r++) mean += reg.X[r * reg.d + c] / reg.n;
      expect(Math.abs(mean)).toBeLessThan(1e-9);
    }
    const cls = afmGlyphs({ task: 'classification', shuffle: false, seed: 1 });
    expect(cls.d).toBe(9);
    expect(new Set(cls.y)).toEqual(new Set([-1, 1]));
    expect(afmGlyphs({ task: 'regression', shuffle: true, seed: 1 }).X).toEqual(reg.X);
  });
});

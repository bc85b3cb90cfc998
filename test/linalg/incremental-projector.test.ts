import { describe, expect, it } from 'vitest';
import { multiplyVector } from '../../src/linalg/dense-matrix.js';
import { IncrementalProjector } from '../../src/linalg/incremental-projector.js';
import { leastSquares } from '../../src/linalg/least-squares.js';
import { Stream } from '../../src/rng/counters.js';
import { PhiloxStream } from '../../src/rng/stream.js';

/** Targets u_p = 1_m ⊗ e_p (index i·ℓ + p) as an (mℓ) × ℓ column-major block. */
function targets(m: number, parts: number): Float64Array {
  const dim = m * parts;
  const u = new Float64Array(dim * parts);
  for (let p = 0; p < parts; p++) for (let i = 0; i < m; i++) u[p * dim + i * parts + p] = 1;
  return u;
}

/** A random sparse row; every fourth row is a combination of two earlier rows (forcing numerical dependence). */
function randomRows(rng: PhiloxStream, count: number, dim: number): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let t = 0; t < count; t++) {
    const row = new Float64Array(dim);
    if (t >= 2 && t % 4 === 3) {
      const a = rows[rng.integer(t)];
      const b = rows[rng.integer(t)];
      const ca = rng.normal();
      for (let i = 0; i < dim; i++) row[i] = ca * a[i] + 0.5 * b[i];
    } else {
      const nnz = 1 + rng.integer(Math.min(dim, 4));
      for (let k = 0; k < nnz; k++) row[rng.integer(dim)] = rng.integer(3) === 0 ? 1 : rng.normal();
    }
    rows.push(row);
  }
  return rows;
}

/** Batch reference: err = Σ_p ‖(I − P) u_p‖² and P u_p from least squares on the rows as columns. */
function batch(rows: Float64Array[], m: number, parts: number) {
  const dim = m * parts;
  const a = { rows: dim, cols: rows.length, data: new Float64Array(dim * rows.length) };
  rows.forEach((r, t) => a.data.set(r, t * dim));
  const u = targets(m, parts);
  const ls = leastSquares(a, u);
  const projections: Float64Array[] = [];
  for (let p = 0; p < parts; p++)
    projections.push(multiplyVector(a, ls.x.subarray(p * rows.length, (p + 1) * rows.length)));
  return { error: ls.residual.reduce((s, x) => s + x, 0), rank: ls.rank, projections, perPart: ls.residual };
}

describe('incremental projector', () => {
  it('tracks err(S) and the rank equal to batch least squares after every added row (ℓ = 1, 2, 3)', () => {
    const rng = new PhiloxStream(21, Stream.test);
    let dependentSeen = 0;
    for (let trial = 0; trial < 60; trial++) {
      const parts = 1 + (trial % 3);
      const m = 2 + rng.integer(7);
      const dim = m * parts;
      const rows = randomRows(rng, 2 + rng.integer(2 * dim), dim);
      const proj = new IncrementalProjector(m, parts, { trackWeights: true });
      expect(proj.error).toBe(m * parts);
      for (let t = 0; t < rows.length; t++) {
        const grew = proj.add(rows[t]);
        const ref = batch(rows.slice(0, t + 1), m, parts);
        if (!grew) dependentSeen++;
        expect(proj.rank).toBe(ref.rank);
        expect(proj.error).toBeCloseTo(ref.error, 9);
        const perPart = proj.errorPerPart();
        for (let p = 0; p < parts; p++) expect(perPart[p]).toBeCloseTo(ref.perPart[p], 9);
        // Weights reproduce the projection P u_p = Σ_s w_s^(p) row_s.
        const w = proj.weights();
        for (let p = 0; p < parts; p++) {
          const alpha = new Float64Array(dim);
          for (let s = 0; s <= t; s++) for (let i = 0; i < dim; i++) alpha[i] += w[p * (t + 1) + s] * rows[s][i];
          for (let i = 0; i < dim; i++) expect(alpha[i]).toBeCloseTo(ref.projections[p][i], 8);
        }
      }
    }
    expect(dependentSeen).toBeGreaterThan(50);
  });

  it('mark/rewind restores an earlier state exactly, so enumerations can share prefixes', () => {
    const rng = new PhiloxStream(22, Stream.test);
    const m = 8;
    const rows = randomRows(rng, 12, m);
    const proj = new IncrementalProjector(m, 1, { trackWeights: true });
    for (let t = 0; t < 5; t++) proj.add(rows[t]);
    const mark = proj.mark();
    const before = proj.error;
    for (let t = 5; t < 12; t++) proj.add(rows[t]);
    proj.rewind(mark);
    expect(proj.error).toBe(before);
    expect(proj.rows).toBe(5);
    // Adding a different continuation after the rewind gives the batch answer for that set.
    proj.add(rows[9]);
    const ref = batch([...rows.slice(0, 5), rows[9]], m, 1);
    expect(proj.error).toBeCloseTo(ref.error, 10);
    const w = proj.weights();
    expect(w.length).toBe(6);
    proj.reset();
    expect(proj.error).toBe(m);
    expect(proj.rank).toBe(0);
  });

  it('a zero row or an exact duplicate leaves rank and error unchanged', () => {
    const proj = new IncrementalProjector(3);
    expect(proj.add([0, 0, 0])).toBe(false);
    expect(proj.add([1, 1, 0])).toBe(true);
    expect(proj.error).toBeCloseTo(1, 15);
    expect(proj.add([2, 2, 0])).toBe(false);
    expect(proj.rank).toBe(1);
    expect(proj.add([0, 0, 5])).toBe(true);
    expect(proj.error).toBeLessThan(1e-15);
  });
});

import type { DenseMatrix } from './dense-matrix.js';

/** Unit roundoff of IEEE-754 binary64 (2⁻⁵²). */
export const EPSILON = Number.EPSILON;

/** Options for {@link CompleteOrthogonalDecomposition}. */
export interface RankOptions {
  /**
   * Absolute rank tolerance: a pivot column whose remaining norm is ≤ this value ends the factorisation. Default
   * `max(rows, cols) · ε · |R₁₁|`, the LAPACK xGELSY-style choice (|R₁₁| = the largest column norm).
   */
  readonly rankTolerance?: number;
}

/**
 * Rank-revealing complete orthogonal decomposition A·P = Q·[T 0; 0 0]·Z of a dense f64 matrix (column-major).
 *
 * Step 1 is Householder QR with column pivoting (Businger–Golub; LAPACK xGEQP3's norm downdating with the
 * Drmač–Bujanović recompute safeguard): at step k the remaining column of largest norm is moved to position k, and the
 * factorisation stops when that norm is ≤ the rank tolerance, so |R_kk| > tol for k < rank and the trailing block R₂₂
 * (‖R₂₂‖ ≤ √(cols−rank) · tol) is dropped. Step 2 (only when rank < cols) is the RZ factorisation
 * [R₁₁ R₁₂] = [T 0]·Z by Householder reflectors applied from the right (LAPACK xTZRZF). Solving then gives the
 * **minimum-norm** least-squares solution x = P·Zᵀ·[T⁻¹(Qᵀb)₁:r; 0] (Golub & Van Loan, Matrix Computations 4th ed.,
 * §5.5.2 and §5.4.2), which is what the decoders need: for a rank-deficient surviving set B_Sᵀ the weights are not
 * unique and a plain QR solve returns arbitrary (ml-matrix: silently wrong, see research/ecosystem.md §5) answers.
 *
 * Cost: 2·rows·rank·cols − (2/3)·rank²·(rows + cols)-ish flops for the QR, O(rank²·(cols − rank)) for RZ.
 */
export class CompleteOrthogonalDecomposition {
  /** Number of rows of A. */
  readonly rows: number;
  /** Number of columns of A. */
  readonly cols: number;
  /** Numerical rank: number of pivots with remaining column norm above {@link tolerance}. */
  readonly rank: number;
  /** The absolute rank tolerance that was applied. */
  readonly tolerance: number;
  /** |R₁₁|: the largest column norm of A (0 for a zero matrix). */
  readonly largestPivot: number;
  /** Column permutation: column k of A·P is column `permutation[k]` of A. */
  readonly permutation: Int32Array;
  /** Packed factors: Householder vectors below the diagonal, T on and above it, RZ vectors in rows < rank, cols ≥ rank. */
  private readonly packed: Float64Array;
  private readonly tauQ: Float64Array;
  private readonly tauZ: Float64Array;

  constructor(a: DenseMatrix, options: RankOptions = {}) {
    const m = a.rows;
    const n = a.cols;
    if (a.data.length !== m * n) throw new RangeError(`matrix data has ${a.data.length} entries, expected ${m * n}`);
    this.rows = m;
    this.cols = n;
    const w = Float64Array.from(a.data);
    for (let k = 0; k < w.length; k++) {
      if (!Number.isFinite(w[k])) throw new RangeError('matrix has a non-finite entry');
    }
    const perm = new Int32Array(n);
    for (let j = 0; j < n; j++) perm[j] = j;
    const minMN = Math.min(m, n);
    const tauQ = new Float64Array(minMN);
    // vn1: downdated partial column norms; vn2: the norm when vn1 was last computed exactly.
    const vn1 = new Float64Array(n);
    const vn2 = new Float64Array(n);
    let largest = 0;
    for (let j = 0; j < n; j++) {
      vn1[j] = columnNorm(w, j * m, 0, m);
      vn2[j] = vn1[j];
      if (vn1[j] > largest) largest = vn1[j];
    }
    const given = options.rankTolerance;
    if (given !== undefined && !(given >= 0 && Number.isFinite(given))) {
      throw new RangeError(`rank tolerance ${given} must be a finite non-negative number`);
    }
    const tol = given ?? Math.max(m, n) * EPSILON * largest;
    const tolRecompute = Math.sqrt(EPSILON);
    let rank = 0;
    for (let k = 0; k < minMN; k++) {
      // Pivot: the remaining column of largest (downdated) norm.
      let p = k;
      let best = vn1[k];
      for (let j = k + 1; j < n; j++) {
        if (vn1[j] > best) {
          best = vn1[j];
          p = j;
        }
      }
      if (p !== k) {
        const pk = p * m;
        const kk = k * m;
        for (let i = 0; i < m; i++) {
          const t = w[pk + i];
          w[pk + i] = w[kk + i];
          w[kk + i] = t;
        }
        const tp = perm[p];
        perm[p] = perm[k];
        perm[k] = tp;
        vn1[p] = vn1[k];
        vn2[p] = vn2[k];
      }
      const kBase = k * m;
      // Exact remaining norm of the pivot column decides the rank (the downdated value is only a guide).
      const pivotNorm = columnNorm(w, kBase, k, m);
      if (!(pivotNorm > tol)) break;
      // Householder reflector H = I − τ v vᵀ with v_k = 1 mapping w[k..m−1, k] to (β, 0, …, 0).
      const alpha = w[kBase + k];
      let tau = 0;
      if (columnNorm(w, kBase, k + 1, m) !== 0) {
        const beta = alpha >= 0 ? -pivotNorm : pivotNorm;
        tau = (beta - alpha) / beta;
        const scale = 1 / (alpha - beta);
        for (let i = kBase + k + 1; i < kBase + m; i++) w[i] *= scale;
        w[kBase + k] = beta;
      }
      tauQ[k] = tau;
      if (tau !== 0) {
        for (let j = k + 1; j < n; j++) {
          const jBase = j * m;
          let dot = w[jBase + k];
          for (let i = k + 1; i < m; i++) dot += w[kBase + i] * w[jBase + i];
          dot *= tau;
          if (dot === 0) continue;
          w[jBase + k] -= dot;
          for (let i = k + 1; i < m; i++) w[jBase + i] -= dot * w[kBase + i];
        }
      }
      // Downdate the remaining column norms (xGEQP3 / xLAQP2 with the recompute safeguard).
      for (let j = k + 1; j < n; j++) {
        if (vn1[j] === 0) continue;
        const ratio = Math.abs(w[j * m + k]) / vn1[j];
        let temp = 1 - ratio * ratio;
        if (temp < 0) temp = 0;
        const r2 = vn1[j] / vn2[j];
        if (temp * r2 * r2 <= tolRecompute) {
          vn1[j] = columnNorm(w, j * m, k + 1, m);
          vn2[j] = vn1[j];
        } else {
          vn1[j] *= Math.sqrt(temp);
        }
      }
      rank = k + 1;
    }
    // RZ: annihilate R₁₂ from the right, row by row from the bottom (xTZRZF), so [R₁₁ R₁₂] = [T 0]·Z.
    const tauZ = new Float64Array(rank);
    if (rank < n) {
      const extra = n - rank;
      for (let k = rank - 1; k >= 0; k--) {
        const alpha = w[k + k * m];
        let xnorm = 0;
        for (let t = 0; t < extra; t++) {
          const x = w[k + (rank + t) * m];
          xnorm = Math.hypot(xnorm, x);
        }
        if (xnorm === 0) continue;
        const norm = Math.hypot(alpha, xnorm);
        const beta = alpha >= 0 ? -norm : norm;
        const tau = (beta - alpha) / beta;
        const scale = 1 / (alpha - beta);
        for (let t = 0; t < extra; t++) w[k + (rank + t) * m] *= scale;
        w[k + k * m] = beta;
        tauZ[k] = tau;
        // Apply H = I − τ z zᵀ (z = e_k + Σ_t vz_t e_{rank+t}) from the right to rows 0..k−1.
        for (let i = 0; i < k; i++) {
          let dot = w[i + k * m];
          for (let t = 0; t < extra; t++) dot += w[i + (rank + t) * m] * w[k + (rank + t) * m];
          dot *= tau;
          if (dot === 0) continue;
          w[i + k * m] -= dot;
          for (let t = 0; t < extra; t++) w[i + (rank + t) * m] -= dot * w[k + (rank + t) * m];
        }
      }
    }
    this.rank = rank;
    this.tolerance = tol;
    this.largestPivot = largest;
    this.permutation = perm;
    this.packed = w;
    this.tauQ = tauQ;
    this.tauZ = tauZ;
  }

  /**
   * Minimum-norm least-squares solutions X (cols × nrhs, column-major) of min ‖A·x_k − b_k‖ for each column b_k of
   * B (rows × nrhs, column-major). Columns of A beyond the numerical rank contribute nothing (their share of x is 0
   * after the Z rotation), exactly as in LAPACK xGELSY.
   */
  solve(b: Float64Array, nrhs = 1): Float64Array {
    const m = this.rows;
    const n = this.cols;
    const r = this.rank;
    if (!Number.isInteger(nrhs) || nrhs < 0) throw new RangeError(`nrhs ${nrhs} is not a non-negative integer`);
    if (b.length !== m * nrhs) throw new RangeError(`right-hand side has ${b.length} entries, expected ${m * nrhs}`);
    const w = this.packed;
    const x = new Float64Array(n * nrhs);
    const c = new Float64Array(m);
    const z = new Float64Array(n);
    for (let col = 0; col < nrhs; col++) {
      c.set(b.subarray(col * m, (col + 1) * m));
      // c ← Qᵀ c, applying H_0 … H_{r−1}.
      for (let k = 0; k < r; k++) {
        const tau = this.tauQ[k];
        if (tau === 0) continue;
        const kBase = k * m;
        let dot = c[k];
        for (let i = k + 1; i < m; i++) dot += w[kBase + i] * c[i];
        dot *= tau;
        c[k] -= dot;
        for (let i = k + 1; i < m; i++) c[i] -= dot * w[kBase + i];
      }
      // T y = c[0..r−1] (upper triangular back substitution), y stored in z[0..r−1], z[r..n−1] = 0.
      z.fill(0);
      for (let k = r - 1; k >= 0; k--) {
        let s = c[k];
        for (let j = k + 1; j < r; j++) s -= w[k + j * m] * z[j];
        z[k] = s / w[k + k * m];
      }
      // x' = H^Z_{r−1} ⋯ H^Z_0 z (undo the RZ rotation).
      if (r < n) {
        const extra = n - r;
        for (let k = 0; k < r; k++) {
          const tau = this.tauZ[k];
          if (tau === 0) continue;
          let dot = z[k];
          for (let t = 0; t < extra; t++) dot += w[k + (r + t) * m] * z[r + t];
          dot *= tau;
          z[k] -= dot;
          for (let t = 0; t < extra; t++) z[r + t] -= dot * w[k + (r + t) * m];
        }
      }
      const xBase = col * n;
      for (let k = 0; k < n; k++) x[xBase + this.permutation[k]] = z[k];
    }
    return x;
  }
}

/** Euclidean norm of w[base+from .. base+to−1], scaled to avoid overflow and underflow. */
function columnNorm(w: Float64Array, base: number, from: number, to: number): number {
  let scale = 0;
  for (let i = base + from; i < base + to; i++) {
    const v = Math.abs(w[i]);
    if (v > scale) scale = v;
  }
  if (scale === 0) return 0;
  if (scale > 1e-150 && scale < 1e150) {
    let s = 0;
    for (let i = base + from; i < base + to; i++) s += w[i] * w[i];
    return Math.sqrt(s);
  }
  let s = 0;
  for (let i = base + from; i < base + to; i++) {
    const v = w[i] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

import type { GradientCode } from '../codes/types.js';
import { choleskyInPlace, choleskySolve } from '../linalg/cholesky.js';

/** Largest N for which the N × N inverse Gram matrix is precomputed (O(N³) once, 8N² bytes). */
export const COMPLEMENT_ERROR_MAX_WORKERS = 512;
/**
 * Largest 1-norm condition number κ₁(G) of G = B Bᵀ accepted (κ₂ ≤ κ₁ for a symmetric matrix). The complement
 * form's relative rounding error grows about like κ(G)·ε: against an SVD least-squares reference it measured
 * 2·10⁻¹² at κ₁ = 2.2·10⁴ (the W2 code random:regular:N=64,d=4,seed=1) and 3·10⁻¹⁰ at κ₁ = 9.6·10⁶, where the
 * streaming factorisation stays near 10⁻¹⁴; at this bound it stays ≲ 10⁻¹⁰, six orders below Monte-Carlo noise.
 */
export const COMPLEMENT_GRAM_MAX_CONDITION = 1e6;

/**
 * The error form of complement least squares (src/protocols/complement-least-squares.ts): the optimal decoding error
 * of a survivor set computed from the *missing* workers alone, for codes whose coefficient matrix B (N × mℓ) has full
 * row rank and a well-conditioned Gram matrix G = B Bᵀ. It is the f64 twin of `complement_error` in
 * shaders/trials/original.wgsl (the f32 kernel reads {@link inverse}, {@link v} and {@link fullError}).
 *
 * With R the row space of B and S the survivors (F = the rest), the part of R orthogonal to row(B_S) is
 * {Bᵀw : (Gw)_S = 0} = span of the columns of C = Bᵀ G⁻¹ E_F, with CᵀC = (G⁻¹)_FF and Cᵀu = (G⁻¹ B u)_F. So for each
 * block-sum target u_p = 1_m ⊗ e_p (Glasgow & Wootters' optimal decoding, core-gc.md §D.1; DESIGN §3):
 *
 *   err_p(S) = ‖u_p‖² − u_pᵀ P_S u_p = (m − c_p) + v_{p,F}ᵀ ((G⁻¹)_FF)⁻¹ v_{p,F},   v_p = G⁻¹ B u_p,  c_p = (B u_p)ᵀ v_p.
 *
 * (G⁻¹)_FF is a principal submatrix of a positive definite matrix, so one |F| × |F| Cholesky per set replaces the
 * O(|S|³) factorisation over the survivors: with few stragglers (the usual regime) it is far cheaper. Every subset of
 * rows of a full-row-rank B is independent, so this is the same quantity the rank-revealing streaming factorisation
 * (GramLeastSquares) reaches; `forCode` returns null for codes where that is not assured (rank-deficient or
 * ill-conditioned B, empty rows, N > {@link COMPLEMENT_ERROR_MAX_WORKERS}).
 */
export class ComplementError {
  /** Workers N. */
  readonly N: number;
  /** Block sums ℓ. */
  readonly parts: number;
  /** m − c_p per part: the error of the full set (the f32 kernel reads these tables too). */
  readonly fullError: Float64Array;
  /** G⁻¹, row-major N × N. */
  readonly inverse: Float64Array;
  /** v_p = G⁻¹ B u_p, row-major N × ℓ. */
  readonly v: Float64Array;
  /**
   * min_j 1/((G⁻¹)_jj G_jj): the squared distance of each row to the span of all others, relative to its squared
   * norm — a lower bound on every pivot d/‖b‖² the streaming factorisation can meet, in any arrival order. It is
   * ≥ 1/κ(G) ≥ 10⁻⁶ here, far above the f64 rank tolerance, so that decoder never drops a row of such a code; the
   * f32 kernel uses the complement only where this bound also clears its own tolerance.
   */
  readonly smallestPivot: number;
  private readonly sub: Float64Array;
  private readonly rhs: Float64Array;

  private constructor(
    N: number,
    parts: number,
    fullError: Float64Array,
    inverse: Float64Array,
    v: Float64Array,
    smallestPivot: number,
  ) {
    this.N = N;
    this.parts = parts;
    this.fullError = fullError;
    this.inverse = inverse;
    this.v = v;
    this.smallestPivot = smallestPivot;
    this.sub = new Float64Array(N * N);
    this.rhs = new Float64Array(N);
  }

  /**
   * The error form of `code`, or null when the code does not qualify (see the class comment): an O(N³) set-up; callers
   * share one per code object through ComplementLeastSquares.forCode. {@link errorWithout} is synchronous, so its
   * scratch is never in use twice at a time.
   */
  static forCode(code: GradientCode): ComplementError | null {
    const { N, m, offsets, chunks, coefficients } = code;
    const l = code.parts;
    const width = m * l;
    if (N > COMPLEMENT_ERROR_MAX_WORKERS || N > width) return null;
    const rows = new Float64Array(N * width);
    for (let j = 0; j < N; j++) {
      if (offsets[j + 1] === offsets[j]) return null;
      for (let e = offsets[j]; e < offsets[j + 1]; e++) {
        for (let p = 0; p < l; p++) rows[j * width + chunks[e] * l + p] += coefficients[e * l + p];
      }
    }
    const G = new Float64Array(N * N);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let c = 0; c < width; c++) s += rows[i * width + c] * rows[j * width + c];
        G[i * N + j] = s;
        G[j * N + i] = s;
      }
    }
    const gNorm = oneNorm(G, N);
    const L = Float64Array.from(G);
    try {
      choleskyInPlace(L, N);
    } catch {
      return null;
    }
    const inverse = new Float64Array(N * N);
    const unit = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      unit.fill(0);
      unit[k] = 1;
      inverse.set(choleskySolve(L, N, unit), k * N);
    }
    if (!(gNorm * oneNorm(inverse, N) <= COMPLEMENT_GRAM_MAX_CONDITION)) return null;

    const v = new Float64Array(N * l);
    const fullError = new Float64Array(l);
    for (let p = 0; p < l; p++) {
      const target = new Float64Array(N);
      for (let j = 0; j < N; j++) for (let c = 0; c < m; c++) target[j] += rows[j * width + c * l + p];
      let captured = 0;
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let j = 0; j < N; j++) s += inverse[i * N + j] * target[j];
        v[i * l + p] = s;
        captured += target[i] * s;
      }
      fullError[p] = m - captured;
    }
    let smallestPivot = Number.POSITIVE_INFINITY;
    for (let j = 0; j < N; j++) smallestPivot = Math.min(smallestPivot, 1 / (inverse[j * N + j] * G[j * N + j]));
    return new ComplementError(N, l, fullError, inverse, v, smallestPivot);
  }

  /**
   * Σ_p err_p over the survivors when the workers `missing[0 .. count)` (distinct) did not arrive; each part clamped
   * at 0 as the streaming decoder does.
   */
  errorWithout(missing: Int32Array, count: number): number {
    const { N, parts: l, inverse, v } = this;
    const A = this.sub;
    for (let a = 0; a < count; a++) {
      const row = missing[a] * N;
      for (let b = 0; b <= a; b++) A[a * count + b] = inverse[row + missing[b]];
    }
    // In-place Cholesky of the lower triangle of A = (G⁻¹)_FF (positive definite by construction).
    for (let c = 0; c < count; c++) {
      let s = A[c * count + c];
      for (let k = 0; k < c; k++) s -= A[c * count + k] * A[c * count + k];
      const diag = Math.sqrt(Math.max(s, Number.MIN_VALUE));
      A[c * count + c] = diag;
      for (let r = c + 1; r < count; r++) {
        let t = A[r * count + c];
        for (let k = 0; k < c; k++) t -= A[r * count + k] * A[c * count + k];
        A[r * count + c] = t / diag;
      }
    }
    let error = 0;
    const y = this.rhs;
    for (let p = 0; p < l; p++) {
      let q = 0;
      for (let a = 0; a < count; a++) {
        let t = v[missing[a] * l + p];
        for (let k = 0; k < a; k++) t -= A[a * count + k] * y[k];
        y[a] = t / A[a * count + a];
        q += y[a] * y[a];
      }
      error += Math.max(0, this.fullError[p] + q);
    }
    return error;
  }
}

/** Largest absolute column sum of a row-major n × n matrix. */
function oneNorm(A: Float64Array, n: number): number {
  let best = 0;
  for (let c = 0; c < n; c++) {
    let s = 0;
    for (let r = 0; r < n; r++) s += Math.abs(A[r * n + c]);
    if (s > best) best = s;
  }
  return best;
}

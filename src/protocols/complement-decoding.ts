import type { GradientCode } from '../codes/types.js';
import { DEFAULT_EXACT_TOLERANCE } from '../decoders/types.js';
import { CompleteOrthogonalDecomposition, EPSILON } from '../linalg/complete-orthogonal.js';
import type { DenseMatrix } from '../linalg/dense-matrix.js';
import { applyReflector, applyReflectors, householder, reflectColumn } from '../linalg/householder.js';
import { leastSquares } from '../linalg/least-squares.js';
import { pseudoInverse } from '../linalg/pseudo-inverse.js';
import { singularValues, symmetricEigen } from '../linalg/symmetric-eigen.js';

/** Largest κ(B) = σ_max/σ_ρ (nonzero singular values) for which the decoding form is used. */
export const COMPLEMENT_DECODING_MAX_CONDITION = 1e6;
/** Largest N for which the per-code setup (an N × N Jacobi eigendecomposition) is done. */
export const COMPLEMENT_DECODING_MAX_WORKERS = 256;
/** Pivots of U⊥_F at or below this (× max(N, m)·ε) are zero; it is ≤ 1 since U⊥ has orthonormal columns. */
const ZERO_PIVOT = 4;
/** Pivots of U⊥_F in (zero tolerance, √ε] are ambiguous: the set is handed back to the full decoder. */
const CLEAR_PIVOT = Math.sqrt(EPSILON);

/** The outcome of {@link ComplementDecoding.decode} for one survivor set. */
export interface ComplementOutcome {
  /** False when the set is ambiguous or fails the residual check: use the full rank-revealing decoder instead. */
  readonly ok: boolean;
  /** ‖α − 1‖². */
  readonly error: number;
  /** error ≤ {@link DEFAULT_EXACT_TOLERANCE} · m. */
  readonly exact: boolean;
  /** Number of failed workers with a nonzero correction coefficient. */
  readonly terms: number;
}

/**
 * The decoding form of complement least squares (src/protocols/complement-least-squares.ts): optimal
 * (least-squares) decoding computed from the failed workers F alone, for ℓ = 1 codes of any rank
 * (Glasgow & Wootters 2021, §I: α* = P_S 1, the projection of 1 onto the row space of B_S; DESIGN §2 "optimal").
 *
 * With B = UΣVᵀ (rank ρ), U⊥ an orthonormal basis of null(Bᵀ) and S the survivors, row(B) = row(B_S) ⊕ W_S
 * orthogonally, where W_S = row(B) ∩ null(B_S) = { B⁺E_F y : E_F y ∈ col(B) } = B⁺E_F · null(U⊥_Fᵀ). So
 *
 *   α = P_B 1 − P_W 1,   W = col(Z),  Z = B⁺_{:,F} Y,  Y = an orthonormal basis of null(U⊥_Fᵀ) (f × q),
 *
 * and with Z = Q_Z R_Z (Householder) and t = Q_Zᵀ1: P_W 1 = Q_Z t = B⁺_{:,F} c with c = Y R_Z⁻¹ t. Hence
 *
 *   α = a₀ − B⁺ c,   a₀ = P_B 1,   c supported on F,
 *
 * which is what the complement form of descent consumes (src/train/descent/complement-operators.ts) (Σ_i α_i g_i = Σ_i a₀_i g_i − Σ_{j∈F} c_j Σ_i B⁺_ij g_i).
 * Numerics: U⊥_Fᵀy ↦ U_Fᵀy is an isometry on null(U⊥_Fᵀ), so σ(Z) ⊂ [1/σ_max(B), 1/σ_ρ(B)] and cond(Z) ≤ κ(B):
 * nothing is squared. The rank of U⊥_F (f × (N − ρ), entries ≤ 1) is decided by a pivoted Householder QR with a
 * zero tolerance 4·max(N, m)·ε and a clear gap: a pivot in (tolerance, √ε] returns `ok: false`, as does a residual
 * ‖B_S(1 − α)‖ > √ε·‖B‖_F·√m (the normal equations of min ‖B_Sᵀw − 1‖ say 1 − α ⊥ row(B_S)), so the caller falls
 * back to the complete orthogonal decomposition of B_Sᵀ (src/decoders/optimal.ts). Cost per set: O(m·f²) instead
 * of the O(m·|S|²) factorisation over the survivors.
 */
export class ComplementDecoding {
  readonly N: number;
  readonly m: number;
  /** a₀ = P_B 1 (m); exactly 1 when the full set decodes exactly ({@link baseIsOnes}). */
  readonly base: Float64Array;
  /**
   * ‖P_B 1 − 1‖ ≤ 64·max(N, m)·ε·√m (roundoff of an exact decode of the full set): a₀ is taken as exactly 1, so the
   * descent needs no separate Σ_i a₀_i g_i term.
   */
  readonly baseIsOnes: boolean;
  /** B⁺, m × N column-major: column j (the chunk weights of correction term j) is pinv[j·m … j·m + m). */
  readonly pinv: Float64Array;
  /** Numerical rank ρ of B (complete orthogonal decomposition, LAPACK xGELSY tolerance). */
  readonly rank: number;
  /** U⊥ (N × (N − ρ), row-major: row j is worker j's coordinates in null(Bᵀ)). */
  private readonly leftNull: Float64Array;
  private readonly nullDim: number;
  private readonly normB: number;
  private readonly exactTolerance: number;
  private readonly code: GradientCode;
  // Scratch, sized for f ≤ N.
  private readonly failed: Int32Array;
  private readonly a: Float64Array;
  private readonly tauA: Float64Array;
  private readonly y: Float64Array;
  private readonly z: Float64Array;
  private readonly tauZ: Float64Array;
  private readonly u: Float64Array;
  private readonly w: Float64Array;

  private constructor(code: GradientCode, pinv: Float64Array, rank: number, leftNull: Float64Array, normB: number) {
    const { N, m } = code;
    this.code = code;
    this.N = N;
    this.m = m;
    this.pinv = pinv;
    this.rank = rank;
    this.leftNull = leftNull;
    this.nullDim = N - rank;
    this.normB = normB;
    this.exactTolerance = DEFAULT_EXACT_TOLERANCE * m;
    const ones = new Float64Array(m).fill(1);
    const projected = this.multiplyPinv(matrixTimes(code, ones));
    let gap = 0;
    for (let i = 0; i < m; i++) gap += (projected[i] - 1) ** 2;
    this.baseIsOnes = gap <= m * (64 * Math.max(N, m) * EPSILON) ** 2;
    this.base = this.baseIsOnes ? ones : projected;
    this.failed = new Int32Array(N);
    this.a = new Float64Array(N * Math.max(1, this.nullDim));
    this.tauA = new Float64Array(N);
    this.y = new Float64Array(N * N);
    this.z = new Float64Array(m * N);
    this.tauZ = new Float64Array(N);
    this.u = new Float64Array(Math.max(m, N));
    this.w = new Float64Array(N);
  }

  /**
   * The decoding form of an ℓ = 1 code, or null when it does not apply: ℓ > 1, N > {@link
   * COMPLEMENT_DECODING_MAX_WORKERS}, a zero matrix, or κ(B) > {@link COMPLEMENT_DECODING_MAX_CONDITION}. An O(N³)
   * set-up; callers share one per code object through ComplementLeastSquares.forCode.
   */
  static forCode(code: GradientCode): ComplementDecoding | null {
    const { N, m } = code;
    if (code.parts !== 1 || N > COMPLEMENT_DECODING_MAX_WORKERS || N === 0 || m === 0) return null;
    const B = denseMatrix(code);
    const cod = new CompleteOrthogonalDecomposition(B);
    const rank = cod.rank;
    if (rank === 0) return null;
    const sigma = singularValues(B);
    if (!(sigma[0] <= COMPLEMENT_DECODING_MAX_CONDITION * sigma[rank - 1])) return null;
    const pinv = pseudoInverse(B).data;
    // U⊥ from the projector I − BB⁺ onto null(Bᵀ): its eigenvalues are 1 (multiplicity N − ρ) and 0, to roundoff.
    const projector = new Float64Array(N * N);
    for (let j = 0; j < N; j++) projector[j + j * N] = 1;
    for (let i = 0; i < m; i++) {
      for (let e = 0; e < N; e++) {
        const p = pinv[i + e * m];
        if (p === 0) continue;
        for (let r = 0; r < N; r++) projector[r + e * N] -= B.data[r + i * N] * p;
      }
    }
    for (let j = 0; j < N; j++) {
      for (let k = 0; k < j; k++) {
        const s = 0.5 * (projector[j + k * N] + projector[k + j * N]);
        projector[j + k * N] = s;
        projector[k + j * N] = s;
      }
    }
    const eig = symmetricEigen({ rows: N, cols: N, data: projector }, { vectors: true });
    const nullDim = N - rank;
    for (let k = 0; k < N; k++) {
      const expected = k < nullDim ? 1 : 0;
      if (!(Math.abs(eig.values[k] - expected) <= 1e-8)) return null;
    }
    const leftNull = new Float64Array(N * nullDim);
    const vectors = eig.vectors!.data;
    for (let k = 0; k < nullDim; k++) for (let j = 0; j < N; j++) leftNull[j * nullDim + k] = vectors[j + k * N];
    let normB = 0;
    for (let k = 0; k < B.data.length; k++) normB += B.data[k] * B.data[k];
    return new ComplementDecoding(code, pinv, rank, leftNull, Math.sqrt(normB));
  }

  /** B⁺v for v ∈ R^N. */
  private multiplyPinv(v: Float64Array): Float64Array {
    const { m, N, pinv } = this;
    const out = new Float64Array(m);
    for (let j = 0; j < N; j++) {
      const vj = v[j];
      if (vj === 0) continue;
      for (let i = 0; i < m; i++) out[i] += pinv[i + j * m] * vj;
    }
    return out;
  }

  /**
   * Decodes one survivor set (mask of length N): writes α (length m) and the correction coefficients c (length N,
   * zero on survivors) with α = a₀ − B⁺c. With `ok: false` the outputs are unspecified.
   */
  decode(survivors: Uint8Array, alpha: Float64Array, coefficients: Float64Array): ComplementOutcome {
    const { N, m, pinv, base } = this;
    coefficients.fill(0);
    let f = 0;
    for (let j = 0; j < N; j++) if (survivors[j] === 0) this.failed[f++] = j;
    const q = f === 0 ? 0 : this.nullBasis(f);
    if (q < 0 || q > m) return { ok: false, error: Number.NaN, exact: false, terms: 0 };
    alpha.set(base);
    if (q > 0) {
      // Z = B⁺_{:,F} Y (m × q, column-major; four rows per sweep of F, summed over F in order), then Householder
      // QR Z = Q_Z R_Z in place.
      const { z, y, failed } = this;
      for (let t = 0; t < q; t++) {
        const zt = t * m;
        const yt = t * f;
        let i = 0;
        for (; i + 4 <= m; i += 4) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let a = 0; a < f; a++) {
            const ya = y[yt + a];
            const col = failed[a] * m + i;
            s0 += pinv[col] * ya;
            s1 += pinv[col + 1] * ya;
            s2 += pinv[col + 2] * ya;
            s3 += pinv[col + 3] * ya;
          }
          z[zt + i] = s0;
          z[zt + i + 1] = s1;
          z[zt + i + 2] = s2;
          z[zt + i + 3] = s3;
        }
        for (; i < m; i++) {
          let sum = 0;
          for (let a = 0; a < f; a++) sum += pinv[failed[a] * m + i] * y[yt + a];
          z[zt + i] = sum;
        }
      }
      householder(z, m, q, this.tauZ);
      // σ_min(Z) ≥ 1/σ_max(B) ≥ 1/‖B‖_F and |R_tt| ≥ σ_min(Z): a smaller pivot means the basis Y is wrong.
      for (let t = 0; t < q; t++) {
        if (!(Math.abs(z[t + t * m]) >= 0.5 / this.normB))
          return { ok: false, error: Number.NaN, exact: false, terms: 0 };
      }
      const u = this.u;
      u.fill(1, 0, m);
      applyReflectors(z, m, q, this.tauZ, u, false);
      // w = R_Z⁻¹ t (t = u[0..q)); P_W 1 = Q_Z [t; 0].
      const w = this.w;
      for (let t = q - 1; t >= 0; t--) {
        let s = u[t];
        for (let k = t + 1; k < q; k++) s -= z[t + k * m] * w[k];
        w[t] = s / z[t + t * m];
      }
      u.fill(0, q, m);
      applyReflectors(z, m, q, this.tauZ, u, true);
      for (let i = 0; i < m; i++) alpha[i] -= u[i];
      for (let a = 0; a < f; a++) {
        let s = 0;
        for (let t = 0; t < q; t++) s += y[a + t * f] * w[t];
        coefficients[failed[a]] = s;
      }
    }
    // Residual check: ‖B_S(1 − α)‖² ≤ ε‖B‖_F²·m.
    const { offsets, chunks, coefficients: entries } = this.code;
    let residual = 0;
    for (let j = 0; j < N; j++) {
      if (survivors[j] === 0) continue;
      let s = 0;
      for (let e = offsets[j]; e < offsets[j + 1]; e++) s += entries[e] * (1 - alpha[chunks[e]]);
      residual += s * s;
    }
    if (!(residual <= EPSILON * this.normB * this.normB * m)) {
      return { ok: false, error: Number.NaN, exact: false, terms: 0 };
    }
    let error = 0;
    for (let i = 0; i < m; i++) error += (alpha[i] - 1) ** 2;
    let terms = 0;
    for (let a = 0; a < f; a++) if (coefficients[this.failed[a]] !== 0) terms++;
    return { ok: true, error, exact: error <= this.exactTolerance, terms };
  }

  /**
   * The correction coefficients of an α from another decoder (a set {@link decode} handed back, or a run that needs
   * the weights too): the minimum-norm c on F with B⁺_{:,F}c = a₀ − α by rank-revealing least squares, or over all
   * N columns when the squared residual exceeds ε·(1 + ‖a₀ − α‖²) (a₀ − α ∈ row(B) = col(B⁺) for every α = B_Sᵀw).
   */
  correctionOf(alpha: Float64Array, survivors: Uint8Array, coefficients: Float64Array): void {
    const { N, m, pinv, base } = this;
    const target = new Float64Array(m);
    let size = 0;
    for (let i = 0; i < m; i++) {
      target[i] = base[i] - alpha[i];
      size += target[i] * target[i];
    }
    coefficients.fill(0);
    if (size === 0) return;
    const limit = EPSILON * (1 + size);
    for (const failedOnly of [true, false]) {
      const columns: number[] = [];
      for (let j = 0; j < N; j++) if (!failedOnly || survivors[j] === 0) columns.push(j);
      const data = new Float64Array(m * columns.length);
      columns.forEach((j, k) => data.set(pinv.subarray(j * m, j * m + m), k * m));
      const solution = leastSquares({ rows: m, cols: columns.length, data }, target);
      if (solution.residual[0] <= limit || !failedOnly) {
        columns.forEach((j, k) => {
          coefficients[j] = solution.x[k];
        });
        return;
      }
    }
  }

  /**
   * An orthonormal basis Y (f × q, column-major in `this.y`) of null(U⊥_Fᵀ) for the failed workers
   * `this.failed[0 .. f)`: the trailing f − r columns of Q in the pivoted QR U⊥_F·P = Q·R. Returns q, or −1 when a
   * pivot falls in the ambiguous band.
   */
  private nullBasis(f: number): number {
    const nc = this.nullDim;
    const { y, failed } = this;
    if (nc === 0) {
      y.fill(0, 0, f * f);
      for (let a = 0; a < f; a++) y[a + a * f] = 1;
      return f;
    }
    const A = this.a;
    for (let k = 0; k < nc; k++) for (let a = 0; a < f; a++) A[a + k * f] = this.leftNull[failed[a] * nc + k];
    const zero = ZERO_PIVOT * Math.max(this.N, this.m) * EPSILON;
    const steps = Math.min(f, nc);
    let rank = 0;
    for (; rank < steps; rank++) {
      // Pivot: the remaining column of largest norm (exact norms: the matrices are tiny).
      let best = -1;
      let bestNorm = -1;
      for (let k = rank; k < nc; k++) {
        let s = 0;
        for (let a = rank; a < f; a++) s += A[a + k * f] ** 2;
        if (s > bestNorm) {
          bestNorm = s;
          best = k;
        }
      }
      const norm = Math.sqrt(bestNorm);
      if (norm <= zero) break;
      if (norm <= CLEAR_PIVOT) return -1;
      if (best !== rank) {
        for (let a = 0; a < f; a++) {
          const t = A[a + best * f];
          A[a + best * f] = A[a + rank * f];
          A[a + rank * f] = t;
        }
      }
      reflectColumn(A, f, nc, rank, this.tauA);
    }
    const q = f - rank;
    // Y = Q[:, rank .. f) = H_0 … H_{rank−1} e_{rank+t}.
    y.fill(0, 0, f * q);
    for (let t = 0; t < q; t++) {
      y[t * f + rank + t] = 1;
      for (let k = rank - 1; k >= 0; k--) applyReflector(A, f, k, this.tauA[k], y, t * f);
    }
    return q;
  }
}

/** B as a dense N × m column-major matrix (ℓ = 1). */
function denseMatrix(code: GradientCode): DenseMatrix {
  const { N, m, offsets, chunks, coefficients } = code;
  const data = new Float64Array(N * m);
  for (let j = 0; j < N; j++) {
    for (let e = offsets[j]; e < offsets[j + 1]; e++) data[j + chunks[e] * N] += coefficients[e];
  }
  return { rows: N, cols: m, data };
}

/** B·v (N) for v ∈ R^m (ℓ = 1). */
function matrixTimes(code: GradientCode, v: Float64Array): Float64Array {
  const { N, offsets, chunks, coefficients } = code;
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    let s = 0;
    for (let e = offsets[j]; e < offsets[j + 1]; e++) s += coefficients[e] * v[chunks[e]];
    out[j] = s;
  }
  return out;
}

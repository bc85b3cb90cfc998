import type { GradientCode } from '../codes/types.js';
import type { ArrivalDecoder, StreamingForm } from './streaming.js';

/**
 * Optimal (least-squares) decoding error over a growing set of received worker messages, by a bordered Cholesky
 * factorisation of the Gram matrix G = B_S B_Sᵀ of the received coefficient rows (Glasgow & Wootters' optimal
 * decoding, core-gc.md §D.1, summed over the ℓ block sums as in DESIGN §3):
 *
 *   err(S) = Σ_p ( m − ‖L⁻¹ B_S u_p‖² ),   u_p = 1_m ⊗ e_p,   G = L Lᵀ over the independent rows of S.
 *
 * Adding row b: g = B_S b (sparse dot products), solve L y = g, d = ‖b‖² − ‖y‖²; the row is dependent when
 * d ≤ tolerance·‖b‖² (rank-revealing by arrival order), otherwise L gains the row (y, √d) and each z_p = L⁻¹ B_S u_p
 * one entry. O(k²) per row. This is the algorithm of the f32 GPU kernel (shaders/trials/original.wgsl); here in f64.
 * It squares the condition number of B_S, so ill-conditioned real codes (large CRC, Ye–Abbe) lose accuracy in f32 —
 * the reference for such cases is the orthogonalising `IncrementalProjector` of src/linalg.
 */
export class GramLeastSquares implements ArrivalDecoder {
  private readonly parts: number;
  private readonly m: number;
  private readonly capacity: number;
  /** Packed lower-triangular L, row r at r(r+1)/2. */
  private readonly L: Float64Array;
  private readonly z: Float64Array;
  private readonly rows: Int32Array;
  private readonly dense: Float64Array;
  private readonly y: Float64Array;
  private readonly rowTargets: Float64Array;
  private readonly rowNorms: Float64Array;
  private readonly captured: Float64Array;
  private rank = 0;

  constructor(
    private readonly code: GradientCode,
    private readonly tolerance: number,
  ) {
    this.parts = code.parts;
    this.m = code.m;
    this.capacity = Math.min(code.N, code.m * code.parts);
    this.L = new Float64Array((this.capacity * (this.capacity + 1)) / 2);
    this.z = new Float64Array(this.capacity * this.parts);
    this.rows = new Int32Array(this.capacity);
    this.dense = new Float64Array(code.m * code.parts);
    this.y = new Float64Array(this.capacity);
    this.captured = new Float64Array(this.parts);
    // Per-worker ‖b_j‖² and u_p · b_j, computed once.
    const { N, offsets, coefficients } = code;
    const l = this.parts;
    this.rowNorms = new Float64Array(N);
    this.rowTargets = new Float64Array(N * l);
    for (let j = 0; j < N; j++) {
      for (let e = offsets[j]; e < offsets[j + 1]; e++) {
        for (let p = 0; p < l; p++) {
          const c = coefficients[e * l + p];
          this.rowNorms[j] += c * c;
          this.rowTargets[j * l + p] += c;
        }
      }
    }
  }

  /** Forgets every received row. */
  reset(): void {
    this.rank = 0;
    this.captured.fill(0);
  }

  /** Current error Σ_p (m − ‖z_p‖²), clamped at 0. */
  error(): number {
    let e = 0;
    for (let p = 0; p < this.parts; p++) e += Math.max(0, this.m - this.captured[p]);
    return e;
  }

  /** Receives worker j's message; returns whether it enlarged the span. */
  add(j: number): boolean {
    const { offsets, chunks, coefficients } = this.code;
    const l = this.parts;
    const norm = this.rowNorms[j];
    if (norm === 0 || this.rank === this.capacity) return false;
    const dense = this.dense;
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      for (let p = 0; p < l; p++) dense[chunks[e] * l + p] = coefficients[e * l + p];
    }
    const k = this.rank;
    const L = this.L;
    const y = this.y;
    let yy = 0;
    for (let r = 0; r < k; r++) {
      const w = this.rows[r];
      let g = 0;
      for (let e = offsets[w]; e < offsets[w + 1]; e++) {
        for (let p = 0; p < l; p++) g += coefficients[e * l + p] * dense[chunks[e] * l + p];
      }
      const base = (r * (r + 1)) / 2;
      for (let c = 0; c < r; c++) g -= L[base + c] * y[c];
      y[r] = g / L[base + r];
      yy += y[r] * y[r];
    }
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      for (let p = 0; p < l; p++) dense[chunks[e] * l + p] = 0;
    }
    const d = norm - yy;
    if (d <= this.tolerance * norm) return false;
    const diag = Math.sqrt(d);
    const base = (k * (k + 1)) / 2;
    for (let c = 0; c < k; c++) L[base + c] = y[c];
    L[base + k] = diag;
    for (let p = 0; p < l; p++) {
      let s = this.rowTargets[j * l + p];
      for (let c = 0; c < k; c++) s -= y[c] * this.z[c * l + p];
      const zk = s / diag;
      this.z[k * l + p] = zk;
      this.captured[p] += zk * zk;
    }
    this.rows[k] = j;
    this.rank = k + 1;
    return true;
  }
}

/**
 * The streaming form of the least-squares decoders (`optimal`, `exact`): one {@link GramLeastSquares} per code; the
 * WGSL twin is `ls_add` / `ls_error` in shaders/trials/original.wgsl (f32, its own rank tolerance).
 */
export const leastSquaresStream: StreamingForm = {
  kind: 'least-squares',
  optimal: true,
  create: (code, options) => new GramLeastSquares(code, options.rankTolerance),
  gpu: { code: 1, scratch: 'least-squares', tables: () => ({}) },
};

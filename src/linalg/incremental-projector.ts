/** A saved state of an {@link IncrementalProjector}, for {@link IncrementalProjector.rewind}. */
export interface ProjectorMark {
  readonly rank: number;
  readonly rows: number;
  readonly errorPerPart: Float64Array;
}

/** Options for {@link IncrementalProjector}. */
export interface IncrementalProjectorOptions {
  /**
   * Relative rank tolerance: a new row whose component orthogonal to the current span has norm ≤ tolerance · ‖row‖
   * is counted as dependent and does not grow the basis. Default 1e-10.
   */
  readonly tolerance?: number;
  /** Keep the expansion of each basis vector in the added rows so that decoding weights can be read off. */
  readonly trackWeights?: boolean;
}

/**
 * Orthogonal projector onto the span of rows added one at a time, maintaining the optimal-decoding error
 *
 *   err(S) = Σ_p ‖(I − P_S) u_p‖²,   u_p = 1_m ⊗ e_p  (coefficient space of dimension m·ℓ, index i·ℓ + p),
 *
 * where P_S projects onto the span of the coefficient rows received so far. This is Glasgow & Wootters' optimal
 * decoding error (core-gc.md §D.1, α* = projection of 1 onto the surviving columns) summed over the ℓ block sums of
 * a communication-efficient code (DESIGN §3 / partial-stragglers.md §2.3: E = Σ_p min_a ‖M a − u_p‖²); for ℓ = 1
 * the single target is the all-ones vector.
 *
 * Each row is orthogonalised by modified Gram–Schmidt run twice ("twice is enough", Giraud, Langou & Rozložník
 * 2005), so the basis stays orthonormal to roundoff; a row with a relative remaining norm ≤ tolerance is dependent.
 * Adding a row costs O(rank · dim) (plus O(rank · rows) with weight tracking), so following err over a growing
 * done-set of workers is far cheaper than a batch least-squares solve per step. {@link mark}/{@link rewind} restore
 * an earlier state in O(ℓ), which lets depth-first enumerations share prefixes.
 */
export class IncrementalProjector {
  /** Ambient dimension m·ℓ. */
  readonly dim: number;
  /** ℓ, the number of target vectors u_p. */
  readonly parts: number;
  /** Number of chunks m = dim / ℓ. */
  readonly chunks: number;
  private readonly tolerance: number;
  private readonly trackWeights: boolean;
  private basis: Float64Array;
  /** projections[k·ℓ + p] = q_kᵀ u_p. */
  private projections: Float64Array;
  /** coefficients[k·rowCapacity + t]: q_k = Σ_t coefficients · row_t (only with trackWeights). */
  private coefficients: Float64Array;
  private rowCapacity: number;
  private capacity: number;
  private rankValue = 0;
  private rowCount = 0;
  private readonly errParts: Float64Array;
  private readonly scratch: Float64Array;
  private readonly dots: Float64Array;

  constructor(chunks: number, parts = 1, options: IncrementalProjectorOptions = {}) {
    if (!Number.isInteger(chunks) || chunks < 1) throw new RangeError(`chunks ${chunks} must be a positive integer`);
    if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts ${parts} must be a positive integer`);
    const tolerance = options.tolerance ?? 1e-10;
    if (!(tolerance >= 0 && tolerance < 1)) throw new RangeError(`tolerance ${tolerance} must be in [0, 1)`);
    this.chunks = chunks;
    this.parts = parts;
    this.dim = chunks * parts;
    this.tolerance = tolerance;
    this.trackWeights = options.trackWeights ?? false;
    this.capacity = Math.min(this.dim, 16);
    this.basis = new Float64Array(this.capacity * this.dim);
    this.projections = new Float64Array(this.capacity * parts);
    this.rowCapacity = this.trackWeights ? 16 : 0;
    this.coefficients = new Float64Array(this.capacity * this.rowCapacity);
    this.errParts = new Float64Array(parts).fill(chunks);
    this.scratch = new Float64Array(this.dim);
    this.dots = new Float64Array(this.dim);
  }

  /** Dimension of the current span. */
  get rank(): number {
    return this.rankValue;
  }

  /** Number of rows added (dependent ones included). */
  get rows(): number {
    return this.rowCount;
  }

  /** err(S) = Σ_p ‖(I − P_S) u_p‖² (clamped at 0 against roundoff). */
  get error(): number {
    let s = 0;
    for (let p = 0; p < this.parts; p++) s += Math.max(0, this.errParts[p]);
    return s;
  }

  /** ‖(I − P_S) u_p‖² for each part p. */
  errorPerPart(): Float64Array {
    return Float64Array.from(this.errParts, (e) => Math.max(0, e));
  }

  /**
   * Adds a row (length dim) to the spanning set. Returns true when it enlarged the span, false when it was
   * numerically dependent on the rows already present (it still counts as a row for the weights).
   */
  add(row: ArrayLike<number>): boolean {
    const dim = this.dim;
    if (row.length !== dim) throw new RangeError(`row of length ${row.length}, expected ${dim}`);
    const r = this.scratch;
    let norm0 = 0;
    for (let i = 0; i < dim; i++) {
      const x = row[i];
      if (!Number.isFinite(x)) throw new RangeError('row has a non-finite entry');
      r[i] = x;
      norm0 += x * x;
    }
    norm0 = Math.sqrt(norm0);
    const t = this.rowCount;
    this.ensureRowCapacity(t + 1);
    this.rowCount = t + 1;
    const k = this.rankValue;
    if (norm0 === 0) return false;
    const dots = this.dots;
    dots.fill(0, 0, k);
    const q = this.basis;
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b < k; b++) {
        const base = b * dim;
        let c = 0;
        for (let i = 0; i < dim; i++) c += q[base + i] * r[i];
        if (c === 0) continue;
        dots[b] += c;
        for (let i = 0; i < dim; i++) r[i] -= c * q[base + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += r[i] * r[i];
    norm = Math.sqrt(norm);
    if (norm <= this.tolerance * norm0) return false;
    this.ensureCapacity(k + 1);
    const base = k * dim;
    const inv = 1 / norm;
    for (let i = 0; i < dim; i++) this.basis[base + i] = r[i] * inv;
    const parts = this.parts;
    for (let p = 0; p < parts; p++) {
      let s = 0;
      for (let i = p; i < dim; i += parts) s += this.basis[base + i];
      this.projections[k * parts + p] = s;
      this.errParts[p] -= s * s;
    }
    if (this.trackWeights) {
      // q_new = (row_t − Σ_b dots_b q_b) / norm, each q_b expanded in rows.
      const rc = this.rowCapacity;
      const cNew = k * rc;
      this.coefficients.fill(0, cNew, cNew + rc);
      for (let b = 0; b < k; b++) {
        const d = dots[b];
        if (d === 0) continue;
        const cb = b * rc;
        for (let s = 0; s < t; s++) this.coefficients[cNew + s] -= d * this.coefficients[cb + s];
      }
      this.coefficients[cNew + t] += 1;
      for (let s = 0; s <= t; s++) this.coefficients[cNew + s] *= inv;
    }
    this.rankValue = k + 1;
    return true;
  }

  /** Saves the current state. */
  mark(): ProjectorMark {
    return { rank: this.rankValue, rows: this.rowCount, errorPerPart: Float64Array.from(this.errParts) };
  }

  /** Returns to a state saved by {@link mark} on this projector (rows added since are forgotten). */
  rewind(mark: ProjectorMark): void {
    if (mark.rank > this.rankValue || mark.rows > this.rowCount) throw new RangeError('mark is ahead of the projector');
    this.rankValue = mark.rank;
    this.rowCount = mark.rows;
    this.errParts.set(mark.errorPerPart);
  }

  /** Forgets every row. */
  reset(): void {
    this.rankValue = 0;
    this.rowCount = 0;
    this.errParts.fill(this.chunks);
  }

  /**
   * Optimal decoding weights: rows × ℓ, part-major (`w[p · rows + t]` is the weight of the t-th added row for block
   * sum p), such that Σ_t w_t^(p) row_t = P_S u_p. Requires `trackWeights`.
   */
  weights(): Float64Array {
    if (!this.trackWeights) throw new Error('IncrementalProjector was created without trackWeights');
    const rows = this.rowCount;
    const parts = this.parts;
    const rc = this.rowCapacity;
    const out = new Float64Array(rows * parts);
    for (let k = 0; k < this.rankValue; k++) {
      for (let p = 0; p < parts; p++) {
        const proj = this.projections[k * parts + p];
        if (proj === 0) continue;
        for (let t = 0; t < rows; t++) out[p * rows + t] += proj * this.coefficients[k * rc + t];
      }
    }
    return out;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.capacity) return;
    const cap = Math.min(this.dim, Math.max(needed, this.capacity * 2));
    const basis = new Float64Array(cap * this.dim);
    basis.set(this.basis);
    this.basis = basis;
    const projections = new Float64Array(cap * this.parts);
    projections.set(this.projections);
    this.projections = projections;
    if (this.trackWeights) {
      const coefficients = new Float64Array(cap * this.rowCapacity);
      coefficients.set(this.coefficients);
      this.coefficients = coefficients;
    }
    this.capacity = cap;
  }

  private ensureRowCapacity(needed: number): void {
    if (!this.trackWeights || needed <= this.rowCapacity) return;
    const rc = Math.max(needed, this.rowCapacity * 2);
    const coefficients = new Float64Array(this.capacity * rc);
    for (let k = 0; k < this.capacity; k++) {
      coefficients.set(this.coefficients.subarray(k * this.rowCapacity, (k + 1) * this.rowCapacity), k * rc);
    }
    this.coefficients = coefficients;
    this.rowCapacity = rc;
  }
}

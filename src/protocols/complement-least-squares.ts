import type { GradientCode } from '../codes/types.js';
import { ComplementDecoding } from './complement-decoding.js';
import { ComplementError } from './complement-error.js';

/**
 * Complement least squares: the optimal (least-squares) decoding of a survivor set S computed from the missing
 * workers F alone (Glasgow & Wootters' optimal decoding, core-gc.md §D.1: α* = P_S 1, err* = ‖(I − P_S)1‖², summed
 * over the ℓ block sums). With R = row(B), row(B_S) ⊕ W_S = R orthogonally, where W_S = B⁺E_F · null(U⊥_Fᵀ) (U⊥ an
 * orthonormal basis of null(Bᵀ)), so everything follows from a per-code set-up and an |F|-sized solve per set — far
 * cheaper than a factorisation over the survivors when few workers are missing, the usual regime.
 *
 * One entry point, one set-up per code object and thread, serving the trial engine and training. It evaluates in two
 * forms, each built on first use and null where the code does not qualify:
 * - {@link gram} (ComplementError): the error alone, for full-row-rank codes of any ℓ: W_S = col(BᵀG⁻¹E_F), so
 *   err = (m − c) + v_Fᵀ((G⁻¹)_FF)⁻¹v_F from a precomputed G⁻¹ = (BBᵀ)⁻¹ by one |F| × |F| Cholesky. It is kept beside
 *   the general form because it is what the f32 WGSL kernel runs (`complement_error`: a table read and a small
 *   Cholesky, no pivoting or eigendecomposition per trial), so the f64 twin of the trial engine computes the same
 *   algorithm as the GPU; it is also cheaper per set than the decoding form (O(|F|³) against O(m·|F|²) plus a
 *   residual check: 1.3 µs against 35 µs per W2 set, `npx tsx bench/micro/decoders.bench.ts` on the 2-core
 *   development host), and the W2 benchmark runs it once per trial; and it covers ℓ > 1.
 * - {@link projection} (ComplementDecoding): α = a₀ − B⁺c and the correction coefficients c (ℓ = 1, any rank), which
 *   the complement form of coded descent consumes (src/train/descent/complement-operators.ts).
 * Both forms compute the same err*(S) (to roundoff) on a code where both apply (test/protocols/complement-least-squares
 * .test.ts).
 */
export class ComplementLeastSquares {
  private gramForm: ComplementError | null | undefined;
  private projectionForm: ComplementDecoding | null | undefined;

  private constructor(readonly code: GradientCode) {}

  /** The complement least squares of `code` (one per code object and thread; its forms are built on first use). */
  static forCode(code: GradientCode): ComplementLeastSquares {
    let entry = cache.get(code);
    if (!entry) {
      entry = new ComplementLeastSquares(code);
      cache.set(code, entry);
    }
    return entry;
  }

  /** The error form, or null when B is rank-deficient, ill-conditioned (κ₁(G) > 10⁶), has an empty row or N > 512. */
  get gram(): ComplementError | null {
    if (this.gramForm === undefined) this.gramForm = ComplementError.forCode(this.code);
    return this.gramForm;
  }

  /** The decoding form, or null when ℓ > 1, N > 256, B = 0 or κ(B) > 10⁶. */
  get projection(): ComplementDecoding | null {
    if (this.projectionForm === undefined) this.projectionForm = ComplementDecoding.forCode(this.code);
    return this.projectionForm;
  }
}

const cache = new WeakMap<GradientCode, ComplementLeastSquares>();

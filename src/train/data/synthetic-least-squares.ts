import { requireInput } from '../../errors.js';
import { choleskyInPlace } from '../../linalg/cholesky.js';
import { multiplyRows } from '../descent/wasm-gemm.js';
import { gramOfRows } from '../problem/gram.js';
import type { Dataset } from './dataset.js';
import { philoxNormals } from './philox-fill.js';

/** Parameters of {@link syntheticLeastSquares}. */
export interface SyntheticLeastSquaresParams {
  readonly rows: number;
  readonly features: number;
  /** κ = λ_max/λ_min of XᵀX (the least-squares Hessian), ≥ 1. */
  readonly condition: number;
  /** Standard deviation of the Gaussian target noise, ≥ 0. */
  readonly noise: number;
  readonly seed: number | bigint;
}

/** Philox parts of this generator (src/train/data/philox-fill.ts). */
const PART = { design: 0, rotation: 1, truth: 2, noise: 3 } as const;

/**
 * Synthetic least squares with an exactly chosen condition number: X = √n · U diag(s) Vᵀ with U (n × d) and V (d × d)
 * orthonormal and s_j = κ^{−j/(2(d−1))}, so XᵀX/n has eigenvalues κ^{−j/(d−1)}, j = 0 … d − 1, from 1 down to 1/κ.
 * Targets y = X x_true + noise·ε with x_true, ε standard normal.
 *
 * Construction (our choice, deterministic from the seed): A (n × d) standard normal, AᵀA = L Lᵀ (Cholesky), so
 * U = A L⁻ᵀ has orthonormal columns (Cholesky-QR; A is well conditioned, κ(A) ≈ (√n + √d)/(√n − √d)); V from modified
 * Gram–Schmidt (twice) on a d × d normal matrix. X = A·M with M = √n L⁻ᵀ diag(s) Vᵀ costs n·d² + O(d³).
 */
export function syntheticLeastSquares(params: SyntheticLeastSquaresParams): Dataset {
  const { rows: n, features: d, condition, noise, seed } = params;
  requireInput(
    Number.isInteger(n) && n >= d && n >= 1,
    'dataset.rows',
    `must be an integer ≥ features (${d}), got ${n}`,
  );
  requireInput(condition >= 1 && Number.isFinite(condition), 'dataset.condition', `must be ≥ 1, got ${condition}`);
  requireInput(noise >= 0 && Number.isFinite(noise), 'dataset.noise', `must be ≥ 0, got ${noise}`);
  const A = philoxNormals(seed, PART.design, n * d);
  const L = gramOfRows(A, d, 0, n);
  choleskyInPlace(L, d);
  const V = orthonormalSquare(philoxNormals(seed, PART.rotation, d * d), d);
  // T = √n · diag(s) Vᵀ (row k = √n s_k · column k of V), then M = L⁻ᵀ T by back substitution (Lᵀ M = T).
  const M = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt(n) * condition ** (d > 1 ? -k / (2 * (d - 1)) : 0);
    for (let c = 0; c < d; c++) M[k * d + c] = s * V[c * d + k];
  }
  for (let c = 0; c < d; c++) {
    for (let k = d - 1; k >= 0; k--) {
      let v = M[k * d + c];
      for (let t = k + 1; t < d; t++) v -= L[t * d + k] * M[t * d + c];
      M[k * d + c] = v / L[k * d + k];
    }
  }
  const X = multiplyRows(A, n, d, M, d);
  const truth = philoxNormals(seed, PART.truth, d);
  const eps = philoxNormals(seed, PART.noise, n);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let v = 0;
    for (let c = 0; c < d; c++) v += X[r * d + c] * truth[c];
    y[r] = v + noise * eps[r];
  }
  return {
    name: 'synthetic-least-squares',
    task: 'regression',
    n,
    d,
    X,
    y,
    features: Array.from({ length: d }, (_, c) => `x${c}`),
    provenance: {
      source: 'gradcode synthetic generator (src/train/data/synthetic-least-squares.ts)',
      licence: 'generated data; no third-party terms',
      construction:
        'X = √n·U·diag(s)·Vᵀ (Cholesky-QR of a Philox normal matrix, Gram–Schmidt rotation), eigenvalues of XᵀX/n ' +
        'geometric from 1 to 1/κ; y = X·x_true + noise·ε',
      params: { rows: n, features: d, condition, noise, seed: String(seed) },
    },
  };
}

/** Orthonormal columns of a square matrix (row-major) by modified Gram–Schmidt applied twice. */
function orthonormalSquare(G: Float64Array, d: number): Float64Array {
  const Q = Float64Array.from(G);
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < d; r++) dot += Q[r * d + i] * Q[r * d + j];
        for (let r = 0; r < d; r++) Q[r * d + j] -= dot * Q[r * d + i];
      }
      let norm = 0;
      for (let r = 0; r < d; r++) norm += Q[r * d + j] ** 2;
      norm = Math.sqrt(norm);
      if (!(norm > 0)) throw new Error('internal error: rotation columns are dependent');
      for (let r = 0; r < d; r++) Q[r * d + j] /= norm;
    }
  }
  return Q;
}

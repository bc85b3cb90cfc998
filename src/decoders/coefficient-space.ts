import type { GradientCode } from '../codes/types.js';
import { InputError, requireInput } from '../errors.js';
import type { DenseMatrix } from '../linalg/dense-matrix.js';
import { DEFAULT_EXACT_TOLERANCE, type DecodeRequest, type DecodeResult } from './types.js';

/**
 * Shared plumbing of the decoders: survivor sets, the coefficient-space system B_Sᵀ, α = B_Sᵀw and the decoding
 * error ‖α − 1‖² (approx-codes.md §1; per part when ℓ > 1).
 */

/** Survivor mask (1 = received) from a list of straggling workers; duplicates or out-of-range indices are rejected. */
export function survivorsFromStragglers(N: number, stragglers: ArrayLike<number>, field = 'stragglers'): Uint8Array {
  const mask = new Uint8Array(N).fill(1);
  for (let k = 0; k < stragglers.length; k++) {
    const j = stragglers[k];
    requireInput(Number.isInteger(j) && j >= 0 && j < N, field, `worker ${j} is not in 0..${N - 1}`);
    requireInput(mask[j] === 1, field, `worker ${j} is listed twice`);
    mask[j] = 0;
  }
  return mask;
}

/** Survivor mask from a list of surviving workers. */
export function survivorsFromList(N: number, survivors: ArrayLike<number>, field = 'survivors'): Uint8Array {
  const mask = new Uint8Array(N);
  for (let k = 0; k < survivors.length; k++) {
    const j = survivors[k];
    requireInput(Number.isInteger(j) && j >= 0 && j < N, field, `worker ${j} is not in 0..${N - 1}`);
    requireInput(mask[j] === 0, field, `worker ${j} is listed twice`);
    mask[j] = 1;
  }
  return mask;
}

/** Checks a survivor mask against the code and returns the number of survivors. */
export function countSurvivors(code: GradientCode, survivors: Uint8Array, field = 'survivors'): number {
  if (!(survivors instanceof Uint8Array) || survivors.length !== code.N) {
    throw new InputError(field, `expected a mask of length N = ${code.N}, got ${survivors?.length}`);
  }
  let count = 0;
  for (let j = 0; j < code.N; j++) if (survivors[j] !== 0) count++;
  return count;
}

/** Indices of the surviving workers, ascending. */
export function survivorIndices(survivors: Uint8Array): Int32Array {
  let count = 0;
  for (let j = 0; j < survivors.length; j++) if (survivors[j] !== 0) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let j = 0; j < survivors.length; j++) if (survivors[j] !== 0) out[k++] = j;
  return out;
}

/**
 * The surviving workers in processing order for order-sensitive decoders: the request's arrival order filtered to
 * survivors, then any survivors it did not list, by index. Rejects malformed orders (field `arrivalOrder`).
 */
export function arrivalSequence(code: GradientCode, request: DecodeRequest): Int32Array {
  const survivors = request.survivors;
  const out: number[] = [];
  const seen = new Uint8Array(code.N);
  const order = request.arrivalOrder;
  if (order !== undefined) {
    for (let k = 0; k < order.length; k++) {
      const j = order[k];
      requireInput(
        Number.isInteger(j) && j >= 0 && j < code.N,
        'arrivalOrder',
        `worker ${j} is not in 0..${code.N - 1}`,
      );
      requireInput(seen[j] === 0, 'arrivalOrder', `worker ${j} arrives twice`);
      seen[j] = 1;
      if (survivors[j] !== 0) out.push(j);
    }
  }
  for (let j = 0; j < code.N; j++) if (survivors[j] !== 0 && seen[j] === 0) out.push(j);
  return Int32Array.from(out);
}

/**
 * B_Sᵀ as a dense (m·ℓ) × |S| column-major matrix: column k is the coefficient row of the k-th surviving worker
 * (`survivors` ascending), entry i·ℓ + q = B[j, i, q].
 */
export function survivorSystem(code: GradientCode, survivorList: Int32Array): DenseMatrix {
  const parts = code.parts;
  const dim = code.m * parts;
  const data = new Float64Array(dim * survivorList.length);
  for (let k = 0; k < survivorList.length; k++) {
    const j = survivorList[k];
    const base = k * dim;
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
      const i = code.chunks[e];
      for (let q = 0; q < parts; q++) data[base + i * parts + q] = code.coefficients[e * parts + q];
    }
  }
  return { rows: dim, cols: survivorList.length, data };
}

/** The ℓ targets u_p = 1_m ⊗ e_p as an (m·ℓ) × ℓ column-major block. */
export function targetVectors(m: number, parts: number): Float64Array {
  const dim = m * parts;
  const u = new Float64Array(dim * parts);
  for (let p = 0; p < parts; p++) for (let i = 0; i < m; i++) u[p * dim + i * parts + p] = 1;
  return u;
}

/** The coefficient row of worker j in R^{m·ℓ} (written into `out`, which is zeroed first). */
export function workerRow(code: GradientCode, j: number, out: Float64Array): Float64Array {
  out.fill(0);
  const parts = code.parts;
  for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
    const i = code.chunks[e];
    for (let q = 0; q < parts; q++) out[i * parts + q] = code.coefficients[e * parts + q];
  }
  return out;
}

/** α^(p) = B_Sᵀ w^(p) for every part: weights N·ℓ part-major → α ℓ·(m·ℓ) part-major. */
export function alphaFromWeights(code: GradientCode, weights: Float64Array): Float64Array {
  const parts = code.parts;
  const dim = code.m * parts;
  const alpha = new Float64Array(parts * dim);
  for (let p = 0; p < parts; p++) {
    for (let j = 0; j < code.N; j++) {
      const wj = weights[p * code.N + j];
      if (wj === 0) continue;
      for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
        const base = p * dim + code.chunks[e] * parts;
        for (let q = 0; q < parts; q++) alpha[base + q] += wj * code.coefficients[e * parts + q];
      }
    }
  }
  return alpha;
}

/** ‖α^(p) − u_p‖² per part. */
export function errorPerPart(code: GradientCode, alpha: Float64Array): Float64Array {
  const parts = code.parts;
  const dim = code.m * parts;
  const out = new Float64Array(parts);
  for (let p = 0; p < parts; p++) {
    let s = 0;
    for (let x = 0; x < dim; x++) {
      const target = x % parts === p ? 1 : 0;
      const d = alpha[p * dim + x] - target;
      s += d * d;
    }
    out[p] = s;
  }
  return out;
}

/** The exactness threshold for a request: its tolerance, or DEFAULT_EXACT_TOLERANCE · m · ℓ. */
export function exactTolerance(code: GradientCode, request: DecodeRequest): number {
  const tol = request.tolerance ?? DEFAULT_EXACT_TOLERANCE * code.m * code.parts;
  requireInput(Number.isFinite(tol) && tol >= 0, 'tolerance', `must be a finite non-negative number, got ${tol}`);
  return tol;
}

/** Assembles a {@link DecodeResult} from weights: α, per-part errors, normalisation by m, exactness. */
export function resultFromWeights(
  decoder: string,
  code: GradientCode,
  request: DecodeRequest,
  weights: Float64Array,
  extra: { rank?: number; residual?: number } = {},
): DecodeResult {
  const alpha = alphaFromWeights(code, weights);
  const perPart = errorPerPart(code, alpha);
  let error = 0;
  for (let p = 0; p < perPart.length; p++) error += perPart[p];
  const tolerance = exactTolerance(code, request);
  return {
    decoder,
    parts: code.parts,
    weights,
    alpha,
    error,
    errorPerPart: perPart,
    normalizedError: error / code.m,
    exact: error <= tolerance,
    tolerance,
    ...extra,
  };
}

/** Rejects ℓ > 1 for decoders defined only for one message per worker with scalar coefficients. */
export function requireSinglePart(code: GradientCode, decoder: string): void {
  requireInput(
    code.parts === 1,
    'decoder',
    `"${decoder}" is defined for ℓ = 1 only; this code has ℓ = ${code.parts} (use "optimal" or "exact")`,
  );
}

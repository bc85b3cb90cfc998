import { EPSILON } from '../../linalg/complete-orthogonal.js';
import { fromRows } from '../../linalg/dense-matrix.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { chunkCurvature, totalCurvature } from '../problem/hessian.js';
import { chunkGradient } from '../problem/loss.js';
import type { Optimum } from '../problem/optimum.js';
import type { TrainProblem } from '../problem/problem.js';

/**
 * Dimension up to which eigenvalues come from the full Jacobi decomposition; beyond it μ and L by tridiagonal
 * reduction and bisection, L′ by Lanczos.
 */
const JACOBI_LIMIT = 96;

/** The constants of the convergence bounds, computed from the data (core-gc.md §D.4, Prop. VI.1 / VII.1). */
export interface ProblemConstants {
  /** Strong convexity of f: λ_min(∇²f) for least squares; λ (the ridge weight) for logistic regression. */
  readonly mu: number;
  /** Smoothness of f: λ_max of Σ_i ∇²f_i (least squares) or of its bound Σ_i X_iᵀX_i/(4n) + λI (logistic). */
  readonly L: number;
  /** Smoothness of every chunk loss: max_i λ_max(∇²f_i) (or its logistic bound). */
  readonly Lprime: number;
  /** σ² = Σ_i ‖∇f_i(x*)‖². */
  readonly sigma2: number;
  /** f* = f(x*). */
  readonly fStar: number;
  /** How the eigenvalues were obtained. */
  readonly eigenMethod: 'jacobi' | 'tridiagonal';
}

function symmetric(H: Float64Array, d: number) {
  return fromRows(Array.from({ length: d }, (_, r) => H.subarray(r * d, (r + 1) * d)));
}

/** Relative accuracy of λ_max by Lanczos: Paige's bound β_k·|s_k| ≤ this · θ_max. */
const LANCZOS_TOLERANCE = 1e-13;
/** Lanczos steps between convergence checks. */
const LANCZOS_CHECK = 8;

/** Number of eigenvalues of the symmetric tridiagonal (diag, off) below x: the Sturm count of its LDLᵀ pivots. */
function sturmCount(diag: Float64Array, off: Float64Array, n: number, x: number, pivmin: number): number {
  let count = 0;
  let q = 1;
  for (let i = 0; i < n; i++) {
    q = diag[i] - x - (i > 0 ? (off[i - 1] * off[i - 1]) / q : 0);
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) count++;
  }
  return count;
}

/** The k-th smallest eigenvalue (k = 0 … n − 1) of a symmetric tridiagonal by bisection on Sturm counts (LAPACK xSTEBZ). */
function tridiagonalEigenvalue(diag: Float64Array, off: Float64Array, n: number, k: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i < n - 1 ? Math.abs(off[i]) : 0);
    lo = Math.min(lo, diag[i] - r);
    hi = Math.max(hi, diag[i] + r);
    scale = Math.max(scale, Math.abs(diag[i]), i < n - 1 ? Math.abs(off[i]) : 0);
  }
  const pivmin = Number.MIN_VALUE * 1e10 + EPSILON * EPSILON * scale * scale;
  for (let it = 0; it < 2000 && hi - lo > 2 * EPSILON * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (sturmCount(diag, off, n, mid, pivmin) > k) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Both extreme eigenvalues of a symmetric d × d matrix (row-major): Householder reduction to tridiagonal form
 * QᵀHQ = T (Golub & Van Loan Alg. 8.3.1, (4/3)d³ flops) and bisection on Sturm counts of T, each exact to a few ulps
 * of the spectral radius.
 */
export function extremeEigenvalues(H: Float64Array, d: number): { min: number; max: number } {
  const A = Float64Array.from(H);
  const diag = new Float64Array(d);
  const off = new Float64Array(Math.max(1, d - 1));
  const v = new Float64Array(d);
  const p = new Float64Array(d);
  for (let k = 0; k + 2 < d; k++) {
    let norm = 0;
    for (let i = k + 1; i < d; i++) norm += A[i * d + k] ** 2;
    norm = Math.sqrt(norm);
    diag[k] = A[k * d + k];
    const x0 = A[(k + 1) * d + k];
    if (norm === 0) continue;
    const beta = x0 >= 0 ? -norm : norm;
    let vv = 0;
    for (let i = k + 1; i < d; i++) v[i] = A[i * d + k];
    v[k + 1] -= beta;
    for (let i = k + 1; i < d; i++) vv += v[i] * v[i];
    off[k] = beta;
    if (vv === 0) continue;
    // H_k = I − τvvᵀ; A ← H_k A H_k on the trailing block as A − vqᵀ − qvᵀ with q = p − (τ/2)(vᵀp)v, p = τAv.
    const tau = 2 / vv;
    for (let i = k + 1; i < d; i++) {
      let sum = 0;
      for (let j = k + 1; j < d; j++) sum += A[i * d + j] * v[j];
      p[i] = tau * sum;
    }
    let vp = 0;
    for (let i = k + 1; i < d; i++) vp += v[i] * p[i];
    const half = 0.5 * tau * vp;
    for (let i = k + 1; i < d; i++) p[i] -= half * v[i];
    for (let i = k + 1; i < d; i++) {
      for (let j = k + 1; j <= i; j++) {
        const value = A[i * d + j] - v[i] * p[j] - p[i] * v[j];
        A[i * d + j] = value;
        A[j * d + i] = value;
      }
    }
  }
  if (d >= 2) off[d - 2] = A[(d - 1) * d + d - 2];
  if (d >= 2) diag[d - 2] = A[(d - 2) * d + d - 2];
  if (d >= 1) diag[d - 1] = A[(d - 1) * d + d - 1];
  return { min: tridiagonalEigenvalue(diag, off, d, 0), max: tridiagonalEigenvalue(diag, off, d, d - 1) };
}

/**
 * λ_max of a symmetric d × d matrix (row-major) by the Lanczos process with full reorthogonalisation (Golub &
 * Van Loan §10.1): after k steps the largest eigenvalue θ of T_k = V_kᵀHV_k (bisection) satisfies
 * |λ − θ| ≤ β_k·|s_k| for an eigenvalue λ of H (Paige; s = the unit eigenvector of T_k for θ, from two steps of
 * inverse iteration just above θ, where T_k − σI is negative definite). Stops once that bound is ≤
 * {@link LANCZOS_TOLERANCE}·θ (checked every {@link LANCZOS_CHECK} steps) or the Krylov space is invariant.
 */
export function largestEigenvalue(H: Float64Array, d: number): number {
  const V = new Float64Array(d * d);
  const alpha = new Float64Array(d);
  const beta = new Float64Array(d);
  const w = new Float64Array(d);
  let norm = 0;
  for (let k = 0; k < d; k++) {
    V[k] = 1 + k / d;
    norm += V[k] * V[k];
  }
  norm = Math.sqrt(norm);
  for (let k = 0; k < d; k++) V[k] /= norm;
  const s = new Float64Array(d);
  const work = new Float64Array(d);
  for (let steps = 1; ; steps++) {
    const v = (steps - 1) * d;
    // w = H v, two rows at a time with two accumulators each (independent chains).
    let r = 0;
    for (; r + 1 < d; r += 2) {
      const r0 = r * d;
      const r1 = r0 + d;
      let s0 = 0;
      let s1 = 0;
      let t0 = 0;
      let t1 = 0;
      let k = 0;
      for (; k + 1 < d; k += 2) {
        const x0 = V[v + k];
        const x1 = V[v + k + 1];
        s0 += H[r0 + k] * x0;
        t0 += H[r0 + k + 1] * x1;
        s1 += H[r1 + k] * x0;
        t1 += H[r1 + k + 1] * x1;
      }
      if (k < d) {
        s0 += H[r0 + k] * V[v + k];
        s1 += H[r1 + k] * V[v + k];
      }
      w[r] = s0 + t0;
      w[r + 1] = s1 + t1;
    }
    if (r < d) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += H[r * d + k] * V[v + k];
      w[r] = sum;
    }
    let a = 0;
    for (let k = 0; k < d; k++) a += V[v + k] * w[k];
    alpha[steps - 1] = a;
    // Full reorthogonalisation against every Lanczos vector; a second pass when the first removed most of w
    // (Kahan–Parlett "twice is enough": ‖w‖ dropped below 1/√2 of its value).
    for (let pass = 0; pass < 2; pass++) {
      let before = 0;
      for (let k = 0; k < d; k++) before += w[k] * w[k];
      for (let i = 0; i < steps; i++) {
        const vi = i * d;
        let dot = 0;
        let dot2 = 0;
        let k = 0;
        for (; k + 1 < d; k += 2) {
          dot += V[vi + k] * w[k];
          dot2 += V[vi + k + 1] * w[k + 1];
        }
        if (k < d) dot += V[vi + k] * w[k];
        dot += dot2;
        for (let q = 0; q < d; q++) w[q] -= dot * V[vi + q];
      }
      let after = 0;
      for (let k = 0; k < d; k++) after += w[k] * w[k];
      if (after > 0.5 * before) break;
    }
    let b = 0;
    for (let k = 0; k < d; k++) b += w[k] * w[k];
    b = Math.sqrt(b);
    beta[steps - 1] = b;
    const invariant = steps === d || !(b > 0);
    if (invariant || steps % LANCZOS_CHECK === 0) {
      const theta = tridiagonalEigenvalue(alpha, beta, steps, steps - 1);
      if (invariant) return theta;
      // Inverse iteration with σ = θ + δ: (T − σI) is negative definite, so LDLᵀ without pivoting is stable.
      const sigma = theta + 1e-10 * Math.abs(theta) + Number.MIN_VALUE;
      s.fill(1, 0, steps);
      for (let pass = 0; pass < 2; pass++) {
        work[0] = alpha[0] - sigma;
        for (let i = 1; i < steps; i++) {
          const l = beta[i - 1] / work[i - 1];
          work[i] = alpha[i] - sigma - l * beta[i - 1];
          s[i] -= l * s[i - 1];
        }
        s[steps - 1] /= work[steps - 1];
        for (let i = steps - 2; i >= 0; i--) s[i] = (s[i] - beta[i] * s[i + 1]) / work[i];
        let sn = 0;
        for (let i = 0; i < steps; i++) sn += s[i] * s[i];
        sn = Math.sqrt(sn);
        for (let i = 0; i < steps; i++) s[i] /= sn;
      }
      if (b * Math.abs(s[steps - 1]) <= LANCZOS_TOLERANCE * Math.abs(theta)) return theta;
    }
    for (let k = 0; k < d; k++) V[steps * d + k] = w[k] / b;
  }
}

function extremes(H: Float64Array, d: number, jacobi: boolean): { min: number; max: number } {
  if (jacobi) {
    const values = symmetricEigen(symmetric(H, d)).values;
    return { min: values[values.length - 1], max: values[0] };
  }
  return extremeEigenvalues(H, d);
}

/**
 * μ, L, L′ and σ² of Glasgow & Wootters' Prop. VI.1 for f = Σ_i f_i (each f_i convex and L′-smooth, f μ-strongly
 * convex and L-smooth), from the chunk curvatures of the data and the optimum x*.
 */
export function problemConstants(problem: TrainProblem, optimum: Optimum): ProblemConstants {
  const { d, m } = problem;
  const jacobi = d <= JACOBI_LIMIT;
  const total = extremes(totalCurvature(problem), d, jacobi);
  let Lprime = 0;
  for (let i = 0; i < m; i++) {
    const H = chunkCurvature(problem, i);
    Lprime = Math.max(Lprime, jacobi ? extremes(H, d, true).max : largestEigenvalue(H, d));
  }
  const mu = problem.loss === 'least-squares' ? Math.max(0, total.min) : problem.lambda;
  let sigma2 = 0;
  const g = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    chunkGradient(problem, i, optimum.x, g);
    for (let k = 0; k < d; k++) sigma2 += g[k] * g[k];
  }
  return {
    mu,
    L: total.max,
    Lprime,
    sigma2,
    fStar: optimum.value,
    eigenMethod: jacobi ? 'jacobi' : 'tridiagonal',
  };
}

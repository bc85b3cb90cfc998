/**
 * Cholesky factorisation of a symmetric positive definite d × d matrix (row-major), in place: on return the lower
 * triangle holds L with A = L Lᵀ (Golub & Van Loan Alg. 4.2.1); the strict upper triangle is left untouched.
 * Throws when a pivot is not positive (A not numerically positive definite).
 */
export function choleskyInPlace(A: Float64Array, d: number): void {
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j];
    for (let k = 0; k < j; k++) s -= A[j * d + k] ** 2;
    if (!(s > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} = ${s})`);
    const ljj = Math.sqrt(s);
    A[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let v = A[i * d + j];
      for (let k = 0; k < j; k++) v -= A[i * d + k] * A[j * d + k];
      A[i * d + j] = v / ljj;
    }
  }
}

/** Solves A x = b given the factor L from {@link choleskyInPlace} (forward then back substitution). */
export function choleskySolve(L: Float64Array, d: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let v = x[i];
    for (let k = 0; k < i; k++) v -= L[i * d + k] * x[k];
    x[i] = v / L[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let v = x[i];
    for (let k = i + 1; k < d; k++) v -= L[k * d + i] * x[k];
    x[i] = v / L[i * d + i];
  }
  return x;
}

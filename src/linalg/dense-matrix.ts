/**
 * Small dense f64 matrices for gradcode's CPU kernels.
 *
 * Layout: **column-major** in one Float64Array — entry (i, j) of a `rows × cols` matrix is `data[i + j * rows]`.
 * Column-major keeps every column contiguous, which is what Householder QR, Gram–Schmidt and the decoders (one
 * column per surviving worker of B_Sᵀ) touch in their inner loops. A vector is a Float64Array; a block of k
 * right-hand sides is a `rows × k` column-major Float64Array.
 */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Column-major entries, length rows · cols. */
  readonly data: Float64Array;
}

/** A zero matrix of the given shape. */
export function zeros(rows: number, cols: number): DenseMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix shape ${rows} × ${cols} is not a pair of non-negative integers`);
  }
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** The n × n identity. */
export function identity(n: number): DenseMatrix {
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) out.data[i + i * n] = 1;
  return out;
}

/** Builds a matrix from an array of equal-length rows (row-major input, column-major storage). */
export function fromRows(rows: readonly (readonly number[])[] | readonly Float64Array[]): DenseMatrix {
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const out = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} entries, expected ${c}`);
    for (let j = 0; j < c; j++) out.data[i + j * r] = row[j];
  }
  return out;
}

/** The rows of a matrix as plain arrays (for tests, printing and interop with row-major libraries). */
export function toRows(a: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) {
    const row = new Array<number>(a.cols);
    for (let j = 0; j < a.cols; j++) row[j] = a.data[i + j * a.rows];
    out.push(row);
  }
  return out;
}

/** Entry (i, j). */
export function entry(a: DenseMatrix, i: number, j: number): number {
  return a.data[i + j * a.rows];
}

/** Aᵀ as a new matrix. */
export function transpose(a: DenseMatrix): DenseMatrix {
  const out = zeros(a.cols, a.rows);
  for (let j = 0; j < a.cols; j++) {
    for (let i = 0; i < a.rows; i++) out.data[j + i * a.cols] = a.data[i + j * a.rows];
  }
  return out;
}

/** A · B (column-major, jki loop order so the innermost loop runs down contiguous columns). */
export function multiply(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.cols !== b.rows) throw new RangeError(`cannot multiply ${a.rows} × ${a.cols} by ${b.rows} × ${b.cols}`);
  const out = zeros(a.rows, b.cols);
  const m = a.rows;
  for (let j = 0; j < b.cols; j++) {
    const oj = j * m;
    for (let k = 0; k < a.cols; k++) {
      const bkj = b.data[k + j * b.rows];
      if (bkj === 0) continue;
      const ak = k * m;
      for (let i = 0; i < m; i++) out.data[oj + i] += a.data[ak + i] * bkj;
    }
  }
  return out;
}

/** A · x for a vector x of length A.cols. */
export function multiplyVector(a: DenseMatrix, x: ArrayLike<number>): Float64Array {
  if (x.length !== a.cols) throw new RangeError(`vector of length ${x.length} does not match ${a.cols} columns`);
  const out = new Float64Array(a.rows);
  for (let j = 0; j < a.cols; j++) {
    const xj = x[j];
    if (xj === 0) continue;
    const aj = j * a.rows;
    for (let i = 0; i < a.rows; i++) out[i] += a.data[aj + i] * xj;
  }
  return out;
}

/** Frobenius norm. */
export function frobeniusNorm(a: DenseMatrix): number {
  let s = 0;
  for (let k = 0; k < a.data.length; k++) s += a.data[k] * a.data[k];
  return Math.sqrt(s);
}

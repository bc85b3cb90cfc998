/**
 * A training dataset: n rows of d features with one target each, plus where it came from. Rows are stored
 * row-major in one Float64Array (row r is `X[r·d … r·d + d − 1]`), so the m data chunks of a gradient code are
 * contiguous row ranges (DESIGN §2: chunk i ∈ [m]).
 */
export interface Dataset {
  /** Short name, e.g. `synthetic-least-squares`. */
  readonly name: string;
  /** `regression` targets are real numbers; `classification` targets are ±1. */
  readonly task: 'regression' | 'classification';
  /** Rows. */
  readonly n: number;
  /** Features per row. */
  readonly d: number;
  /** n × d, row-major. */
  readonly X: Float64Array;
  /** n targets. */
  readonly y: Float64Array;
  /** Column names (length d). */
  readonly features: readonly string[];
  readonly provenance: DatasetProvenance;
}

/** Where a dataset comes from, how it was built, and under which terms it may be used. */
export interface DatasetProvenance {
  /** Paper, file or package the data or its generator comes from. */
  readonly source: string;
  /** Licence or terms of use of the data. */
  readonly licence: string;
  /** How the rows were produced (generator parameters, preprocessing). */
  readonly construction: string;
  /** The generator's parameters after defaults (for result files). */
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

/**
 * Row boundaries of m contiguous chunks of n rows, as equal as possible: the first n mod m chunks get one row
 * more. Chunk i holds rows `start[i] … start[i+1] − 1`.
 */
export function chunkBoundaries(n: number, m: number): Int32Array {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`chunk count ${m} must be a positive integer`);
  if (!Number.isInteger(n) || n < m) throw new RangeError(`${n} rows cannot fill ${m} chunks`);
  const start = new Int32Array(m + 1);
  const base = Math.floor(n / m);
  const extra = n - base * m;
  for (let i = 0; i < m; i++) start[i + 1] = start[i] + base + (i < extra ? 1 : 0);
  return start;
}

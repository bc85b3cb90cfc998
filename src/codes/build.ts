import { invariant } from '../errors.js';
import type { CodeMeta, GradientCode, RecoveryRule } from './types.js';

/** What a construction provides to {@link codeFromRows}: per-worker chunk lists and coefficients. */
export interface CodeRowsInput {
  readonly name: string;
  readonly m: number;
  /** ℓ (default 1). */
  readonly parts?: number;
  /** Worker j's chunks in natural processing order (distinct, in [0, m)). */
  readonly rows: readonly ArrayLike<number>[];
  /** Worker j's coefficients, `rows[j].length × parts` values, entry-major; default all ones. */
  readonly coefficients?: readonly ArrayLike<number>[];
  /** Default `least-squares`. */
  readonly recovery?: RecoveryRule;
  readonly meta: CodeMeta;
}

/**
 * Assembles the CSR {@link GradientCode} from per-worker rows. Used by every construction; violations (repeated or
 * out-of-range chunks, wrong coefficient counts, non-finite coefficients) are bugs in the construction, not user
 * input — file loaders validate before calling this.
 */
export function codeFromRows(input: CodeRowsInput): GradientCode {
  const parts = input.parts ?? 1;
  const N = input.rows.length;
  const { m } = input;
  invariant(Number.isInteger(parts) && parts >= 1, `parts = ${parts}`);
  invariant(Number.isInteger(m) && m >= 1, `m = ${m}`);
  const offsets = new Int32Array(N + 1);
  for (let j = 0; j < N; j++) offsets[j + 1] = offsets[j] + input.rows[j].length;
  const nnz = offsets[N];
  const chunks = new Int32Array(nnz);
  const coefficients = new Float64Array(nnz * parts);
  const seen = new Int32Array(m).fill(-1);
  for (let j = 0; j < N; j++) {
    const row = input.rows[j];
    const coef = input.coefficients?.[j];
    if (coef) invariant(coef.length === row.length * parts, `worker ${j}: ${coef.length} coefficients`);
    for (let e = 0; e < row.length; e++) {
      const i = row[e];
      invariant(Number.isInteger(i) && i >= 0 && i < m, `worker ${j}: chunk ${i} outside 0..${m - 1}`);
      invariant(seen[i] !== j, `worker ${j}: chunk ${i} repeated`);
      seen[i] = j;
      const at = offsets[j] + e;
      chunks[at] = i;
      for (let p = 0; p < parts; p++) {
        const c = coef ? coef[e * parts + p] : 1;
        invariant(Number.isFinite(c), `worker ${j}: coefficient ${c}`);
        coefficients[at * parts + p] = c;
      }
    }
  }
  return {
    name: input.name,
    N,
    m,
    parts,
    offsets,
    chunks,
    coefficients,
    recovery: input.recovery ?? { kind: 'least-squares' },
    meta: input.meta,
  };
}

/** Worker j's chunks (a view into `code.chunks`), in natural processing order. */
export function supportOf(code: GradientCode, j: number): Int32Array {
  return code.chunks.subarray(code.offsets[j], code.offsets[j + 1]);
}

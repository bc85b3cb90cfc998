import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { codeFromRows } from './build.js';
import type { GradientCode } from './types.js';

/** File formats of custom codes. */
export type CodeFileFormat = 'json' | 'csv';

/** How to read a custom code file. */
export interface CodeFileOptions {
  /**
   * The dense matrix's rows are chunks and its columns workers (as in some published BIBD incidence files): read its
   * transpose. Dense forms only; gradcode's own orientation is rows = workers.
   */
  readonly transpose?: boolean;
}

/**
 * Parses a custom code from text. Every problem throws an InputError whose field is `source` (the file name) and whose
 * message names the row/field. Formats:
 *  - JSON dense: a 2-D array, rows = workers, columns = chunks; non-zero entries form the support.
 *  - JSON sparse: `{"support": [[chunk, …] per worker], "coefficients"?: [[…] per worker], "m"?: chunks,
 *    "parts"?: ℓ, "name"?: string}` — coefficients default to 1; with ℓ > 1 each worker lists |support|·ℓ values,
 *    entry-major; m defaults to 1 + the largest chunk index.
 *  - CSV: one line per worker, comma-separated numbers, every line the same length; blank lines and lines starting
 *    with `#` are skipped.
 * Recovery is `least-squares`; rows keep the file's order (the processing order of the sparse form). With
 * `transpose`, a dense matrix is read as rows = chunks, columns = workers.
 */
export function parseCodeText(
  text: string,
  source: string,
  format: CodeFileFormat,
  options: CodeFileOptions = {},
): GradientCode {
  const dense = (rows: number[][]) => denseCode(options.transpose ? transposed(rows) : rows, source);
  if (format === 'csv') return dense(parseCsv(text, source));
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(source, `not valid JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(data)) return dense(checkDenseJson(data, source));
  if (options.transpose)
    throw new InputError(
      source,
      'transposing applies to a dense matrix (a JSON 2-D array or CSV), not to {"support": …}',
    );
  if (data !== null && typeof data === 'object') return sparseCode(data as Record<string, unknown>, source);
  throw new InputError(source, 'expected a 2-D array or an object with "support"');
}

/**
 * Reads and parses a custom code file; the format comes from the extension (.json, .csv), else from the first
 * non-blank character (`[` or `{` → JSON, otherwise CSV). Unreadable files throw an InputError on the path.
 */
export function loadCodeFile(path: string, format?: CodeFileFormat, options: CodeFileOptions = {}): GradientCode {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(path, `cannot read code file: ${(e as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  const fmt: CodeFileFormat =
    format ?? (ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : /^\s*[[{]/.test(text) ? 'json' : 'csv');
  return parseCodeText(text, path, fmt, options);
}

/** The transpose of a rectangular matrix. */
function transposed(rows: number[][]): number[][] {
  return rows[0].map((_, i) => rows.map((row) => row[i]));
}

function parseCsv(text: string, source: string): number[][] {
  const rows: number[][] = [];
  text.split(/\r?\n/).forEach((line, lineIndex) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    rows.push(
      trimmed.split(',').map((cell, col) => {
        const t = cell.trim();
        const v = Number(t);
        if (t === '' || !Number.isFinite(v)) {
          throw new InputError(source, `line ${lineIndex + 1}, column ${col + 1}: '${t}' is not a finite number`);
        }
        return v;
      }),
    );
  });
  if (rows.length === 0) throw new InputError(source, 'no rows (one line per worker expected)');
  rows.forEach((row, j) => {
    if (row.length !== rows[0].length) {
      throw new InputError(source, `row ${j + 1} has ${row.length} columns, row 1 has ${rows[0].length}`);
    }
  });
  return rows;
}

function checkDenseJson(data: unknown[], source: string): number[][] {
  if (data.length === 0) throw new InputError(source, 'empty matrix (rows = workers expected)');
  const rows = data.map((row, j) => {
    if (!Array.isArray(row)) throw new InputError(source, `row ${j}: expected an array of numbers`);
    return row.map((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InputError(source, `row ${j}, column ${i}: ${JSON.stringify(v)} is not a finite number`);
      }
      return v;
    });
  });
  rows.forEach((row, j) => {
    if (row.length !== rows[0].length) {
      throw new InputError(source, `row ${j} has ${row.length} columns, row 0 has ${rows[0].length}`);
    }
  });
  return rows;
}

function denseCode(matrix: number[][], source: string): GradientCode {
  const m = matrix[0].length;
  if (m === 0) throw new InputError(source, 'rows have no columns (columns = chunks expected)');
  const rows: number[][] = [];
  const coefficients: number[][] = [];
  for (const r of matrix) {
    const row: number[] = [];
    const coef: number[] = [];
    r.forEach((v, i) => {
      if (v !== 0) {
        row.push(i);
        coef.push(v);
      }
    });
    rows.push(row);
    coefficients.push(coef);
  }
  return customCode(source, m, 1, rows, coefficients);
}

const SPARSE_KEYS = ['support', 'coefficients', 'm', 'parts', 'name'];

function sparseCode(data: Record<string, unknown>, source: string): GradientCode {
  for (const key of Object.keys(data)) {
    if (!SPARSE_KEYS.includes(key)) {
      throw new InputError(source, `unknown field "${key}"; valid fields: ${SPARSE_KEYS.join(', ')}`);
    }
  }
  const support = data.support;
  if (!Array.isArray(support) || support.length === 0) {
    throw new InputError(source, 'field "support" must be a non-empty array (one chunk list per worker)');
  }
  const parts = data.parts ?? 1;
  if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < 1) {
    throw new InputError(source, `field "parts" must be an integer ≥ 1, got ${JSON.stringify(parts)}`);
  }
  let largest = -1;
  const rows = support.map((row, j) => {
    if (!Array.isArray(row)) throw new InputError(source, `support[${j}]: expected an array of chunk indices`);
    const seen = new Set<number>();
    return row.map((i, e) => {
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0) {
        throw new InputError(source, `support[${j}][${e}]: ${JSON.stringify(i)} is not a chunk index (integer ≥ 0)`);
      }
      if (seen.has(i)) throw new InputError(source, `support[${j}]: chunk ${i} is listed twice`);
      seen.add(i);
      largest = Math.max(largest, i);
      return i;
    });
  });
  const m = data.m ?? largest + 1;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m <= largest) {
    throw new InputError(
      source,
      `field "m" must be an integer > every chunk index (${largest}), got ${JSON.stringify(m)}`,
    );
  }
  let coefficients: number[][] | undefined;
  if (data.coefficients !== undefined) {
    const coef = data.coefficients;
    if (!Array.isArray(coef) || coef.length !== rows.length) {
      throw new InputError(source, `field "coefficients" must have one array per worker (${rows.length})`);
    }
    coefficients = coef.map((row, j) => {
      if (!Array.isArray(row) || row.length !== rows[j].length * parts) {
        throw new InputError(
          source,
          `coefficients[${j}]: expected ${rows[j].length * parts} numbers (|support[${j}]| × parts)`,
        );
      }
      return row.map((v, e) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new InputError(source, `coefficients[${j}][${e}]: ${JSON.stringify(v)} is not a finite number`);
        }
        return v;
      });
    });
  }
  const name = data.name;
  if (name !== undefined && typeof name !== 'string') {
    throw new InputError(source, `field "name" must be a string, got ${JSON.stringify(name)}`);
  }
  return customCode(source, m, parts, rows, coefficients, name);
}

function customCode(
  source: string,
  m: number,
  parts: number,
  rows: number[][],
  coefficients: number[][] | undefined,
  name?: string,
): GradientCode {
  return codeFromRows({
    name: name ?? 'custom',
    m,
    parts,
    rows,
    coefficients,
    meta: {
      family: 'Custom code from a file',
      params: { file: source },
      citation: `user file ${source}`,
      reconstruction: false,
    },
  });
}

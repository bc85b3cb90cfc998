import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { parseDecimal } from '../input/decimal.js';
import { parseJsonText } from '../input/parse-json.js';
import { readInputFile } from '../input/read-input-file.js';
import { excerpt } from '../input/terminal-text.js';
import { checkLimit, formatLimitNumber, LIMITS } from '../limits/limits.js';
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
 * `transpose`, a dense matrix is read as rows = chunks, columns = workers. Sizes are checked while parsing, before the
 * code is built: workers ≤ limits.codeWorkers, chunks ≤ limits.codeChunks (a support index or `m` beyond it is
 * refused), entries ≤ limits.codeEntries, and every non-zero coefficient's magnitude in
 * [limits.coefficientMin, limits.coefficientMax]. Numbers in CSV are decimal (no hex); error messages quote at most a
 * short, sanitised excerpt of a cell.
 */
export function parseCodeText(
  text: string,
  source: string,
  format: CodeFileFormat,
  options: CodeFileOptions = {},
): GradientCode {
  const dense = (rows: number[][]) => denseCode(options.transpose ? transposed(rows) : rows, source);
  if (format === 'csv') return dense(parseCsv(text, source));
  const data = parseJsonText(text, source, { field: source, what: 'not valid JSON' });
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
 * non-blank character (`[` or `{` → JSON, otherwise CSV). Only a regular file within limits.dataFileBytes is read;
 * unreadable files throw an InputError on the path.
 */
export function loadCodeFile(path: string, format?: CodeFileFormat, options: CodeFileOptions = {}): GradientCode {
  const text = readInputFile(path, { field: path, what: 'code file' });
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
    checkLimit('codeWorkers', rows.length + 1, source, 'the rows (workers) of the code file');
    const cells = trimmed.split(',');
    checkLimit('codeChunks', cells.length, source, `the columns (chunks) of line ${lineIndex + 1}`);
    rows.push(
      cells.map((cell, col) => {
        const v = parseDecimal(cell);
        if (!Number.isFinite(v)) {
          throw new InputError(
            source,
            `line ${lineIndex + 1}, column ${col + 1}: ${excerpt(cell.trim())} is not a finite decimal number`,
          );
        }
        return checkCoefficient(v, source, `line ${lineIndex + 1}, column ${col + 1}`);
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

/** A coefficient's magnitude within limits (zeros pass: they are not stored). */
function checkCoefficient(v: number, source: string, where: string): number {
  const a = Math.abs(v);
  if (a !== 0 && (a > LIMITS.coefficientMax.value || a < LIMITS.coefficientMin.value))
    throw new InputError(
      source,
      `${where}: |${formatLimitNumber(v)}| is outside [${formatLimitNumber(LIMITS.coefficientMin.value)}, ` +
        `${formatLimitNumber(LIMITS.coefficientMax.value)}] (limits.coefficientMin/coefficientMax; scale the code)`,
    );
  return v;
}

/** A JSON value in an error message: a short, sanitised excerpt. */
const shown = (v: unknown) => excerpt(JSON.stringify(v) ?? String(v));

function checkDenseJson(data: unknown[], source: string): number[][] {
  if (data.length === 0) throw new InputError(source, 'empty matrix (rows = workers expected)');
  checkLimit('codeWorkers', data.length, source, 'the rows (workers) of the matrix');
  const rows = data.map((row, j) => {
    if (!Array.isArray(row)) throw new InputError(source, `row ${j}: expected an array of numbers`);
    checkLimit('codeChunks', row.length, source, `the columns (chunks) of row ${j}`);
    return row.map((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InputError(source, `row ${j}, column ${i}: ${shown(v)} is not a finite number`);
      }
      return checkCoefficient(v, source, `row ${j}, column ${i}`);
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
  const entries = matrix.reduce((n, r) => n + r.reduce((k, v) => k + (v !== 0 ? 1 : 0), 0), 0);
  checkLimit('codeEntries', entries, source, 'the non-zero entries of the matrix');
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
  checkLimit('codeWorkers', support.length, source, 'the workers (rows of "support")');
  const parts = data.parts ?? 1;
  if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < 1) {
    throw new InputError(source, `field "parts" must be an integer ≥ 1, got ${shown(parts)}`);
  }
  const entries = support.reduce((n: number, row) => n + (Array.isArray(row) ? row.length : 0), 0) * parts;
  checkLimit('codeEntries', entries, source, 'the stored entries (support size × parts)');
  let largest = -1;
  const rows = support.map((row, j) => {
    if (!Array.isArray(row)) throw new InputError(source, `support[${j}]: expected an array of chunk indices`);
    const seen = new Set<number>();
    return row.map((i, e) => {
      if (typeof i !== 'number' || !Number.isInteger(i) || i < 0) {
        throw new InputError(source, `support[${j}][${e}]: ${shown(i)} is not a chunk index (integer ≥ 0)`);
      }
      checkLimit('codeChunks', i + 1, `${source}`, `the chunks implied by support[${j}][${e}] = ${i} (index + 1)`);
      if (seen.has(i)) throw new InputError(source, `support[${j}]: chunk ${i} is listed twice`);
      seen.add(i);
      largest = Math.max(largest, i);
      return i;
    });
  });
  const m = data.m ?? largest + 1;
  if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m <= largest) {
    throw new InputError(source, `field "m" must be an integer > every chunk index (${largest}), got ${shown(m)}`);
  }
  checkLimit('codeChunks', m, source, 'the chunks "m"');
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
          throw new InputError(source, `coefficients[${j}][${e}]: ${shown(v)} is not a finite number`);
        }
        return checkCoefficient(v, source, `coefficients[${j}][${e}]`);
      });
    });
  }
  const name = data.name;
  if (name !== undefined && typeof name !== 'string') {
    throw new InputError(source, `field "name" must be a string, got ${shown(name)}`);
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

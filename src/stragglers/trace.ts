import { InputError } from '../errors.js';
import { parseDecimal } from '../input/decimal.js';
import { readInputFile } from '../input/read-input-file.js';
import { excerpt } from '../input/terminal-text.js';
import { formatLimitNumber, LIMITS } from '../limits/limits.js';

/** A replayable trace of measured per-chunk times: `rounds` × `workers`, row-major; +∞ marks a failed worker. */
export interface TimeTrace {
  rounds: number;
  workers: number;
  times: Float64Array;
}

/** Spellings of "the worker failed in this round". */
const FAILED = /^(|\+?inf|\+?infinity|nan)$/i;

/** A header cell: a name (starts with a letter or `_`), not a number or a failure mark. */
const NAME = /^[A-Za-z_][\w .()/-]*$/;

/**
 * Parses a CSV trace (rows = rounds, columns = workers). The first row is a header when **every** cell of it is a
 * name (starts with a letter); a first row mixing numbers and other text is a typo and is reported, not dropped.
 * Empty cells, `inf`, `Infinity` and `nan` mean the worker failed in that round. Times are decimal numbers ≥ 0 and at
 * most limits.timeMax (no hex); anything else is rejected with the file, row and column named and a short sanitised
 * excerpt of the cell.
 */
export function parseTraceCsv(text: string, source: string, field = 'stragglers.trace.file'): TimeTrace {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new InputError(field, `${source} is empty`);
  const firstCells = lines[0].split(',').map((c) => c.trim());
  const header = firstCells.every((c) => NAME.test(c) && !FAILED.test(c));
  const start = header ? 1 : 0;
  const rows = lines.slice(start);
  if (rows.length === 0) throw new InputError(field, `${source} has a header but no rows`);
  const workers = rows[0].split(',').length;
  const times = new Float64Array(rows.length * workers);
  rows.forEach((line, r) => {
    const cells = line.split(',');
    if (cells.length !== workers) {
      throw new InputError(field, `${source} row ${r + start + 1} has ${cells.length} columns, expected ${workers}`);
    }
    cells.forEach((raw, c) => {
      const cell = raw.trim();
      let v: number;
      if (FAILED.test(cell)) v = Number.POSITIVE_INFINITY;
      else {
        v = parseDecimal(cell);
        if (!Number.isFinite(v) || v < 0) {
          throw new InputError(
            field,
            `${source} row ${r + start + 1}, column ${c + 1}: ${excerpt(cell)} is not a time ≥ 0` +
              (r === 0 && !header ? ' (a header row must consist of names only)' : ''),
          );
        }
        if (v > LIMITS.timeMax.value)
          throw new InputError(
            field,
            `${source} row ${r + start + 1}, column ${c + 1}: ${formatLimitNumber(v)} is above the limit of ` +
              `${formatLimitNumber(LIMITS.timeMax.value)} (limits.timeMax); mark a failed worker with inf`,
          );
      }
      times[r * workers + c] = v;
    });
  });
  return { rounds: rows.length, workers, times };
}

/** Reads (a regular file within limits.dataFileBytes) and parses a CSV trace file. */
export function loadTraceCsv(path: string, field = 'stragglers.trace.file'): TimeTrace {
  return parseTraceCsv(readInputFile(path, { field, what: 'trace file' }), path, field);
}

import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** A replayable trace of measured per-chunk times: `rounds` × `workers`, row-major; +∞ marks a failed worker. */
export interface TimeTrace {
  rounds: number;
  workers: number;
  times: Float64Array;
}

/**
 * Parses a CSV trace (rows = rounds, columns = workers; optional header row of non-numeric names). Empty cells,
 * `inf`, `Infinity` and `nan` mean the worker failed in that round. Negative or malformed numbers are rejected with
 * the file, row and column named.
 */
export function parseTraceCsv(text: string, source: string, field = 'stragglers.trace.file'): TimeTrace {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new InputError(field, `${source} is empty`);
  let start = 0;
  const firstCells = lines[0].split(',').map((c) => c.trim());
  if (firstCells.some((c) => c !== '' && Number.isNaN(Number(c)) && !/^(inf|infinity|nan)$/i.test(c))) start = 1;
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
      if (cell === '' || /^(inf|\+inf|infinity|nan)$/i.test(cell)) v = Number.POSITIVE_INFINITY;
      else {
        v = Number(cell);
        if (!Number.isFinite(v) || v < 0) {
          throw new InputError(field, `${source} row ${r + start + 1}, column ${c + 1}: "${cell}" is not a time ≥ 0`);
        }
      }
      times[r * workers + c] = v;
    });
  });
  return { rounds: rows.length, workers, times };
}

/** Reads and parses a CSV trace file. */
export function loadTraceCsv(path: string, field = 'stragglers.trace.file'): TimeTrace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(field, `cannot read trace file ${path}: ${(e as Error).message}`);
  }
  return parseTraceCsv(text, path, field);
}

import { checkParsedValue } from '../input/checked-value.js';
import { formatPath } from '../spec/zod-error.js';
import type { CellDescriptor, PlannedCell } from '../trials/planned-cell.js';
import type { CellResult } from '../trials/run-cell.js';
import type { CellStats } from '../trials/summary.js';
import { CellRecordSchema } from './cell-record-schema.js';
import { encodeJsonLine, reviveNonFinite } from './json-line.js';

/** Version of the JSON Lines record layout (`v` field). */
export const CELL_RECORD_VERSION = 1;

/**
 * One line of a shard's JSON Lines log: a completed cell with its descriptor, statistics (the error curve is
 * `stats.errors`) and timings. Written once, after the cell finished; never rewritten.
 */
export interface CellRecord extends CellDescriptor {
  readonly v: number;
  /** Hash of the whole sweep (see `specHash`); every record of a results directory has the same. */
  readonly specHash: string;
  /** Position in the sweep. */
  readonly index: number;
  /** Hash of the cell's validated spec. */
  readonly id: string;
  readonly origin: string;
  readonly axes: Readonly<Record<string, unknown>>;
  readonly stats: CellStats;
  readonly stoppedEarly: boolean;
  /** Backend kind and device description. */
  readonly backend: { readonly kind: 'webgpu' | 'cpu'; readonly description: string };
  /** Wall-clock seconds of the cell (kept out of the Parquet tables: they are not reproducible). */
  readonly seconds: number;
  /** ISO time the cell finished. */
  readonly finishedAt: string;
}

/** Builds the record of a finished cell. */
export function cellRecord(
  planned: PlannedCell,
  result: CellResult,
  specHash: string,
  backendKind: 'webgpu' | 'cpu',
): CellRecord {
  return {
    v: CELL_RECORD_VERSION,
    specHash,
    index: planned.index,
    id: planned.id,
    origin: planned.origin,
    axes: planned.axes,
    ...planned.describe,
    stats: result.stats,
    stoppedEarly: result.stoppedEarly,
    backend: { kind: backendKind, description: result.backend },
    seconds: result.seconds,
    finishedAt: new Date().toISOString(),
  };
}

/** One JSON line (no trailing newline) for a record; NaN/±∞ become "NaN"/"Infinity"/"-Infinity". */
export function encodeCellRecord(record: CellRecord): string {
  return encodeJsonLine(record);
}

/**
 * Parses one JSON line back into a record (the inverse of {@link encodeCellRecord}). A line that is not JSON throws
 * the parser's SyntaxError (a line torn by a kill); JSON that is not a well-formed record (a prototype key, a missing
 * or mistyped field such as `"mean": "banana"`) throws an Error "not a cell record: FIELD: reason".
 */
export function decodeCellRecord(line: string): CellRecord {
  const value = JSON.parse(line) as unknown;
  let plain: unknown;
  try {
    plain = checkParsedValue(value, 'record');
  } catch (e) {
    throw new Error(`not a cell record: ${(e as Error).message.replace(/^record: /, '')}`);
  }
  const revived = reviveNumbers(plain);
  const parsed = CellRecordSchema.safeParse(revived);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a cell record: ${formatPath('', issue.path)}: ${issue.message}`);
  }
  return revived as CellRecord;
}

/** NaN/±∞ strings back to numbers inside `stats` (elsewhere, e.g. in labels, such strings are text). */
function reviveNumbers(x: unknown): unknown {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return x;
  const record = x as Record<string, unknown>;
  return Object.hasOwn(record, 'stats') ? { ...record, stats: reviveNonFinite(record.stats) } : record;
}

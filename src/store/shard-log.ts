import { InputError } from '../errors.js';
import { canonicalJson } from '../spec/canonical.js';
import { type CellRecord, decodeCellRecord } from './cell-record.js';
import { readJsonl } from './jsonl.js';

/** The completed cells found in a shard's log. */
export interface ShardLogContent {
  /** Records in file order (an identical repeat of a cell is listed once). */
  readonly records: CellRecord[];
  /** Bytes of the file to keep: everything up to the last parseable complete line. */
  readonly keepBytes: number;
  /** Bytes that resume cuts off: a torn last line, or a last line that is not JSON. */
  readonly cutBytes: number;
  /** Lines that repeated an earlier record of the same cell with identical results (tolerated, skipped). */
  readonly duplicates: number;
}

/**
 * What must agree for two records of one cell to count as the same result: everything except when and how fast it
 * ran (`seconds`, `finishedAt`) and the machine's wording of the backend (its kind must agree).
 */
export function recordIdentity(record: CellRecord): string {
  const { seconds: _s, finishedAt: _f, backend, ...rest } = record;
  return canonicalJson({ ...rest, backend: backend.kind });
}

/**
 * Reads a shard log and checks it: every record is well-formed (file:line and field named otherwise), belongs to the
 * sweep `specHash`, and (when `ids` maps cell index → cell id) has the expected cell id. A cell logged twice with
 * identical results (a SLURM task that ran twice) is tolerated and counted once; twice with different results is
 * refused. A last line that is not JSON (torn by a kill) is reported in `cutBytes` (resume cuts it off); a bad line
 * before the last, or a last line that is JSON but not a record (edited by hand), is an InputError.
 */
export function readShardLog(path: string, specHash: string, ids?: ReadonlyMap<number, string>): ShardLogContent {
  const content = readJsonl(path);
  const records: CellRecord[] = [];
  const seen = new Map<number, { line: number; identity: string }>();
  let duplicates = 0;
  let keepBytes = content.completeBytes;
  for (let k = 0; k < content.lines.length; k++) {
    let record: CellRecord;
    try {
      record = decodeCellRecord(content.lines[k]);
    } catch (e) {
      if (k === content.lines.length - 1 && e instanceof SyntaxError) {
        keepBytes = k > 0 ? content.ends[k - 1] : 0;
        break;
      }
      throw new InputError(
        `${path}:${k + 1}`,
        e instanceof SyntaxError
          ? 'corrupt results line (not JSON); it is not the last line, so it was not cut by a kill'
          : `corrupt results line (${(e as Error).message}); was the log edited?`,
      );
    }
    if (record.specHash !== specHash)
      throw new InputError(
        `${path}:${k + 1}`,
        `cell ${record.index} belongs to another sweep (spec hash ${record.specHash.slice(0, 12)}…)`,
      );
    const expected = ids?.get(record.index);
    if (ids && expected !== record.id)
      throw new InputError(
        `${path}:${k + 1}`,
        expected === undefined
          ? `cell ${record.index} does not belong to this shard`
          : `cell ${record.index} has id ${record.id}, but the spec's cell ${record.index} has id ${expected}`,
      );
    const identity = recordIdentity(record);
    const earlier = seen.get(record.index);
    if (earlier) {
      if (earlier.identity !== identity)
        throw new InputError(
          `${path}:${k + 1}`,
          `cell ${record.index} appears twice with different results (lines ${earlier.line} and ${k + 1})`,
        );
      duplicates++;
      continue;
    }
    seen.set(record.index, { line: k + 1, identity });
    records.push(record);
  }
  return { records, keepBytes, cutBytes: content.completeBytes + content.tornBytes - keepBytes, duplicates };
}

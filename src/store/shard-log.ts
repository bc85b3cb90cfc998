import { InputError } from '../errors.js';
import { type CellRecord, decodeCellRecord } from './cell-record.js';
import { readJsonl } from './jsonl.js';

/** The completed cells found in a shard's log. */
export interface ShardLogContent {
  /** Records in file order. */
  readonly records: CellRecord[];
  /** Bytes of the file to keep: everything up to the last parseable complete line. */
  readonly keepBytes: number;
  /** Bytes that resume cuts off: a torn last line, or a last line that does not parse. */
  readonly cutBytes: number;
}

/**
 * Reads a shard log and checks it: every record belongs to the sweep `specHash`, no cell appears twice, and (when
 * `ids` maps cell index → cell id) each record's cell id is the expected one. A torn or unparseable **last** line is
 * reported in `cutBytes` (resume cuts it off); an unparseable line before the last is corruption and throws.
 */
export function readShardLog(path: string, specHash: string, ids?: ReadonlyMap<number, string>): ShardLogContent {
  const content = readJsonl(path);
  const records: CellRecord[] = [];
  const seen = new Set<number>();
  let keepBytes = content.completeBytes;
  for (let k = 0; k < content.lines.length; k++) {
    let record: CellRecord;
    try {
      record = decodeCellRecord(content.lines[k]);
    } catch (e) {
      if (k === content.lines.length - 1) {
        keepBytes = k > 0 ? content.ends[k - 1] : 0;
        break;
      }
      throw new InputError(
        `${path}:${k + 1}`,
        `corrupt results line (${(e as Error).message}); it is not the last line, so it was not cut by a kill`,
      );
    }
    if (record.specHash !== specHash)
      throw new InputError(
        `${path}:${k + 1}`,
        `cell ${record.index} belongs to another sweep (spec hash ${record.specHash.slice(0, 12)}…)`,
      );
    if (seen.has(record.index)) throw new InputError(`${path}:${k + 1}`, `cell ${record.index} appears twice`);
    const expected = ids?.get(record.index);
    if (ids && expected !== record.id)
      throw new InputError(
        `${path}:${k + 1}`,
        expected === undefined
          ? `cell ${record.index} does not belong to this shard`
          : `cell ${record.index} has id ${record.id}, but the spec's cell ${record.index} has id ${expected}`,
      );
    seen.add(record.index);
    records.push(record);
  }
  return { records, keepBytes, cutBytes: content.completeBytes + content.tornBytes - keepBytes };
}

import { canonicalJson } from '../spec/canonical.js';
import { type CellRecord, decodeCellRecord } from './cell-record.js';
import { type RecordLogContent, type RecordLogFormat, readRecordLog } from './record-log.js';

/** The completed cells found in a shard's log. */
export type ShardLogContent = RecordLogContent<CellRecord>;

/**
 * What must agree for two records of one cell to count as the same result: everything except when and how fast it
 * ran (`seconds`, `finishedAt`) and the machine's wording of the backend (its kind must agree).
 */
export function recordIdentity(record: CellRecord): string {
  const { seconds: _s, finishedAt: _f, backend, ...rest } = record;
  return canonicalJson({ ...rest, backend: backend.kind });
}

/** Reads a trial shard log and checks it (store/record-log.ts: well-formed, this sweep, this shard, each cell once). */
export function readShardLog(path: string, specHash: string, ids?: ReadonlyMap<number, string>): ShardLogContent {
  return readRecordLog(path, specHash, ids, CELL_LOG);
}

const CELL_LOG: RecordLogFormat<CellRecord> = {
  decode: decodeCellRecord,
  key: (record) => String(record.index),
  identity: (record) => recordIdentity(record),
  describe: (record) => `cell ${record.index}`,
  noun: 'cell',
};

import { listShards, shardLogPath } from './layout.js';
import { type RecordLogContent, type RecordLogFormat, readRecordLog } from './record-log.js';
import { decodeTrainRecord, type TrainRecord } from './train-record.js';

/** The records found in a training shard log. */
export type TrainLogContent = RecordLogContent<TrainRecord>;

/** The key of one unit of work in a training log: run index and `schemes` entry. */
export function trainUnitKey(index: number, schemeIndex: number): string {
  return `${index}/${schemeIndex}`;
}

/**
 * Reads a training shard log and checks it like a trial log (store/record-log.ts): every record belongs to the sweep
 * `specHash` and, when `ids` is given, to the shard with the expected run id; a (run, scheme) unit appears once (an
 * identical repeat — a write retried after a crash — is tolerated and dropped; results equal apart from the wall
 * times). A torn last line is left to resume to cut; any other bad line is corruption (InputError).
 */
export function readTrainShardLog(path: string, specHash: string, ids?: ReadonlyMap<number, string>): TrainLogContent {
  return readRecordLog(path, specHash, ids, TRAIN_LOG);
}

const TRAIN_LOG: RecordLogFormat<TrainRecord> = {
  decode: decodeTrainRecord,
  key: (record) => trainUnitKey(record.index, record.schemeIndex),
  identity: (_record, line) => stripTimes(line),
  describe: (record) => `run ${record.index}, scheme ${record.schemeIndex}`,
  noun: 'run',
};

/** A record line without its wall-clock fields, to compare two writes of the same result. */
function stripTimes(line: string): string {
  const { seconds: _s, finishedAt: _f, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** Every training record of a results directory's shard logs (checked against the spec hash). */
export function collectTrainRecords(dir: string, specHash: string): { path: string; records: TrainRecord[] }[] {
  return listShards(dir).map((shard) => {
    const path = shardLogPath(dir, shard);
    return { path, records: readTrainShardLog(path, specHash).records };
  });
}

import { InputError } from '../errors.js';
import { readJsonl } from './jsonl.js';
import { listShards, shardLogPath } from './layout.js';
import { decodeTrainRecord, type TrainRecord } from './train-record.js';

/** The records found in a training shard log. */
export interface TrainLogContent {
  readonly records: TrainRecord[];
  /** Bytes to keep: up to the last parseable complete line (resume cuts the rest). */
  readonly keepBytes: number;
}

/** The key of one unit of work in a training log: run index and `schemes` entry. */
export function trainUnitKey(index: number, schemeIndex: number): string {
  return `${index}/${schemeIndex}`;
}

/**
 * Reads a training shard log and checks it like a trial log (store/shard-log.ts): every record belongs to the sweep
 * `specHash` and, when `ids` is given, to the shard with the expected run id; a (run, scheme) unit appears once (an
 * identical repeat of the last line — a write retried after a crash — is tolerated and dropped). A torn or
 * unparseable last line is left to resume to cut; an unparseable line before it is corruption (InputError).
 */
export function readTrainShardLog(path: string, specHash: string, ids?: ReadonlyMap<number, string>): TrainLogContent {
  const content = readJsonl(path);
  const records: TrainRecord[] = [];
  const seen = new Map<string, string>();
  let keepBytes = content.completeBytes;
  for (let k = 0; k < content.lines.length; k++) {
    let record: TrainRecord;
    try {
      record = decodeTrainRecord(content.lines[k]);
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
        `run ${record.index} belongs to another sweep (spec hash ${record.specHash.slice(0, 12)}…)`,
      );
    const expected = ids?.get(record.index);
    if (ids && expected !== record.id)
      throw new InputError(
        `${path}:${k + 1}`,
        expected === undefined
          ? `run ${record.index} does not belong to this shard`
          : `run ${record.index} has id ${record.id}, but the spec's run ${record.index} has id ${expected}`,
      );
    const key = trainUnitKey(record.index, record.schemeIndex);
    const previous = seen.get(key);
    if (previous !== undefined) {
      if (previous === stripTimes(content.lines[k])) continue;
      throw new InputError(
        `${path}:${k + 1}`,
        `run ${record.index}, scheme ${record.schemeIndex} appears twice with different results`,
      );
    }
    seen.set(key, stripTimes(content.lines[k]));
    records.push(record);
  }
  return { records, keepBytes };
}

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

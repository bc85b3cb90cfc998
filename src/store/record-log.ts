import { InputError } from '../errors.js';
import { readJsonl } from './jsonl.js';

/** The records found in a shard log (trial cells or training runs). */
export interface RecordLogContent<R> {
  /** Records in file order (an identical repeat of a unit is listed once). */
  readonly records: R[];
  /** Bytes of the file to keep: everything up to the last parseable complete line. */
  readonly keepBytes: number;
  /** Bytes that resume cuts off: a torn last line, or a last line that is not JSON. */
  readonly cutBytes: number;
  /** Lines that repeated an earlier record of the same unit with identical results (tolerated, skipped). */
  readonly duplicates: number;
}

/** What a log reader needs to know about its record type. */
export interface RecordLogFormat<R extends { readonly index: number; readonly id: string; readonly specHash: string }> {
  /** Parses one line; a line that is not JSON throws SyntaxError, JSON that is not a record another Error. */
  readonly decode: (line: string) => R;
  /** The unit a record completes (a cell index; a run and scheme), which appears once per log. */
  readonly key: (record: R) => string;
  /** What must agree for two records of one unit to count as the same result (not when or how fast they ran). */
  readonly identity: (record: R, line: string) => string;
  /** How messages name the unit: `cell 3`, `run 3, scheme 1`; and a bare index: `cell`, `run`. */
  readonly describe: (record: R) => string;
  readonly noun: string;
}

/**
 * Reads a shard log and checks it: every record is well-formed (file:line named otherwise), belongs to the sweep
 * `specHash`, and (when `ids` maps index → id) has the expected id. A unit logged twice with identical results (a
 * SLURM task that ran twice, a write retried after a crash) is tolerated and counted once; twice with different
 * results is refused. A last line that is not JSON (torn by a kill) is reported in `cutBytes` (resume cuts it off); a
 * bad line before the last, or a last line that is JSON but not a record (edited by hand), is an InputError.
 */
export function readRecordLog<R extends { readonly index: number; readonly id: string; readonly specHash: string }>(
  path: string,
  specHash: string,
  ids: ReadonlyMap<number, string> | undefined,
  format: RecordLogFormat<R>,
): RecordLogContent<R> {
  const content = readJsonl(path);
  const records: R[] = [];
  const seen = new Map<string, { line: number; identity: string }>();
  let duplicates = 0;
  let keepBytes = content.completeBytes;
  for (let k = 0; k < content.lines.length; k++) {
    let record: R;
    try {
      record = format.decode(content.lines[k]);
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
    const noun = `${format.noun} ${record.index}`;
    if (record.specHash !== specHash)
      throw new InputError(
        `${path}:${k + 1}`,
        `${noun} belongs to another sweep (spec hash ${record.specHash.slice(0, 12)}…)`,
      );
    const expected = ids?.get(record.index);
    if (ids && expected !== record.id)
      throw new InputError(
        `${path}:${k + 1}`,
        expected === undefined
          ? `${noun} does not belong to this shard`
          : `${noun} has id ${record.id}, but the spec's ${noun} has id ${expected}`,
      );
    const identity = format.identity(record, content.lines[k]);
    const key = format.key(record);
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.identity !== identity)
        throw new InputError(
          `${path}:${k + 1}`,
          `${format.describe(record)} appears twice with different results (lines ${earlier.line} and ${k + 1})`,
        );
      duplicates++;
      continue;
    }
    seen.set(key, { line: k + 1, identity });
    records.push(record);
  }
  return { records, keepBytes, cutBytes: content.completeBytes + content.tornBytes - keepBytes, duplicates };
}

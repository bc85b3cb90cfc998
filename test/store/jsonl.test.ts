import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { type CellRecord, decodeCellRecord, encodeCellRecord } from '../../src/store/cell-record.js';
import { AppendLog, readJsonl } from '../../src/store/jsonl.js';
import { readShardLog } from '../../src/store/shard-log.js';
import { tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('jsonl');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeRecord(index: number, specHash = 'h'): CellRecord {
  const summary = {
    n: 3,
    mean: 1,
    std: 0.5,
    se: 0.3,
    ciLo: Number.NaN,
    ciHi: Number.POSITIVE_INFINITY,
    min: 0,
    max: 2,
  };
  return {
    v: 1,
    specHash,
    index,
    id: `id${index}`,
    origin: 'defaults',
    axes: { 'code.N': 6 },
    label: null,
    scheme: 's',
    code: 'frc:N=6,s=1',
    codeFamily: 'frc',
    codeParams: { N: 6, s: 1 },
    N: 6,
    m: 6,
    parts: 1,
    protocol: 'partial',
    decoder: null,
    order: 'natural',
    collect: null,
    stragglers: {},
    seed: '1',
    stream: 3,
    normalize: true,
    trialsPlanned: 3,
    stats: {
      trials: 3,
      censored: 1,
      completion: {
        ...summary,
        p50: 1,
        p90: Number.POSITIVE_INFINITY,
        p99: Number.NEGATIVE_INFINITY,
        quantilesExact: true,
      },
      done: summary,
      wasted: summary,
      errors: [{ T: Number.POSITIVE_INFINITY, error: summary, decodable: 0.5, decodableLo: 0.1, decodableHi: 0.9 }],
      errorScale: 6,
    },
    stoppedEarly: false,
    backend: { kind: 'cpu', description: 'cpu' },
    seconds: 0.1,
    finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('cell records', () => {
  it('round-trip through one JSON line, NaN and ±∞ included', () => {
    const r = fakeRecord(4);
    const line = encodeCellRecord(r);
    expect(line).not.toContain('\n');
    expect(line).toContain('"ciLo":"NaN"');
    expect(line).toContain('"p99":"-Infinity"');
    const back = decodeCellRecord(line);
    expect(back).toEqual(r);
    expect(back.stats.errors[0].T).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(back.stats.done.ciLo)).toBe(true);
  });

  it('reject non-records, naming the field', () => {
    expect(() => decodeCellRecord('{"a":1}')).toThrow(/not a cell record/);
    expect(() => decodeCellRecord('{"index":1,"id":')).toThrow(SyntaxError);
    const banana = encodeCellRecord(fakeRecord(1)).replace('"mean":1', '"mean":"banana"');
    expect(() => decodeCellRecord(banana)).toThrow(/not a cell record: stats\.completion\.mean: .*number/);
    const proto = encodeCellRecord(fakeRecord(1)).replace('"axes":{', '"axes":{"__proto__":{"x":1},');
    expect(() => decodeCellRecord(proto)).toThrow(/not a cell record: "__proto__" cannot be a key at axes/);
  });
});

describe('AppendLog', () => {
  it('appends fsynced lines and cuts a torn last line on open', () => {
    const path = join(dir, 'a.jsonl');
    const log = AppendLog.open(path);
    log.append('{"x":1}');
    log.append('{"x":2}');
    log.close();
    appendFileSync(path, '{"x":3, "torn');
    const before = readJsonl(path);
    expect(before.lines).toEqual(['{"x":1}', '{"x":2}']);
    expect(before.tornBytes).toBe(Buffer.byteLength('{"x":3, "torn'));
    const again = AppendLog.open(path);
    expect(readFileSync(path, 'utf8')).toBe('{"x":1}\n{"x":2}\n');
    again.append('{"x":3}');
    again.close();
    expect(readFileSync(path, 'utf8')).toBe('{"x":1}\n{"x":2}\n{"x":3}\n');
    expect(() => again.append('{}')).toThrow(/closed/);
  });

  it('keepBytes cuts further back (an unparseable last line)', () => {
    const path = join(dir, 'b.jsonl');
    writeFileSync(path, 'one\ntwo\n');
    const content = readJsonl(path);
    expect(content.ends).toEqual([4, 8]);
    AppendLog.open(path, content.ends[0]).close();
    expect(statSync(path).size).toBe(4);
  });
});

describe('readShardLog', () => {
  const lines = (...records: CellRecord[]) => records.map((r) => `${encodeCellRecord(r)}\n`).join('');

  it('returns the records and how much of the file to keep', () => {
    const path = join(dir, 'c.jsonl');
    writeFileSync(path, `${lines(fakeRecord(0), fakeRecord(2))}{"index": 4, "id": "id4", "trunc`);
    const r = readShardLog(
      path,
      'h',
      new Map([
        [0, 'id0'],
        [2, 'id2'],
        [4, 'id4'],
      ]),
    );
    expect(r.records.map((x) => x.index)).toEqual([0, 2]);
    expect(r.keepBytes).toBe(Buffer.byteLength(lines(fakeRecord(0), fakeRecord(2))));
    expect(r.cutBytes).toBeGreaterThan(0);
  });

  it('refuses a last line that is JSON but not a record (edited, not torn)', () => {
    const path = join(dir, 'f.jsonl');
    writeFileSync(
      path,
      `${lines(fakeRecord(0))}${encodeCellRecord(fakeRecord(1)).replace('"trials":3', '"trials":-3')}\n`,
    );
    expect(() => readShardLog(path, 'h')).toThrow(
      /f\.jsonl:2: corrupt results line \(not a cell record: stats\.trials/,
    );
  });

  it('drops a complete but unparseable last line, and refuses one in the middle', () => {
    const path = join(dir, 'd.jsonl');
    writeFileSync(path, `${lines(fakeRecord(0))}{"garbage"\n`);
    const r = readShardLog(path, 'h');
    expect(r.records.length).toBe(1);
    expect(r.keepBytes).toBe(Buffer.byteLength(lines(fakeRecord(0))));
    writeFileSync(path, `{"garbage"\n${lines(fakeRecord(0))}`);
    expect(() => readShardLog(path, 'h')).toThrow(/d\.jsonl:1: corrupt results line/);
  });

  it('refuses records of another sweep, duplicates and wrong cell ids', () => {
    const path = join(dir, 'e.jsonl');
    writeFileSync(path, lines(fakeRecord(0, 'other')));
    expect(() => readShardLog(path, 'h')).toThrow(InputError);
    writeFileSync(path, lines(fakeRecord(0), { ...fakeRecord(0), seconds: 9, finishedAt: '2027-01-01T00:00:00Z' }));
    const twice = readShardLog(path, 'h');
    expect([twice.records.length, twice.duplicates]).toEqual([1, 1]);
    const other = fakeRecord(0);
    writeFileSync(path, lines(fakeRecord(0), { ...other, stats: { ...other.stats, trials: 4 } }));
    expect(() => readShardLog(path, 'h')).toThrow(/cell 0 appears twice with different results \(lines 1 and 2\)/);
    writeFileSync(path, lines(fakeRecord(1)));
    expect(() => readShardLog(path, 'h', new Map([[1, 'different']]))).toThrow(/has id id1/);
    expect(() => readShardLog(path, 'h', new Map([[0, 'id0']]))).toThrow(/does not belong to this shard/);
  });
});

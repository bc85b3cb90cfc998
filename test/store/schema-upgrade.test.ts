/**
 * Results directories written before issue 14 (schema 1: `axis.<path>` columns, JSON columns encoded twice) still
 * load: their rows are upgraded in memory to exactly what the current code builds from the same JSON Lines records.
 * The fixture was written by gradcode at commit 2db4b42 (`gradcode run test/fixtures/specs/numeric-axes.json
 * --backend cpu`).
 */
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { decodeCellRecord } from '../../src/store/cell-record.js';
import { readJsonl } from '../../src/store/jsonl.js';
import { resultsFile, shardLogPath } from '../../src/store/layout.js';
import { loadResults } from '../../src/store/load-results.js';
import { readParquetMetadata } from '../../src/store/parquet.js';
import { readResolvedSpec } from '../../src/store/resolved-spec.js';
import { WHOLE_SWEEP } from '../../src/store/shard.js';
import { resultsTables, sweepAxes } from '../../src/store/tidy-rows.js';
import { root, tempDir } from '../sweep/cli-helpers.js';

const fixture = join(root, 'test/fixtures/stored-results/schema1-numeric-axes');
const scratch = tempDir('schema');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('schema-1 results directories', () => {
  it('are schema 1 on disk (axis.<path> columns)', () => {
    expect(readParquetMetadata(resultsFile(fixture, 'cells'))['gradcode.schema']).toBe('1');
  });

  it('load with the current columns, equal to the rows the current code builds from their logs', async () => {
    const loaded = await loadResults(fixture);
    expect(loaded.schema).toBe('1');
    expect(loaded.from).toBe('parquet');
    const records = readJsonl(shardLogPath(fixture, WHOLE_SWEEP)).lines.map(decodeCellRecord);
    const expected = resultsTables(records, sweepAxes(readResolvedSpec(fixture).cells));
    expect(loaded.cells).toEqual(expected.cells.rows);
    expect(loaded.curve).toEqual(expected.curve.rows);
    expect(loaded.cells.map((r) => r.code_N)).toEqual([6, 6, 8, 8]);
    expect(JSON.parse(loaded.cells[0].axes as string)).toEqual({
      'code.N': 6,
      'stragglers.failures.p': 0,
      normalize: true,
    });
    expect(loaded.axes.map((a) => a.column)).toEqual(['code_N', 'stragglers_failures_p', 'axis_normalize']);
  });

  it('a table from an unknown schema is refused, naming the file and its version', async () => {
    const dir = join(scratch, 'future');
    cpSync(fixture, dir, { recursive: true });
    const bytes = parquetWriteBuffer({
      columnData: [{ name: 'cell', type: 'INT32', data: [0] }],
      kvMetadata: [{ key: 'gradcode.schema', value: '9' }],
    });
    writeFileSync(resultsFile(dir, 'cells'), new Uint8Array(bytes));
    const error = await loadResults(dir).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(resultsFile(dir, 'cells'));
    expect((error as InputError).message).toMatch(/results schema 9/);
  });
});

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { decodeCellRecord } from '../../src/store/cell-record.js';
import { CELL_COLUMNS, CURVE_COLUMNS } from '../../src/store/columns.js';
import { readJsonl } from '../../src/store/jsonl.js';
import { resultsFile, shardLogPath } from '../../src/store/layout.js';
import { loadResults } from '../../src/store/load-results.js';
import { readParquetMetadata, readParquetRows } from '../../src/store/parquet.js';
import { readResolvedSpec } from '../../src/store/resolved-spec.js';
import { WHOLE_SWEEP } from '../../src/store/shard.js';
import { resultsTables, sweepAxes } from '../../src/store/tidy-rows.js';
import { planCells } from '../../src/sweep/plan.js';
import { runSweep, type SweepOutcome } from '../../src/sweep/run-sweep.js';
import { CpuTrialExecutor } from '../../src/trials/cpu-executor.js';
import { root, specs, tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('parquet');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runSpec(file: string, out: string): Promise<SweepOutcome> {
  const loaded = loadSpecFile(join(specs, file));
  return runSweep({
    dir: out,
    loaded,
    shard: WHOLE_SWEEP,
    planned: planCells(loaded),
    executor: new CpuTrialExecutor(),
    backendOptions: { backend: 'cpu', adapter: null },
  });
}

describe('Parquet tables read back with hyparquet equal the JSON Lines records', () => {
  let tiny: SweepOutcome;
  let axes: SweepOutcome;
  beforeAll(async () => {
    tiny = await runSpec('tiny.yaml', join(dir, 'tiny'));
    axes = await runSpec('numeric-axes.json', join(dir, 'axes'));
  });

  for (const which of ['tiny', 'axes'] as const) {
    it(`${which}: every row and value, NaN → null, ∞ kept, INT64 → number`, async () => {
      const out = which === 'tiny' ? tiny : axes;
      const records = readJsonl(shardLogPath(out.dir, WHOLE_SWEEP)).lines.map(decodeCellRecord);
      expect(records.length).toBe(out.records.length);
      const spec = readResolvedSpec(out.dir);
      const expected = resultsTables(records, sweepAxes(spec.cells));
      const cells = await readParquetRows(resultsFile(out.dir, 'cells'));
      const curve = await readParquetRows(resultsFile(out.dir, 'curve'));
      expect(cells).toEqual(expected.cells.rows);
      expect(curve).toEqual(expected.curve.rows);
      expect(cells.map((r) => r.cell)).toEqual(spec.cells.map((c) => c.index));
      expect(curve.length).toBe(records.reduce((s, r) => s + r.stats.errors.length, 0));
      // Spot checks against the records themselves, not only the shared row builder.
      for (const r of records) {
        const row = cells[r.index];
        expect(row.cell_id).toBe(r.id);
        expect(row.trials).toBe(r.stats.trials);
        expect(row.censored).toBe(r.stats.censored);
        expect(row.completion_mean).toBe(r.stats.completion.mean);
        expect(row.completion_p99).toBe(r.stats.completion.p99);
        expect(JSON.parse(row.axes as string)).toEqual(r.axes);
        const points = curve.filter((c) => c.cell === r.index);
        expect(points.map((p) => p.T)).toEqual(r.stats.errors.map((e) => e.T));
        expect(points.map((p) => p.error_mean)).toEqual(r.stats.errors.map((e) => e.error.mean));
        expect(points.map((p) => p.decodable)).toEqual(r.stats.errors.map((e) => e.decodable));
      }
    });
  }

  it('keeps infinite quantiles and infinite grid times as Infinity', async () => {
    const cells = await readParquetRows(resultsFile(tiny.dir, 'cells'));
    expect(cells.some((r) => r.completion_p99 === Number.POSITIVE_INFINITY)).toBe(true);
    const curve = await readParquetRows(resultsFile(axes.dir, 'curve'));
    expect(curve.filter((r) => r.T === Number.POSITIVE_INFINITY).length).toBe(4);
  });

  it('types axis columns from their values and names every column as documented', async () => {
    const bytes = readFileSync(resultsFile(axes.dir, 'cells'));
    const schema = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    ).schema;
    const byName = new Map(schema.map((s) => [s.name, s]));
    // Plain names (a name of a fixed column, `normalize` here, gets the prefix axis_); integers as INT32.
    expect(byName.get('code_N')?.type).toBe('INT32');
    expect(byName.get('stragglers_failures_p')?.type).toBe('DOUBLE');
    expect(byName.get('axis_normalize')?.type).toBe('BOOLEAN');
    expect(byName.get('axes')?.converted_type).toBe('JSON');
    expect(byName.get('trials')?.type).toBe('INT64');
    expect(byName.get('cell')?.repetition_type).toBe('REQUIRED');
    const cells = await readParquetRows(resultsFile(axes.dir, 'cells'));
    expect(cells.map((r) => r.code_N)).toEqual([6, 6, 8, 8]);
    expect(cells.map((r) => r.axis_normalize)).toEqual([true, false, true, false]);
    const tinyCells = await readParquetRows(resultsFile(tiny.dir, 'cells'));
    expect(tinyCells.map((r) => r.axis_code)).toEqual([
      'cyclic:N=6,s=2',
      'frc:N=6,s=1',
      'cyclic:N=6,s=2',
      'frc:N=6,s=1',
      'cyclic:N=6,s=2',
      'frc:N=6,s=1',
    ]);
    const doc = readFileSync(join(root, 'docs/results-schema.md'), 'utf8');
    for (const c of [...CELL_COLUMNS, ...CURVE_COLUMNS]) expect(doc).toContain(`\`${c.name}\``);
  });

  it('stores the spec hash and table name in the footer, and no wall-clock time in the tables', async () => {
    const meta = readParquetMetadata(resultsFile(tiny.dir, 'curve'));
    expect(meta['gradcode.table']).toBe('curve');
    expect(meta['gradcode.spec_hash']).toBe(readResolvedSpec(tiny.dir).specHash);
    const columns = Object.keys((await readParquetRows(resultsFile(tiny.dir, 'cells')))[0]);
    expect(columns.some((c) => /second|time_|finished|started/.test(c))).toBe(false);
  });

  it('loadResults returns the same tidy rows from Parquet as from the shard logs', async () => {
    const fromParquet = await loadResults(tiny.dir);
    expect(fromParquet.from).toBe('parquet');
    expect(fromParquet.complete).toBe(true);
    expect(fromParquet.plots).toEqual([{ template: 'error-vs-time', table: 'curve', y: 'error_mean' }]);
    expect(fromParquet.provenance?.status).toBe('complete');
    rmSync(resultsFile(tiny.dir, 'cells'));
    const fromLogs = await loadResults(tiny.dir);
    expect(fromLogs.from).toBe('jsonl');
    expect(fromLogs.cells).toEqual(fromParquet.cells);
    expect(fromLogs.curve).toEqual(fromParquet.curve);
  });
});

/**
 * The results tables read by a real engine (DuckDB's Node package), not by our own reader: every column has its
 * natural type, sweep axes are plain typed columns, and the JSON columns are JSON objects (encoded once), so JSON
 * paths work (issue 14).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { resultsFile } from '../../src/store/layout.js';
import { WHOLE_SWEEP } from '../../src/store/shard.js';
import { planCells } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { CpuTrialExecutor } from '../../src/trials/cpu-executor.js';
import { specs, tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = Record<string, unknown>;

async function query(sql: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Row[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function columnTypes(path: string): Promise<Map<string, string>> {
  const rows = await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  return new Map(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}

describe('DuckDB reads the results tables with natural types', () => {
  let cells: string;
  let curve: string;
  beforeAll(async () => {
    const loaded = loadSpecFile(join(specs, 'three-axes.yaml'));
    const out = join(dir, 'three');
    await runSweep({
      dir: out,
      loaded,
      shard: WHOLE_SWEEP,
      planned: planCells(loaded),
      executor: new CpuTrialExecutor(),
      backendOptions: { backend: 'cpu', adapter: null },
    });
    cells = resultsFile(out, 'cells');
    curve = resultsFile(out, 'curve');
  });

  it('types every column: axes as plain columns, integers, doubles, strings, flags and JSON', async () => {
    for (const path of [cells, curve]) {
      const types = await columnTypes(path);
      expect(types.get('axis_code')).toBe('VARCHAR');
      expect(types.get('axis_protocol')).toBe('VARCHAR');
      expect(types.get('stragglers_slow_factor')).toBe('INTEGER');
      expect(types.get('cell')).toBe('INTEGER');
      expect(types.get('N')).toBe('INTEGER');
      expect(types.get('backend')).toBe('VARCHAR');
      expect(types.get('error_floor')).toBe('DOUBLE');
      expect([...types.keys()].some((c) => c.includes('.'))).toBe(false);
    }
    const types = await columnTypes(cells);
    expect(types.get('trials')).toBe('BIGINT');
    expect(types.get('completion_mean')).toBe('DOUBLE');
    expect(types.get('stopped_early')).toBe('BOOLEAN');
    for (const c of ['axes', 'code_params', 'stragglers']) expect(types.get(c)).toBe('JSON');
    const curveTypes = await columnTypes(curve);
    expect(curveTypes.get('T')).toBe('DOUBLE');
    expect(curveTypes.get('error_mean')).toBe('DOUBLE');
  });

  it('reads the JSON columns as objects: json_type, JSON paths and unquoted axis columns agree', async () => {
    const rows = await query(
      `SELECT cell, json_type(axes) AS kind, axes->>'$."stragglers.slow.factor"' AS factor_text,
              CAST(axes->'$."stragglers.slow.factor"' AS INTEGER) AS factor, stragglers_slow_factor,
              axes->>'$.protocol' AS protocol_text, axis_protocol, protocol,
              stragglers->'$.slow'->>'$.fraction' AS fraction, code_params->>'$.N' AS n_text, N
       FROM read_parquet('${cells}') ORDER BY cell`,
    );
    expect(rows.length).toBe(8);
    for (const r of rows) {
      expect(r.kind).toBe('OBJECT');
      expect(r.factor_text).not.toBeNull();
      expect(r.factor).toBe(r.stragglers_slow_factor);
      expect(r.protocol_text).toBe(r.axis_protocol);
      expect(r.axis_protocol).toBe(r.protocol);
      expect(r.fraction).toBe('0.25');
      expect(Number(r.n_text)).toBe(r.N);
    }
    expect(rows.map((r) => r.stragglers_slow_factor)).toEqual([2, 8, 2, 8, 2, 8, 2, 8]);
    expect(rows.map((r) => r.axis_protocol)).toEqual([
      'original',
      'original',
      'partial',
      'partial',
      'original',
      'original',
      'partial',
      'partial',
    ]);
  });

  it('filters and groups by axis columns without quoting', async () => {
    const rows = await query(
      `SELECT axis_protocol, count(*) AS n, avg(completion_mean) AS mean FROM read_parquet('${cells}')
       WHERE stragglers_slow_factor = 8 GROUP BY axis_protocol ORDER BY axis_protocol`,
    );
    expect(rows.map((r) => [r.axis_protocol, Number(r.n)])).toEqual([
      ['original', 2],
      ['partial', 2],
    ]);
    const curveRows = await query(
      `SELECT count(*) AS n FROM read_parquet('${curve}') WHERE stragglers_slow_factor = 2 AND T > 1`,
    );
    expect(Number(curveRows[0].n)).toBe(4 * 7);
  });
});

/**
 * Training in the same house as trials (issue 14): `gradcode train` writes a results directory (spec copies,
 * provenance, JSON Lines log, train.parquet and schemes.parquet, figures); its convergence figure overlays the
 * requested bound dashed and named; a kill -9 during the run and `gradcode resume` give byte-identical tables; a
 * training sweep shards and merges like a trial sweep; `gradcode plot` works on it; DuckDB reads its tables.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonl } from '../../src/store/jsonl.js';
import { resultsFile } from '../../src/store/layout.js';
import { countMarks, svgTexts } from '../helpers/svg-marks.js';
import { inProcess, requireBuiltCli, root, runBin, startBin, tempDir, waitFor } from '../sweep/cli-helpers.js';

const dir = tempDir('train-results');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const example = join(root, 'examples/train/least-squares.yaml');
const SMALL = ['--runs', '24', '--iterations', '40', '--backend', 'cpu', '--progress', 'none'];

function sameBytes(a: string, b: string, file: 'train' | 'schemes'): void {
  expect(readFileSync(resultsFile(b, file)).equals(readFileSync(resultsFile(a, file))), `${file}.parquet`).toBe(true);
}

describe('gradcode train writes a results directory', () => {
  const out = join(dir, 'ls');

  it('with spec copies, provenance, a log, both tables and figures; the convergence figure overlays Prop. VI.1', async () => {
    const r = await inProcess('train', example, ...SMALL, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('bound glasgow-wootters-vi1 (paper statement): holds everywhere (k = 0…40)');
    for (const f of ['spec.resolved.json', 'spec.source.yaml', 'provenance.json', 'train.parquet', 'schemes.parquet'])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(readJsonl(join(out, 'shards', '0-of-1.jsonl')).lines.length).toBe(2);
    expect(readdirSync(join(out, 'plots')).sort()).toEqual([
      'convergence.png',
      'convergence.svg',
      'gap-vs-time.png',
      'gap-vs-time.svg',
      'gradient-error.png',
      'gradient-error.svg',
    ]);
    const svg = readFileSync(join(out, 'plots', 'convergence.svg'), 'utf8');
    const texts = svgTexts(svg);
    expect(texts.some((t) => t.startsWith('Glasgow–Wootters Prop. VI.1'))).toBe(true);
    expect(texts).toContain('Iteration k');
    expect(texts.some((t) => t.startsWith('Distance'))).toBe(true);
    // Two schemes: a measured curve and a dashed bound each (and the dashed symbol of the line-style legend).
    expect(countMarks(svg, 'line')).toBe(4);
    expect((svg.match(/stroke-dasharray="5,2"/g) ?? []).length).toBe(3);
  }, 120_000);

  it('DuckDB reads the training tables with natural types, one row per scheme and iteration', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const described = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${resultsFile(out, 'train')}')`))
      .getRowObjectsJS()
      .map((r) => [r.column_name, r.column_type]);
    const types = new Map(described as [string, string][]);
    expect(types.get('k')).toBe('INTEGER');
    expect(types.get('distance_mean')).toBe('DOUBLE');
    expect(types.get('bound_glasgow_wootters_vi1')).toBe('DOUBLE');
    expect(types.get('bound_glasgow_wootters_vi1_holds')).toBe('BOOLEAN');
    const counts = (
      await c.runAndReadAll(
        `SELECT scheme, count(*) AS n, bool_and(bound_glasgow_wootters_vi1_holds) AS holds FROM read_parquet('${resultsFile(out, 'train')}') GROUP BY scheme ORDER BY scheme`,
      )
    ).getRowObjectsJS();
    expect(counts.map((r) => Number(r.n))).toEqual([41, 41]);
    expect(counts.every((r) => r.holds === true)).toBe(true);
    const schemes = (
      await c.runAndReadAll(
        `SELECT scheme, bound_glasgow_wootters_vi1_verdict AS verdict, mu, L_prime FROM read_parquet('${resultsFile(out, 'schemes')}')`,
      )
    ).getRowObjectsJS();
    expect(schemes.length).toBe(2);
    expect(String(schemes[0].verdict)).toMatch(/^holds everywhere/);
    c.closeSync();
    instance.closeSync();
  });

  it('gradcode plot draws any columns of it, and refuses merged schemes', async () => {
    const ok = await inProcess(
      'plot',
      out,
      ...['--x', 'k', '--y', 'gap_mean', '--color', 'scheme', '--format', 'svg', '--out', join(dir, 'gap')],
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('from train (82 rows');
    const merged = await inProcess('plot', out, '--x', 'k', '--y', 'gap_mean', '--format', 'svg');
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('Still varying: scheme');
  });
});

describe('kill -9 during a training run', () => {
  it('resume gives byte-identical tables', async () => {
    requireBuiltCli();
    // Three schemes, so that the kill lands after the first and before the last even on a loaded machine.
    const spec = join(dir, 'three-schemes.yaml');
    writeFileSync(
      spec,
      readFileSync(example, 'utf8').replace(
        'schemes:',
        'schemes:\n  - label: optimal decoding, full step\n    decoder: optimal\n    step: {rule: prop-vi1, factor: 1}',
      ),
    );
    const whole = join(dir, 'whole');
    const killed = join(dir, 'killed');
    const args = ['train', spec, '--runs', '64', '--iterations', '150', '--backend', 'cpu', '--progress', 'none'];
    expect(runBin([...args, '--out', whole]).code).toBe(0);
    const p = startBin([...args, '--out', killed]);
    const log = join(killed, 'shards', '0-of-1.jsonl');
    await waitFor(() => existsSync(log) && readJsonl(log).lines.length >= 1, 120_000, 'the first scheme');
    p.child.kill('SIGKILL');
    const end = await p.done;
    expect(end.signal).toBe('SIGKILL');
    const logged = readJsonl(log).lines.length;
    expect(logged).toBeGreaterThanOrEqual(1);
    expect(logged).toBeLessThan(3);
    expect(existsSync(resultsFile(killed, 'train'))).toBe(false);
    const resumed = runBin(['resume', killed, '--progress', 'none']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`3 scheme run(s) (${logged} completed earlier)`);
    sameBytes(whole, killed, 'train');
    sameBytes(whole, killed, 'schemes');
    const provenance = JSON.parse(readFileSync(resultsFile(killed, 'provenance'), 'utf8'));
    expect(provenance.shards[0].sessions.map((s: { status: string }) => s.status)).toEqual(['killed', 'complete']);
  }, 240_000);
});

describe('a training sweep', () => {
  const spec = join(dir, 'sweep.yaml');
  writeFileSync(
    spec,
    [
      'name: tiny-sweep',
      'seed: 2',
      'dataset: {kind: synthetic-least-squares, rows: 240, features: 4, condition: 3}',
      'iterations: 12',
      'runs: 8',
      'code: "cyclic:N=6,s=2"',
      'stragglers: {failures: {p: 0.2}}',
      'bounds: [glasgow-wootters-vi1]',
      'step: {rule: prop-vi1, factor: 0.5}',
      'schemes: [{label: optimal, decoder: optimal}, {label: fixed, decoder: fixed}]',
      'sweep: {grid: {stragglers.failures.p: [0.1, 0.3], step.factor: [0.25, 0.5]}}',
      '',
    ].join('\n'),
  );

  it('sets scheme keys in every scheme, runs each combination, and shards + merges byte-identically', async () => {
    const whole = join(dir, 'sweep-whole');
    const r = await inProcess('train', spec, '--backend', 'cpu', '--out', whole, '--progress', 'none');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('run 3: stragglers.failures.p = 0.3, step.factor = 0.5');
    const figures = readdirSync(join(whole, 'plots'));
    expect(figures).toContain('convergence.svg');
    const svg = readFileSync(join(whole, 'plots', 'convergence.svg'), 'utf8');
    // 4 runs × 2 schemes: 8 measured curves and 8 bounds, in a 2 × 2 grid of panels.
    expect(countMarks(svg, 'line')).toBe(16);
    const sharded = join(dir, 'sweep-sharded');
    for (const shard of ['0/2', '1/2']) {
      const s = await inProcess(
        'sweep',
        spec,
        '--out',
        sharded,
        '--shard',
        shard,
        '--backend',
        'cpu',
        '--progress',
        'none',
      );
      expect(s.code, s.stderr).toBe(0);
    }
    const merged = await inProcess('merge', sharded, '--out', sharded);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('merged 8 scheme runs from 2 shard log(s)');
    sameBytes(whole, sharded, 'train');
    sameBytes(whole, sharded, 'schemes');
  }, 120_000);

  it('refuses a bad axis before anything runs, naming it', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(spec, 'utf8').replace('step.factor', 'stepp.factor'));
    const r = await inProcess('train', bad, '--backend', 'cpu', '--out', join(dir, 'bad'), '--progress', 'none');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sweep.stepp.factor');
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    const zero = join(dir, 'zero.yaml');
    writeFileSync(zero, readFileSync(spec, 'utf8').replace('[0.25, 0.5]', '[0.25, 0]'));
    const z = await inProcess('train', zero, '--backend', 'cpu', '--out', join(dir, 'zero'), '--progress', 'none');
    expect(z.code).toBe(2);
    expect(z.stderr).toMatch(/step.*positive.*sweep cell 1/);
  });
});

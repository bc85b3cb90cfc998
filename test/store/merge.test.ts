import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { type LoadedSpec, loadSpecFile } from '../../src/spec/load-spec.js';
import { readJsonl } from '../../src/store/jsonl.js';
import { resultsFile, shardLogPath } from '../../src/store/layout.js';
import { mergeResults } from '../../src/store/merge.js';
import { type ResultsProvenance, readProvenance } from '../../src/store/provenance.js';
import { type Shard, WHOLE_SWEEP } from '../../src/store/shard.js';
import { checkStoredTables, readTablesOrWarn } from '../../src/store/table-check.js';
import { planCells } from '../../src/sweep/plan.js';
import { completedShard, finalizeShard, runSweep } from '../../src/sweep/run-sweep.js';
import { CpuTrialExecutor } from '../../src/trials/cpu-executor.js';
import { inProcess, specs, tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('merge');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(loaded: LoadedSpec, out: string, shard: Shard = WHOLE_SWEEP) {
  return runSweep({
    dir: out,
    loaded,
    shard,
    planned: planCells(loaded, shard),
    executor: new CpuTrialExecutor(),
    backendOptions: { backend: 'cpu', adapter: null },
  });
}

/** Awaits a promise expected to reject with an InputError; returns the error. */
async function badAsync(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('mergeResults', () => {
  const loaded = loadSpecFile(join(specs, 'tiny.yaml'));
  const whole = join(dir, 'whole');
  const sharded = join(dir, 'sharded');
  beforeAll(async () => {
    await run(loaded, whole);
    for (const index of [0, 1, 2, 3]) await run(loaded, sharded, { index, count: 4 });
  });

  it('4 shards merged in place give Parquet byte-identical to the unsharded run', async () => {
    const summary = await mergeResults([sharded], sharded);
    expect(summary.cells).toBe(6);
    expect(summary.logs.length).toBe(4);
    for (const table of ['cells', 'curve'] as const) {
      expect(readFileSync(resultsFile(sharded, table)).equals(readFileSync(resultsFile(whole, table)))).toBe(true);
    }
    const prov = readProvenance<ResultsProvenance>(resultsFile(sharded, 'provenance'))!;
    expect(prov.kind).toBe('merge');
    expect(prov.shards.map((s) => s.shard.index).sort()).toEqual([0, 1, 2, 3]);
    expect(prov.status).toBe('complete');
  });

  it('merges shards spread over several directories into a new one', async () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    for (const [d, shards] of [
      [a, [0, 2]],
      [b, [1, 3]],
    ] as const) {
      mkdirSync(join(d, 'shards'), { recursive: true });
      copyFileSync(resultsFile(sharded, 'resolvedSpec'), resultsFile(d, 'resolvedSpec'));
      for (const index of shards)
        copyFileSync(shardLogPath(sharded, { index, count: 4 }), shardLogPath(d, { index, count: 4 }));
    }
    const out = join(dir, 'ab');
    await mergeResults([a, b, a], out);
    expect(readFileSync(resultsFile(out, 'cells')).equals(readFileSync(resultsFile(whole, 'cells')))).toBe(true);
    expect(readFileSync(resultsFile(out, 'curve')).equals(readFileSync(resultsFile(whole, 'curve')))).toBe(true);
  });

  it('gradcode merge (CLI) writes the tables and draws the spec plots, and says where', async () => {
    const out = join(dir, 'cli-merged');
    const r = await inProcess('merge', sharded, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^merged 6 cells from 4 shard log\(s\)$/m);
    expect(r.stdout).toMatch(/^plots:\n {2}.*error-vs-time\.svg/m);
    expect(readFileSync(resultsFile(out, 'cells')).equals(readFileSync(resultsFile(whole, 'cells')))).toBe(true);
    expect(existsSync(join(out, 'plots', 'error-vs-time.png'))).toBe(true);
  });

  it('finishing a complete shard (resume after a kill past its last cell) cuts a torn line, same tables', async () => {
    const copy = join(dir, 'torn');
    mkdirSync(join(copy, 'shards'), { recursive: true });
    copyFileSync(resultsFile(whole, 'resolvedSpec'), resultsFile(copy, 'resolvedSpec'));
    copyFileSync(shardLogPath(whole, WHOLE_SWEEP), shardLogPath(copy, WHOLE_SWEEP));
    appendFileSync(shardLogPath(copy, WHOLE_SWEEP), '{"v":1,"specHash":"');
    const planned = planCells(loaded);
    const records = completedShard(copy, loaded, WHOLE_SWEEP, planned)!;
    expect(records.length).toBe(6);
    await finalizeShard(copy, loaded, WHOLE_SWEEP, records);
    expect(readJsonl(shardLogPath(copy, WHOLE_SWEEP)).tornBytes).toBe(0);
    expect(readFileSync(resultsFile(copy, 'curve')).equals(readFileSync(resultsFile(whole, 'curve')))).toBe(true);
  });

  it('refuses missing cells, naming them and their shards', async () => {
    const partial = join(dir, 'partial');
    mkdirSync(join(partial, 'shards'), { recursive: true });
    copyFileSync(resultsFile(sharded, 'resolvedSpec'), resultsFile(partial, 'resolvedSpec'));
    for (const index of [0, 1, 3])
      copyFileSync(shardLogPath(sharded, { index, count: 4 }), shardLogPath(partial, { index, count: 4 }));
    const e = await badAsync(mergeResults([partial], join(dir, 'never')));
    expect(e.message).toMatch(/1 of 6 cells are missing \(cells 2, of shard\(s\) 2\/4\)/);
  });

  it('merges overlapping shards with identical results once, and refuses overlaps with different results', async () => {
    const both = join(dir, 'both');
    await mergeResults([whole, sharded], both);
    expect(readFileSync(resultsFile(both, 'cells')).equals(readFileSync(resultsFile(whole, 'cells')))).toBe(true);
    const edited = join(dir, 'edited');
    mkdirSync(join(edited, 'shards'), { recursive: true });
    copyFileSync(resultsFile(sharded, 'resolvedSpec'), resultsFile(edited, 'resolvedSpec'));
    const shard = { index: 1, count: 4 };
    const line = readFileSync(shardLogPath(sharded, shard), 'utf8').replace(
      /"trials":(\d+),"censored"/,
      (_m, t) => `"trials":${Number(t) + 1},"censored"`,
    );
    writeFileSync(shardLogPath(edited, shard), line);
    const e = await badAsync(mergeResults([whole, edited], join(dir, 'never')));
    expect(e.message).toMatch(/appear in more than one shard log/);
  });

  it('refuses directories of different specs', async () => {
    const other = loadSpecFile(join(specs, 'tiny.yaml'), { seed: 8 });
    expect(other.specHash).not.toBe(loaded.specHash);
    const otherDir = join(dir, 'other');
    await run(other, otherDir);
    const e = await badAsync(mergeResults([whole, otherDir], join(dir, 'never')));
    expect(e.field).toBe(otherDir);
    expect(e.message).toMatch(/different sweep/);
    expect((await badAsync(mergeResults([whole], otherDir))).field).toBe('--out');
  });

  it('damaged tables: checkStoredTables says which and why, readTablesOrWarn warns naming it (the logs serve)', async () => {
    expect(await checkStoredTables(whole, loaded.specHash, 6)).toEqual({ state: 'intact' });
    expect((await readTablesOrWarn(whole, () => {}))?.cells.length).toBe(6);
    const damaged = join(dir, 'damaged');
    mkdirSync(damaged);
    for (const table of ['cells', 'curve'] as const)
      copyFileSync(resultsFile(whole, table), resultsFile(damaged, table));
    writeFileSync(resultsFile(damaged, 'curve'), 'PAR1 damaged');
    const state = await checkStoredTables(damaged, loaded.specHash, 6);
    expect(state).toMatchObject({ state: 'unusable', path: resultsFile(damaged, 'curve') });
    const warnings: string[] = [];
    expect(await readTablesOrWarn(damaged, (w) => warnings.push(w))).toBeNull();
    expect(warnings).toEqual([
      expect.stringMatching(
        /curve\.parquet: not a readable Parquet file .*; using the rows of the shard logs instead$/,
      ),
    ]);
    expect(await checkStoredTables(damaged, 'another-hash', 6)).toMatchObject({ state: 'unusable' });
    expect(await checkStoredTables(join(dir, 'nowhere'), loaded.specHash, 6)).toEqual({ state: 'missing' });
  });

  it('runSweep refuses to add another spec to a results directory', async () => {
    const other = loadSpecFile(join(specs, 'tiny.yaml'), { trials: 100 });
    await expect(run(other, whole)).rejects.toThrow(/holds results of a different sweep/);
  });
});

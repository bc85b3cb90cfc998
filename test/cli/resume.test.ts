import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonl } from '../../src/store/jsonl.js';
import { resultsFile, shardLogPath } from '../../src/store/layout.js';
import { readProvenance, type ShardProvenance } from '../../src/store/provenance.js';
import { WHOLE_SWEEP } from '../../src/store/shard.js';
import { requireBuiltCli, runBin, specs, startBin, tempDir, waitFor } from '../sweep/cli-helpers.js';

/**
 * Crash safety of the built CLI: a real sweep killed with SIGKILL at random moments (and once with a torn line
 * appended, as a write cut by a kill leaves it), then `gradcode resume`, must give byte-identical Parquet to an
 * uninterrupted run with the same seed; SIGINT must exit 130 keeping the finished cells.
 */
const dir = tempDir('resume');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spec = join(specs, 'kill.yaml');
const CELLS = 9;
const reference = join(dir, 'reference');
let referenceSeconds = 0;
/** Wall time of a CLI that does nothing but start (`--version`): module loading, before any spec is read. */
let startupSeconds = 0;

function sameTables(a: string, b: string): void {
  for (const table of ['cells', 'curve'] as const) {
    expect(existsSync(resultsFile(b, table)), `${b} has no ${table}.parquet`).toBe(true);
    expect(
      readFileSync(resultsFile(b, table)).equals(readFileSync(resultsFile(a, table))),
      `${table}.parquet differs`,
    ).toBe(true);
  }
}

function logIndices(out: string): number[] {
  return readJsonl(shardLogPath(out, WHOLE_SWEEP)).lines.map((l) => (JSON.parse(l) as { index: number }).index);
}

beforeAll(() => {
  requireBuiltCli();
  const t0 = performance.now();
  expect(runBin(['--version']).code).toBe(0);
  startupSeconds = (performance.now() - t0) / 1000;
  const start = performance.now();
  const r = runBin(['run', spec, '--backend', 'cpu', '--out', reference, '--progress', 'none']);
  referenceSeconds = (performance.now() - start) / 1000;
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('kill -9 at random moments, then resume', () => {
  it('gives Parquet byte-identical to an uninterrupted run', async () => {
    const out = join(dir, 'killed');
    const moments: string[] = [];
    let kills = 0;
    const runArgs = ['run', spec, '--backend', 'cpu', '--out', out, '--progress', 'none'];
    const recorded = () => existsSync(resultsFile(out, 'resolvedSpec'));
    const cellMs = (referenceSeconds * 1000) / CELLS;
    const random = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
    // Four moments: during start-up (module loading, reading the spec; the first `run` is often killed before it
    // recorded its spec), after a random number of finished cells plus a random part of the next cell (mid-sweep:
    // between batches, inside a batch, or while appending a line), and again both kinds on `resume`.
    const plans = [
      { at: 'start-up' as const },
      { at: 'cells' as const, cells: Math.floor(random(1, 4)) },
      { at: 'start-up' as const },
      { at: 'cells' as const, cells: Math.floor(random(5, 8)) },
    ];
    let midSweep = 0;
    for (const [k, plan] of plans.entries()) {
      // A run killed before it recorded its spec left nothing to resume: like a user, start it again.
      const args = recorded() ? ['resume', out, '--progress', 'none'] : runArgs;
      const p = startBin(args);
      const t0 = Date.now();
      let exited = false;
      void p.done.then(() => {
        exited = true;
      });
      if (plan.at === 'cells') {
        const finished = () => (existsSync(shardLogPath(out, WHOLE_SWEEP)) ? logIndices(out).length : 0);
        while (!exited && finished() < plan.cells && Date.now() - t0 < 60_000)
          await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, random(0, cellMs)));
      } else await new Promise((r) => setTimeout(r, random(0, startupSeconds * 1000)));
      const delay = Date.now() - t0;
      p.child.kill('SIGKILL');
      const end = await p.done;
      const lines = existsSync(shardLogPath(out, WHOLE_SWEEP)) ? logIndices(out).length : 0;
      moments.push(
        `${args[0]} killed ${plan.at === 'cells' ? `after ${plan.cells} cells + ` : 'in start-up, '}${delay} ms ` +
          `(${end.signal ?? `exit ${end.code}`}): ${lines}/${CELLS} cells`,
      );
      if (end.signal === 'SIGKILL') kills++;
      if (end.signal === 'SIGKILL' && lines > 0 && lines < CELLS) midSweep++;
      if (k === 1 && end.signal === 'SIGKILL' && existsSync(shardLogPath(out, WHOLE_SWEEP))) {
        appendFileSync(shardLogPath(out, WHOLE_SWEEP), '{"v":1,"specHash":"c0ffee","index":'); // a torn write
      }
    }
    if (!recorded()) {
      const again = runBin(['resume', out, '--progress', 'none']);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/gradcode run SPEC --out DIR/);
      const first = runBin(runArgs);
      expect(first.code, first.stderr).toBe(0);
    }
    console.log(`kill/resume moments (reference run ${referenceSeconds.toFixed(1)} s):\n  ${moments.join('\n  ')}`);
    expect(midSweep, moments.join('; ')).toBeGreaterThanOrEqual(1);
    const last = runBin(['resume', out, '--progress', 'none']);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toMatch(/results: /);
    sameTables(reference, out);
    const indices = logIndices(out);
    expect([...indices].sort((a, b) => a - b)).toEqual([...Array(CELLS).keys()]);
    expect(readJsonl(shardLogPath(out, WHOLE_SWEEP)).tornBytes, 'a torn line is left in the log').toBe(0);
    const prov = readProvenance<ShardProvenance>(join(out, 'shards', '0-of-1.provenance.json'))!;
    expect(prov.status).toBe('complete');
    expect(prov.sessions.at(-1)?.status).toBe('complete');
    expect(prov.sessions.slice(0, -1).every((s) => s.status === 'killed')).toBe(true);
    // A kill between a cell's log line and the provenance update loses that session's count (never the cell).
    const counted = prov.sessions.reduce((s, x) => s + x.cellsRun, 0);
    expect(counted).toBeLessThanOrEqual(CELLS);
    expect(counted).toBeGreaterThanOrEqual(CELLS - kills);
  }, 180_000);
});

describe('SIGINT', () => {
  it('exits 130 after flushing finished cells, says how to resume, and resume completes', async () => {
    const out = join(dir, 'interrupted');
    const p = startBin(['run', spec, '--backend', 'cpu', '--out', out, '--progress', 'lines']);
    await waitFor(() => /cell \d+ done \[1\/9\]/.test(p.stderr), 60_000, 'the first finished cell');
    p.child.kill('SIGINT');
    const end = await p.done;
    expect(end.code, p.stderr).toBe(130);
    expect(p.stderr).toMatch(/SIGINT: stopping after the current batch/);
    expect(p.stderr).toMatch(
      new RegExp(`resume with: gradcode resume ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`),
    );
    expect(p.stderr).not.toMatch(/^ {4}at /m);
    const kept = logIndices(out).length;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(CELLS);
    expect(existsSync(resultsFile(out, 'cells'))).toBe(false);
    const prov = readProvenance<ShardProvenance>(join(out, 'shards', '0-of-1.provenance.json'))!;
    expect(prov.status).toBe('interrupted');
    const r = runBin(['resume', out, '--progress', 'none', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { ran: number; skipped: number; cells: unknown[] };
    expect(json.skipped).toBe(kept);
    expect(json.ran).toBe(CELLS - kept);
    expect(json.cells.length).toBe(CELLS);
    sameTables(reference, out);
  }, 120_000);
});

import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runBin, specs, startBin, tempDir, waitFor } from '../sweep/cli-helpers.js';

/**
 * Fault injection with real processes (issue 15): `kill -9` at random moments of the first second (module loading,
 * claiming the directory, taking the lock, pinning, the first cells) and during the merge's writes, concurrent
 * writers of one shard and of different shards, and a writer killed while holding its lock. Every scenario ends with
 * Parquet byte-identical to an uninterrupted run, or with a clean refusal (exit code 2, "in use by PID … on HOST").
 */
const dir = tempDir('fault-kill');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spec = join(specs, 'kill.yaml');
/** Fewer trials than the spec's, so each of the many runs here takes about a second. */
const TRIALS = ['--trials', '4000'];
const reference = join(dir, 'reference');
/** Wall time of a CLI that only starts (`--version`): module loading, before the spec is read. */
let startupMs = 0;
const random = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

function files(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(root, f)).isFile());
}

function expectReference(out: string): void {
  for (const table of ['cells.parquet', 'curve.parquet'])
    expect(readFileSync(join(out, table)).equals(readFileSync(join(reference, table))), `${out}/${table}`).toBe(true);
  expect(files(out).filter((f) => f.endsWith('.tmp') || f.startsWith('locks/'))).toEqual([]);
}

/** Finishes a directory as a user would: resume, or run again when the killed run recorded nothing. */
function finish(out: string, runArgs: string[]): void {
  let r = runBin(['resume', out, '--progress', 'none']);
  if (r.code === 2 && /gradcode run SPEC --out DIR|not a gradcode results directory/.test(r.stderr))
    r = runBin(runArgs);
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(() => {
  requireBuiltCli();
  const t0 = performance.now();
  expect(runBin(['--version']).code).toBe(0);
  startupMs = performance.now() - t0;
  const r = runBin(['run', spec, ...TRIALS, '--backend', 'cpu', '--out', reference, '--progress', 'none']);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('kill -9 in the first second', () => {
  it('at six random moments, each followed by resume: byte-identical, nothing left behind', async () => {
    const moments: string[] = [];
    for (let k = 0; k < 6; k++) {
      const out = join(dir, `first-second-${k}`);
      const runArgs = ['run', spec, ...TRIALS, '--backend', 'cpu', '--out', out, '--progress', 'none'];
      const p = startBin(runArgs);
      // Three moments in the process's first second (start-up), three in the first second of its work.
      const delay = k < 3 ? random(0, 1000) : startupMs + random(0, 1000);
      await new Promise((r) => setTimeout(r, delay));
      p.child.kill('SIGKILL');
      const end = await p.done;
      moments.push(`${Math.round(delay)} ms: ${end.signal ?? `exit ${end.code}`}, ${files(out).length} files`);
      finish(out, runArgs);
      expectReference(out);
    }
    console.log(`first-second kills: ${moments.join('; ')}`);
  }, 240_000);
});

describe('kill -9 while merge writes', () => {
  it('merge killed at random moments, then merged again: byte-identical', async () => {
    const out = join(dir, 'sharded');
    for (const shard of ['0/3', '1/3', '2/3']) {
      const r = runBin([
        'sweep',
        spec,
        ...TRIALS,
        '--backend',
        'cpu',
        '--out',
        out,
        '--shard',
        shard,
        '--progress',
        'none',
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    const t0 = performance.now();
    const merged = runBin(['merge', out, '--out', join(dir, 'timing')]);
    expect(merged.code, merged.stderr).toBe(0);
    const mergeMs = performance.now() - t0;
    for (let k = 0; k < 4; k++) {
      const p = startBin(['merge', out, '--out', out]);
      await new Promise((r) => setTimeout(r, random(0.3, 1) * mergeMs));
      p.child.kill('SIGKILL');
      await p.done;
    }
    const r = runBin(['merge', out, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expectReference(out);
  }, 240_000);
});

describe('concurrent writers', () => {
  it('two processes on one shard: one is refused "in use by PID … on HOST", the other completes', async () => {
    // The spec's full trials, so the first writer still works when the second has started.
    const full = join(dir, 'reference-full');
    const ref = runBin(['run', spec, '--backend', 'cpu', '--out', full, '--progress', 'none']);
    expect(ref.code, ref.stderr).toBe(0);
    const out = join(dir, 'same-shard');
    const args = ['sweep', spec, '--backend', 'cpu', '--out', out, '--progress', 'none'];
    const first = startBin(args);
    await waitFor(() => existsSync(join(out, 'locks', 'shard-0-of-1.lock')), 60_000, 'the first writer’s lock');
    const second = runBin(args);
    const host = hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`in use by PID ${first.child.pid} on ${host} \\(since`));
    expect((await first.done).code, first.stderr).toBe(0);
    for (const table of ['cells.parquet', 'curve.parquet'])
      expect(readFileSync(join(out, table)).equals(readFileSync(join(full, table))), table).toBe(true);
    expect(files(out).filter((f) => f.endsWith('.tmp') || f.startsWith('locks/'))).toEqual([]);
  }, 180_000);

  it('two processes on different shards of one directory both complete, and merge gives the reference', async () => {
    const out = join(dir, 'two-shards');
    const shard = (s: string) => [
      'sweep',
      spec,
      ...TRIALS,
      '--backend',
      'cpu',
      '--out',
      out,
      '--shard',
      s,
      '--progress',
      'none',
    ];
    const a = startBin(shard('0/2'));
    const b = startBin(shard('1/2'));
    expect((await a.done).code, a.stderr).toBe(0);
    expect((await b.done).code, b.stderr).toBe(0);
    const r = runBin(['merge', out, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expectReference(out);
  }, 120_000);

  it('a writer killed while holding its lock: the next one takes the stale lock over and finishes', async () => {
    const out = join(dir, 'stale-lock');
    const p = startBin(['run', spec, ...TRIALS, '--backend', 'cpu', '--out', out, '--progress', 'none']);
    await waitFor(() => existsSync(join(out, 'shards', '0-of-1.jsonl')), 60_000, 'the shard log');
    p.child.kill('SIGKILL');
    await p.done;
    expect(existsSync(join(out, 'locks', 'shard-0-of-1.lock'))).toBe(true);
    const r = runBin(['resume', out, '--progress', 'none']);
    expect(r.code, r.stderr).toBe(0);
    expectReference(out);
  }, 120_000);
});

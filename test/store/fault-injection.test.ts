import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const { faultyFs } = await import('../helpers/fs-faults.js');
  return faultyFs(await importOriginal());
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const { faultyFsPromises } = await import('../helpers/fs-faults.js');
  return faultyFsPromises(await importOriginal());
});

import { InputError } from '../../src/errors.js';
import { loadSpecFile } from '../../src/spec/load-spec.js';
import { WHOLE_SWEEP } from '../../src/store/shard.js';
import { planCells } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { CpuTrialExecutor } from '../../src/trials/cpu-executor.js';
import { faults } from '../helpers/fs-faults.js';
import { runCliInProcess } from '../helpers/in-process-cli.js';
import { tempDir } from '../sweep/cli-helpers.js';

/**
 * Fault injection (issue 15) through an in-process file-system hook (test/helpers/fs-faults.ts): a run killed at
 * every single change it makes to the disk (a `kill -9` frozen at that moment: the change half done, no cleanup
 * possible), a full disk at growing budgets, read-only storage and missing permissions, and two writers of one shard
 * at once. Each ends with Parquet tables byte-identical to an uninterrupted run after `resume` (or a new `run` when
 * nothing was recorded yet), or with a clean refusal (exit code 2 naming the file) that changed nothing; no temporary
 * file or lock is left behind.
 */
const dir = tempDir('faults');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => faults.reset('off'));

const spec = join(dir, 'spec.yaml');
const reference = join(dir, 'reference');
const refTables: Record<string, Buffer> = {};

const run = (out: string) => runCliInProcess('run', spec, '--out', out, '--backend', 'cpu', '--progress', 'none');
const resume = (out: string) => runCliInProcess('resume', out, '--progress', 'none');

/** Every file below `root`, relative. */
function files(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(root, f)).isFile());
}

/** Finishes an interrupted directory as a user would: resume, or run again when nothing was recorded yet. */
async function finish(out: string): Promise<void> {
  let r = await resume(out);
  if (r.code === 2 && /gradcode run SPEC --out DIR|not a gradcode results directory/.test(r.stderr)) r = await run(out);
  expect(r.code, r.stderr).toBe(0);
}

function expectReferenceTables(out: string): void {
  for (const table of ['cells.parquet', 'curve.parquet'])
    expect(readFileSync(join(out, table)).equals(refTables[table]), `${out}/${table}`).toBe(true);
  const leftovers = files(out).filter((f) => f.endsWith('.tmp') || f.startsWith('locks/') || f.endsWith('.break'));
  expect(leftovers, 'temporary files or locks left behind').toEqual([]);
}

beforeAll(async () => {
  writeFileSync(
    spec,
    'name: faults\nseed: 3\ndefaults: { code: "cyclic:N=6,s=2", trials: 300, tGrid: [1, 2, 4] }\n' +
      'sweep: { grid: { protocol: [partial, original], stragglers.failures.p: [0, 0.2] } }\n',
  );
  const r = await run(reference);
  expect(r.code, r.stderr).toBe(0);
  for (const table of ['cells.parquet', 'curve.parquet']) refTables[table] = readFileSync(join(reference, table));
}, 60_000);

describe('a run killed at every change it makes to the disk', () => {
  it('resumes to byte-identical tables from each of those moments', async () => {
    faults.reset('enospc', { budget: Number.POSITIVE_INFINITY });
    const counted = await run(join(dir, 'count'));
    expect(counted.code, counted.stderr).toBe(0);
    const total = faults.changes;
    faults.reset('off');
    expect(total).toBeGreaterThan(20);
    const outcomes: number[] = [];
    for (let k = 0; k < total; k++) {
      const out = join(dir, `killed-${k}`);
      faults.reset('kill', { killAt: k });
      const r = await run(out);
      faults.reset('off');
      // Killed after its last result was written, a run can only fail to clean up (a lock, a fsync): the process
      // in this test then ends with 0 where a real one would end with SIGKILL; the disk is the same.
      expect([0, 1], `kill at change ${k}: ${r.stderr}`).toContain(r.code);
      if (r.code === 1) expect(r.stderr).toMatch(/simulated kill -9/);
      outcomes.push(r.code);
      await finish(out);
      expectReferenceTables(out);
      rmSync(out, { recursive: true, force: true });
    }
    console.log(`killed a ${total}-change run at each of its ${total} changes; every one resumed byte-identical`);
  }, 240_000);
});

describe('a full disk', () => {
  it('refuses with the file named and no temporary file left, at every budget; resume then completes', async () => {
    let refused = 0;
    const messages = new Set<string>();
    for (const budget of [0, 40, 160, 600, 2_000, 6_000, 15_000, 40_000, 100_000]) {
      const out = join(dir, `enospc-${budget}`);
      faults.reset('enospc', { budget });
      const r = await run(out);
      faults.reset('off');
      if (r.code !== 0) {
        refused++;
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(
          /^gradcode: bad input: (--out: )?\/\S+: cannot .*: no space left on the device \(ENOSPC\)$/m,
        );
        messages.add(r.stderr.replace(/^.*?(\/[^:]*):.*$/s, '$1').replace(out, 'DIR'));
        expect(files(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      }
      await finish(out);
      expectReferenceTables(out);
    }
    expect(refused).toBeGreaterThanOrEqual(6);
    console.log(`ENOSPC refusals named: ${[...messages].join(', ')}`);
  }, 120_000);
});

describe('read-only storage and missing permissions', () => {
  it('a new results directory on read-only storage is refused before any trial, creating nothing', async () => {
    const out = join(dir, 'erofs-new');
    faults.reset('erofs');
    const r = await run(out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--out: .*erofs-new: cannot write the results there \(.*read-only \(EROFS\)\)/);
    faults.reset('off');
    expect(existsSync(out)).toBe(false);
  });

  it('without write permission it is refused the same way', async () => {
    const out = join(dir, 'eacces-new');
    faults.reset('eacces');
    const r = await run(out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/permission denied \(EACCES\)/);
    faults.reset('off');
    expect(existsSync(out)).toBe(false);
  });

  it('run and resume of a complete directory on read-only storage succeed without a single write', async () => {
    faults.reset('erofs');
    const again = await run(reference);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/4 cells \(4 completed earlier\)/);
    const resumed = await resume(reference);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(faults.changes, 'changes attempted').toBe(0);
  });

  it('resume of an unfinished directory on read-only storage is refused naming it; writable again, it completes', async () => {
    const out = join(dir, 'erofs-unfinished');
    faults.reset('kill', { killAt: 30 });
    expect((await run(out)).code).toBe(1);
    faults.reset('erofs');
    const r = await resume(out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/erofs-unfinished.*read-only \(EROFS\)/);
    faults.reset('off');
    await finish(out);
    expectReferenceTables(out);
  });
});

describe('two writers of one shard at once', () => {
  it('the second is refused "in use by PID … on HOST"; the first completes with the reference tables', async () => {
    const out = join(dir, 'concurrent');
    const loaded = loadSpecFile(spec);
    const session = () =>
      runSweep({
        dir: out,
        loaded,
        shard: WHOLE_SWEEP,
        planned: planCells(loaded),
        executor: new CpuTrialExecutor(),
        backendOptions: { backend: 'cpu', adapter: null },
      });
    const [a, b] = await Promise.allSettled([session(), session()]);
    const rejected = [a, b].filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(rejected.length).toBe(1);
    expect(rejected[0].reason).toBeInstanceOf(InputError);
    expect((rejected[0].reason as Error).message).toMatch(new RegExp(`in use by PID ${process.pid} on `));
    expectReferenceTables(out);
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, tempDir } from '../sweep/cli-helpers.js';
import { CORPUS } from './hostile-corpus.js';
import type { CaseOutcome } from './hostile-corpus-runner.js';

/**
 * The hostile-input corpus of issue 15 (test/cli/hostile-corpus.ts): every case runs in-process in one child process
 * (hostile-corpus-runner.ts, on the TypeScript sources through tsx), so that the peak memory the harness measures
 * belongs to the corpus alone and not to test files running beside it. Each case must exit with its code, say its
 * fragment, leak no stack trace, keep error output to one paragraph, and keep the process's peak resident set under
 * 1 GiB (the running peak after a case bounds that case's own peak).
 */
const PEAK_LIMIT_BYTES = 2 ** 30;
const dir = tempDir('hostile');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let outcomes: CaseOutcome[] = [];

beforeAll(() => {
  const out = join(dir, 'outcomes.json');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'test/cli/hostile-corpus-runner.ts'), join(dir, 'work'), out],
    { cwd: root, encoding: 'utf8', timeout: 300_000, env: { ...process.env, GRADCODE_DEBUG: '' } },
  );
  if (r.status !== 0) throw new Error(`the corpus runner failed (${r.status ?? r.signal}): ${r.stderr}`);
  outcomes = JSON.parse(readFileSync(out, 'utf8')) as CaseOutcome[];
  const peak = Math.max(...outcomes.map((o) => o.peakBytes));
  const seconds = outcomes.reduce((s, o) => s + o.ms, 0) / 1000;
  console.log(
    `hostile corpus: ${outcomes.length} cases in ${seconds.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
}, 320_000);

describe('hostile-input corpus (issue 15)', () => {
  it('has at least 150 cases, every item of the issue among them', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
    for (let item = 1; item <= 10; item++)
      expect(
        CORPUS.some((c) => c.item === item),
        `item ${item}`,
      ).toBe(true);
  });

  CORPUS.forEach((c, k) => {
    it(`${c.item ? `${c.item}: ` : ''}${c.name}`, () => {
      const o = outcomes[k];
      expect(o?.name).toBe(c.name);
      expect(o.prepare, 'preparing the case').toBeNull();
      expect(o.code, o.stderr || o.stdout).toBe(c.code);
      expect(c.code === 0 ? o.stdout : o.stderr).toMatch(c.expect);
      if (c.never) expect(`${o.stdout}${o.stderr}`).not.toMatch(c.never);
      if (c.warns) expect(o.stderr).toMatch(c.warns);
      expect(o.verify).toBeNull();
      expect(o.stderr).not.toMatch(/^ {4}at /m);
      if (c.code === 2) {
        expect(o.stderr.trim()).toMatch(/^gradcode: bad input: /);
        expect(o.stderr.trim().split('\n').length, o.stderr).toBe(1);
        expect(o.stdout).toBe('');
      }
      expect(o.peakBytes, 'peak resident set after the case').toBeLessThan(PEAK_LIMIT_BYTES);
    });
  });
});

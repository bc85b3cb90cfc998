import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GALLERY } from '../../src/reproduce/gallery.js';
import { runCliInProcess } from '../helpers/in-process-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-cli-reproduce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gradcode = runCliInProcess;

const IDS = GALLERY.map((e) => e.id);

describe('gradcode reproduce', () => {
  it('lists the nine entries of issue 7', async () => {
    const r = await gradcode('reproduce', 'list', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; claim: string; source: { paper: string } }[];
    expect(list.map((e) => e.id)).toEqual([
      'ramamoorthy2024-exact',
      'ramamoorthy2024-approx',
      'ramamoorthy2024-ordering',
      'tandon2017',
      'glasgow-wootters',
      'song-choi',
      'kadhe-bibd',
      'erasurehead',
      'ye-abbe-instability',
    ]);
    for (const e of list) {
      expect(e.claim.length).toBeGreaterThan(20);
      expect(e.source.paper.length).toBeGreaterThan(10);
    }
  });

  it('exits 2 for an unknown entry, naming the known ones', async () => {
    const r = await gradcode('reproduce', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown gallery entry "nope"');
    expect(r.stderr).toContain('tandon2017');
  });

  // Every entry with --quick (the entry's reduced trial counts; same code paths) on the f64 CPU twin: the JSON is
  // exactly {id, claim, measured, ci, verdict}, the verdict is PASS or FAIL, and the report and plots are written.
  it.each(IDS)(
    '%s --quick --json prints a measured verdict and writes the report',
    async (id) => {
      const out = join(dir, id);
      const r = await gradcode('reproduce', id, '--quick', '--json', '--backend', 'cpu', '--out', out);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(json)).toEqual(['id', 'claim', 'measured', 'ci', 'verdict']);
      expect(json.id).toBe(id);
      expect(json.claim).toBe(GALLERY.find((e) => e.id === id)?.claim);
      expect(['PASS', 'FAIL']).toContain(json.verdict);
      expect(typeof json.measured === 'number' || json.measured === 'Infinity').toBe(true);
      if (json.ci !== null) {
        expect(Array.isArray(json.ci) && json.ci.length === 2).toBe(true);
        const [lo, hi] = json.ci as number[];
        expect(lo).toBeLessThanOrEqual(hi);
      }
      const report = readFileSync(join(out, 'report.md'), 'utf8');
      expect(report).toContain(`→ **${json.verdict}**`);
      expect(report).toContain('## Claim');
      expect(report).toContain('## Setting (fixed before the first run)');
      expect(report).toContain('## Pass criterion (fixed before the first run)');
      const full = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
      expect(full.verdict).toBe(json.verdict);
      expect(full.quick).toBe(true);
      expect(full.checks.length).toBeGreaterThan(0);
      const pngs = readdirSync(out).filter((f) => f.endsWith('.png'));
      expect(pngs.length).toBeGreaterThan(0);
      for (const png of pngs) expect(report).toContain(`](${png})`);
    },
    120_000,
  );

  it('all --quick runs every entry and writes the gallery table', async () => {
    const out = join(dir, 'gallery');
    const r = await gradcode('reproduce', 'all', '--quick', '--backend', 'cpu', '--format', 'png', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(IDS.length + 1);
    for (const [i, id] of IDS.entries()) expect(lines[i]).toMatch(new RegExp(`^${id} +(PASS|FAIL) .*95% CI`));
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('| id | claim | source | setting | measured (primary check) | verdict | time |');
    for (const id of IDS) {
      expect(readme).toContain(`[\`${id}\`](${id}/report.md)`);
      expect(existsSync(join(out, id, 'report.md'))).toBe(true);
    }
    expect(readme).toMatch(/!\[ramamoorthy2024-exact: [^\]]+\]\(ramamoorthy2024-exact\/[^)]+\.png\)/);
  }, 240_000);

  it('prints the verdict, measured value and CI in text mode', async () => {
    const out = join(dir, 'text');
    const r = await gradcode('reproduce', 'ramamoorthy2024-exact', '--quick', '--backend', 'cpu', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ramamoorthy2024-exact: (PASS|FAIL)/);
    expect(r.stdout).toMatch(/measured {2}.* = [0-9.]+, 95% CI \[[0-9.]+, [0-9.]+\] → (PASS|FAIL)/);
    expect(existsSync(join(out, 'report.md'))).toBe(true);
  }, 60_000);
});

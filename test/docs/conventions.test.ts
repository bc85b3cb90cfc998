import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCodeText } from '../../src/codes/custom-file.js';
import { denseMatrix } from '../../src/codes/structure.js';
import { InputError } from '../../src/errors.js';
import { inspectCode } from '../../src/inspect/inspect.js';
import { loadSpecValue } from '../../src/spec/load-spec.js';
import { planCells } from '../../src/sweep/plan.js';
import { inProcess } from '../sweep/cli-helpers.js';

/**
 * The worked examples of docs/conventions.md, recomputed: every number the page quotes for gradcode, and the
 * reference rule of section 2 in TypeScript (the page shows it in NumPy).
 */
const dir = mkdtempSync(join(tmpdir(), 'gradcode-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const doc = readFileSync(resolve(import.meta.dirname, '../../docs/conventions.md'), 'utf8');

/** The 10 × 10 cyclic 0/1 matrix with 3 consecutive chunks per worker, scaled by `scale`, as CSV. */
function cyclicCsv(scale: number): string {
  return Array.from({ length: 10 }, (_, j) =>
    Array.from({ length: 10 }, (_, i) => ((i - j + 10) % 10 < 3 ? scale : 0)).join(','),
  ).join('\n');
}

/** The reference fixed rule: weight n/(n − s) on every survivor; ‖wB − 1‖² over all s-sets. */
function peersFixedErrors(B: number[][], s: number): number[] {
  const n = B.length;
  const errors: number[] = [];
  const visit = (start: number, chosen: number[]) => {
    if (chosen.length === s) {
      const w = B.map((_, j) => (chosen.includes(j) ? 0 : n / (n - s)));
      errors.push(B[0].reduce((sum, _, i) => sum + (B.reduce((a, row, j) => a + w[j] * row[i], 0) - 1) ** 2, 0));
      return;
    }
    for (let j = start; j < n; j++) visit(j + 1, [...chosen, j]);
  };
  visit(0, []);
  return errors;
}

const BIBD = '# rows = points, columns = blocks\n1,1,1,0,0,0\n1,0,0,1,1,0\n0,1,0,1,0,1\n0,0,1,0,1,1\n';

describe('docs/conventions.md worked examples', () => {
  it('1: ‖·‖² and ÷ m of PG(2,3) after any 3 stragglers', () => {
    const r = inspectCode('bibd:pg2:q=3', { stragglers: 'exhaustive:3' });
    expect(r.error.max).toBeCloseTo(9 / 13, 12);
    expect(r.error.min).toBeCloseTo(9 / 13, 12);
    expect(doc).toContain('error            min 0.692308 · mean 0.692308 · max 0.692308');
    expect(Math.sqrt(9 / 13).toFixed(5)).toBe('0.83205');
  });

  it('2: fixed is invariant to scaling B and equals the reference rule on column-normalised B only', () => {
    const B01 = cyclicCsv(1);
    const Bn = cyclicCsv(1 / 3);
    writeFileSync(join(dir, 'b01.csv'), B01);
    writeFileSync(join(dir, 'bn.csv'), Bn);
    const ours01 = inspectCode({ matrix: join(dir, 'b01.csv') }, { decoder: 'fixed', stragglers: 'exhaustive:2' });
    const oursN = inspectCode({ matrix: join(dir, 'bn.csv') }, { decoder: 'fixed', stragglers: 'exhaustive:2' });
    const builtIn = inspectCode('cyclic:N=10,s=2', { decoder: 'fixed', stragglers: 'exhaustive:2' });
    for (const r of [ours01, oursN, builtIn]) expect(r.error.mean).toBeCloseTo(0.648148, 6);
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const rows = (csv: string) => csv.split('\n').map((l) => l.split(',').map(Number));
    expect(mean(peersFixedErrors(rows(Bn), 2))).toBeCloseTo(oursN.error.mean, 10);
    expect(mean(peersFixedErrors(rows(B01), 2))).toBeCloseTo(45.8333, 4);
    expect(doc).toContain('mean 45.8333, max 50');
  });

  it('3: --transpose reads rows = chunks; the BIBD then decodes after any single straggler', () => {
    writeFileSync(join(dir, 'bibd.csv'), BIBD);
    const given = inspectCode({ matrix: join(dir, 'bibd.csv') }, { stragglers: 'exhaustive:1' });
    expect([given.N, given.m, given.error.max]).toEqual([4, 6, expect.closeTo(0.6, 12)]);
    const turned = inspectCode({ matrix: join(dir, 'bibd.csv'), transpose: true }, { stragglers: 'exhaustive:2' });
    expect([turned.N, turned.m, turned.load.max, turned.replication.min]).toEqual([6, 4, 2, 3]);
    expect(turned.error.max).toBeLessThan(1e-14);
    // Worker 0 is block 0, which holds points 0 and 1.
    expect([...denseMatrix(parseCodeText(BIBD, 'bibd.csv', 'csv', { transpose: true })).subarray(0, 4)]).toEqual([
      1, 1, 0, 0,
    ]);
  });

  it('3: --transpose needs a dense file and --matrix; specs take file:…,transpose=true', async () => {
    expect(() => parseCodeText('{"support": [[0], [1]]}', 's.json', 'json', { transpose: true })).toThrow(InputError);
    const bare = await inProcess('inspect', 'frc:N=4,s=1', '--transpose');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^gradcode: bad input: --transpose: /);
    const cli = await inProcess('inspect', '--matrix', join(dir, 'bibd.csv'), '--transpose', '--json');
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ N: 6, m: 4 });
    const planned = planCells(
      loadSpecValue(
        { defaults: { code: 'file:path=bibd.csv,transpose=true', trials: 10 } },
        { source: 't', baseDir: dir },
      ),
    );
    expect([planned[0].describe.N, planned[0].describe.m]).toEqual([6, 4]);
  });

  it('4: exact returns w = 0 beyond the tolerance; optimal keeps the least-squares solution', () => {
    const exact1 = inspectCode('crc:N=6,s=1,seed=1', { decoder: 'exact', stragglers: 'exhaustive:1' });
    expect(exact1.exactFraction).toBe(1);
    const exact2 = inspectCode('crc:N=6,s=1,seed=1', { decoder: 'exact', stragglers: 'exhaustive:2' });
    expect([exact2.error.min, exact2.error.max, exact2.exactFraction]).toEqual([6, 6, 0]);
    const optimal2 = inspectCode('crc:N=6,s=1,seed=1', { decoder: 'optimal', stragglers: 'exhaustive:2' });
    expect(optimal2.error.mean).toBeCloseTo(1.7439, 4);
    expect(optimal2.error.max).toBeCloseTo(5.10969, 5);
  });

  it('5: the FRC natural order meets the Qmax bound', () => {
    const r = inspectCode('frc:N=12,s=2');
    expect([r.qmax, r.qmaxOptimal?.qmax]).toEqual([31, 31]);
  });
});

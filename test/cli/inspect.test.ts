import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectCode } from '../../src/inspect/inspect.js';
import { runCliInProcess } from '../helpers/in-process-cli.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'gradcode-cli-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `gradcode inspect …` in-process. */
const inspect = (...args: string[]) => runCliInProcess('inspect', ...args);

afterEach(() => vi.restoreAllMocks());

describe('gradcode inspect (in process)', () => {
  it('--json prints one object (snake_case keys) with the closed-form FRC statistics', async () => {
    const r = await inspect('frc:N=12,s=3', '--stragglers', 'exhaustive:4', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    // 3 of the C(12,4) = 495 sets straggle a whole group of 4 (error 4 each); the others decode exactly.
    // The natural order (the reference code's rotated layout) is already Latin: Qmax 39, the optimum.
    expect(report).toMatchObject({ N: 12, m: 12, qmax: 39, name: 'frc', reconstruction: false });
    expect(report.stragglers.sets).toBe(495);
    expect(report.exact_fraction).toBeCloseTo(492 / 495, 12);
    expect(report.error.max).toBeCloseTo(4, 12);
    expect(report.error.mean).toBeCloseTo(12 / 495, 12);
    expect(report.error.max_normalized).toBeCloseTo(4 / 12, 12);
    expect(report.qmax_optimal).toEqual({ qmax: 39, method: 'latin', lower_bound: 39, provably_optimal: true });
    expect(report.params).toEqual({ N: 12, s: 3, layout: 'consecutive' }); // the code's own parameter names
    for (const key of ['load', 'replication', 'family', 'params', 'citation', 'error', 'exact_fraction']) {
      expect(report).toHaveProperty(key);
    }
  });

  it('prints a readable table by default', async () => {
    const r = await inspect('bibd:pg2:q=3', '--stragglers', 'exhaustive:2', '--threshold', '0.1');
    expect(r.code).toBe(0);
    // PG(2,3): v = 13, r = 4, λ = 1; 11 survivors → 13 − 16·11/14 = 3/7; τ_0.1 = 5.
    expect(r.stdout).toMatch(/^code\s+bibd:pg2 — BIBD code/m);
    expect(r.stdout).toMatch(/^workers N\s+13$/m);
    expect(r.stdout).toMatch(/^stragglers\s+exhaustive:2 — 78 sets$/m);
    expect(r.stdout).toMatch(/^error\s+min 0\.428571 · mean 0\.428571 · max 0\.428571 /m);
    expect(r.stdout).toMatch(/^exact\s+0% of sets/m);
    expect(r.stdout).toMatch(/^threshold τ_0\.1\s+5$/m);
    expect(r.stdout).toMatch(/^Qmax optimal\s+43 \(Latin matching order; lower bound 43, provably optimal\)$/m);
  });

  it('heterogeneous codes take --p and report the objective m²/Σδ⁻¹', async () => {
    const r = await inspect('heterogeneous:scheme=II', '--p', '0.1,0.2,0.3,0.4', '--json');
    expect(r.code).toBe(0);
    const inverse = [0.1, 0.2, 0.3, 0.4].reduce((s, p) => s + (1 - p) / p, 0);
    expect(JSON.parse(r.stdout).objective).toBeCloseTo(16 / inverse, 12);
  });

  it('order files, --heuristic and --parts are honoured', async () => {
    const order = Array.from({ length: 10 }, (_, j) => [(j + 2) % 10, (j + 1) % 10, j]);
    const r = await inspect('cyclic:N=10,d=3', '--order', file('reversed.json', JSON.stringify(order)), '--json');
    expect(r.code).toBe(0);
    // Reversing every row of a Latin order is still Latin.
    expect(JSON.parse(r.stdout).qmax).toBe(25);
    const two = await inspect('cyclic:N=10,d=3', '--parts', '2', '--json');
    expect(JSON.parse(two.stdout).qmax).toBe(28);
    const h = await inspect('graph:petersen', '--order', 'optimal', '--heuristic', '--json');
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout).order).toEqual({ spec: 'optimal', method: 'heuristic' });
  });

  it('--help documents every option with examples, the families and the decoders', async () => {
    const r = await inspect('--help');
    expect(r.code).toBe(0);
    for (const flag of [
      '--matrix',
      '--p',
      '--order',
      '--heuristic',
      '--parts',
      '--stragglers',
      '--decoder',
      '--seed',
      '--threshold',
      '--json',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('bibd:pg2:q=3');
    expect(r.stdout).toContain('graph:random-regular:n=50,d=3,seed=1');
    expect(r.stdout).toContain('ignore-stragglers');
  });

  it('every example in --help runs', async () => {
    const help = (await inspect('--help')).stdout;
    const examples = [...help.matchAll(/^ {2}\$ gradcode inspect (.+)$/gm)].map((m) => m[1]);
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const example of examples) {
      if (example.includes('.json')) continue; // needs the user's files
      const r = await inspect(...example.split(' '));
      expect(r.stderr, example).toBe('');
      expect(r.code, example).toBe(0);
    }
  });

  describe('bad input exits with 2 and a one-paragraph message naming the parameter', () => {
    const badMatrix = () => file('bad.json', '[[1, 0], [0, "x"]]');
    const badOrder = () =>
      file(
        'perm.json',
        JSON.stringify(Array.from({ length: 10 }, (_, j) => (j === 4 ? [4, 5, 7] : [j, (j + 1) % 10, (j + 2) % 10]))),
      );
    const cases: [string, () => string[], RegExp][] = [
      ['s ≥ N', () => ['frc:N=4,s=4'], /bad input: code\.s: must be < N = 4/],
      ['(s+1) ∤ N for FRC', () => ['frc:N=10,s=3'], /bad input: code\.s: FRC needs \(s \+ 1\) \| N/],
      ['q not prime', () => ['bibd:pg2:q=4'], /bad input: code\.q: must be prime/],
      [
        'p_i outside (0,1)',
        () => ['heterogeneous:scheme=I', '--p', '0.1,1.2,0.3'],
        /bad input: --p\[1\]: must lie in \(0, 1\)/,
      ],
      ['p_i outside (0,1) in the spec', () => ['heterogeneous:scheme=I,p=[0,0.5]'], /bad input: code\.p\[0\]/],
      [
        'optimal order without --heuristic',
        () => ['graph:petersen', '--order', 'optimal'],
        /bad input: --order: .*--heuristic/,
      ],
      ['malformed matrix file', () => ['--matrix', badMatrix()], /bad input: --matrix: .*bad\.json: row 1, column 1/],
      ['missing matrix file', () => ['--matrix', join(dir, 'nope.json')], /bad input: --matrix: .*cannot read/],
      [
        'malformed order file',
        () => ['cyclic:N=10,d=3', '--order', file('o.json', '[[0,1')],
        /bad input: --order: not valid JSON/,
      ],
      [
        'order not a permutation',
        () => ['cyclic:N=10,d=3', '--order', badOrder()],
        /bad input: --order\[4\]: worker 4/,
      ],
      ['unknown decoder', () => ['frc:N=12,s=3', '--decoder', 'nope'], /bad input: --decoder: unknown decoder "nope"/],
      ['inapplicable decoder', () => ['frc:N=12,s=3', '--decoder', 'bibd'], /bad input: --decoder: /],
      ['malformed --stragglers', () => ['frc:N=12,s=3', '--stragglers', 'often:3'], /bad input: --stragglers: unknown/],
      ['--stragglers S > N', () => ['frc:N=12,s=3', '--stragglers', 'random-s:13:10'], /bad input: --stragglers: /],
      ['--parts not an integer', () => ['frc:N=12,s=3', '--parts', '1.5'], /bad input: --parts: must be an integer/],
      ['--parts above the replication', () => ['frc:N=12,s=3', '--parts', '5'], /bad input: --parts: chunk 0/],
      ['--seed negative', () => ['frc:N=12,s=3', '--seed', '-1'], /bad input: --seed: /],
      ['--threshold not positive', () => ['frc:N=12,s=3', '--threshold', '0'], /bad input: --threshold: /],
      ['--order random without a seed', () => ['frc:N=12,s=3', '--order', 'random:'], /bad input: --order: random/],
      ['unknown family', () => ['nonsense:N=3'], /bad input: code\.family: unknown code family/],
      ['no code', () => [], /bad input: code: missing/],
      ['code and --matrix', () => ['frc:N=12,s=3', '--matrix', badMatrix()], /bad input: --matrix: give either/],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const r = await inspect(...args());
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      });
    }

    it('unknown flags are usage errors (exit 2)', async () => {
      const r = await inspect('frc:N=12,s=3', '--bogus');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown option '--bogus'/);
    });
  });
});

describe('speed: all C(20,4) = 4845 straggler sets with optimal decoding', () => {
  it('inspectCode takes well under 2 s (guard; bench/micro/inspect.bench.ts measures it)', () => {
    for (const spec of ['crc:N=20,s=4,seed=1', 'crc:N=20,s=3,seed=1']) {
      const t0 = performance.now();
      const r = inspectCode(spec, { stragglers: 'exhaustive:4' });
      const ms = performance.now() - t0;
      console.log(
        `inspect ${spec} --stragglers exhaustive:4: ${ms.toFixed(1)} ms (statistics ${r.elapsedMs.stragglers.toFixed(1)} ms)`,
      );
      expect(r.stragglers.sets).toBe(4845);
      // CRC(20, 4) tolerates any 4 stragglers; CRC(20, 3) leaves 16 < N − s = 17 survivors: none exact.
      expect(r.exactFraction).toBe(spec.includes('s=4') ? 1 : 0);
      expect(ms).toBeLessThan(2000);
    }
  });
});

describe('the built bin', () => {
  // Compiled like `npm run build`, into a private directory so concurrent test runs never read a half-written dist/.
  const out = join(root, '.tmp', `inspect-bin-${process.pid}`);
  const bin = join(out, 'src', 'cli', 'bin.js');
  beforeAll(() => {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', out],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    if (build.status !== 0)
      console.log(`tsc reported (the bin may still have been emitted):\n${build.stdout}${build.stderr}`);
    expect(existsSync(bin), `tsc did not emit ${bin}`).toBe(true);
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const run = (...args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'inspect', ...args], { cwd: root, encoding: 'utf8' });
    return { ...r, ms: performance.now() - t0 };
  };

  it('runs C(20,4) exhaustive with optimal decoding in under 2 s end to end, JSON on stdout', () => {
    const r = run('crc:N=20,s=3,seed=1', '--stragglers', 'exhaustive:4', '--json');
    console.log(
      `node dist/src/cli/bin.js inspect crc:N=20,s=3,seed=1 --stragglers exhaustive:4: ${r.ms.toFixed(0)} ms wall`,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.stragglers.sets).toBe(4845);
    expect(report.N).toBe(20);
    expect(report.decoder).toBe('optimal');
    expect(r.ms).toBeLessThan(2000);
  });

  it('exits with 2 and one line naming the parameter on bad input', () => {
    const r = run('frc:N=10,s=3');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gradcode: bad input: code.s: FRC needs (s + 1) | N; s + 1 = 4 does not divide N = 10\n');
  });
});

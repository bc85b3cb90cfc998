/**
 * The benchmark harness on tiny sizes (issue 8): statistical agreement checks, the report, one end-to-end run of W2
 * with gradcode's CPU backend in a child process against the NumPy peer (when python3 with NumPy is available), a
 * deliberately biased peer (must be reported as a disagreement), a failing peer and a skipping peer; and W3 (coded
 * gradient descent through src/train) against the NumPy peer on the exported dataset.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bonferroniZ, compareStatistics, evaluatePairs } from '../../bench/harness/agreement.js';
import { benchPlan } from '../../bench/harness/bench-command.js';
import { type PeerSpec, peersDir, pythonPeer } from '../../bench/harness/peers.js';
import { formatChecks, formatReport, renderTable } from '../../bench/harness/report.js';
import { parseRunnerOutput, stringifyResult } from '../../bench/harness/result.js';
import { runBench } from '../../bench/harness/run-bench.js';
import { timing, timingRows } from '../../bench/harness/summary.js';
import { workloadById } from '../../bench/workloads/index.js';
import { InputError } from '../../src/errors.js';

const mean = (m: number, se: number, n = 1000) => ({
  kind: 'mean' as const,
  mean: m,
  se,
  n,
  ciLo: m - 2 * se,
  ciHi: m + 2 * se,
});

describe('agreement checks', () => {
  it('means: z from the combined standard error', () => {
    expect(compareStatistics(mean(1, 0.03), mean(1.05, 0.04), 3).z).toBeCloseTo(-1, 10);
    expect(compareStatistics(mean(1, 0.03), mean(1.05, 0.04), 3).agree).toBe(true);
    expect(compareStatistics(mean(1, 0.003), mean(1.05, 0.004), 3).agree).toBe(false);
  });

  it('counts: two-proportion z test; equal proportions agree', () => {
    const a = { kind: 'count' as const, count: 280, of: 10000 };
    expect(compareStatistics(a, { kind: 'count', count: 290, of: 10000 }, 3).agree).toBe(true);
    expect(compareStatistics(a, { kind: 'count', count: 600, of: 10000 }, 3).agree).toBe(false);
    expect(compareStatistics({ kind: 'count', count: 0, of: 5 }, { kind: 'count', count: 0, of: 9 }, 3).agree).toBe(
      true,
    );
  });

  it('quantiles: +∞ on both sides agrees, on one side disagrees, finite values use the order-statistic interval', () => {
    const inf = { kind: 'quantile' as const, q: 0.99, value: Number.POSITIVE_INFINITY };
    expect(compareStatistics(inf, inf, 3).agree).toBe(true);
    expect(compareStatistics(inf, { kind: 'quantile', q: 0.99, value: 10, lo: 9.9, hi: 10.1 }, 3).agree).toBe(false);
    const peer = { kind: 'quantile' as const, q: 0.99, value: 10, lo: 9.9, hi: 10.1 };
    expect(compareStatistics({ kind: 'quantile', q: 0.99, value: 10.1, resolution: 0.01 }, peer, 3).agree).toBe(true);
    expect(compareStatistics({ kind: 'quantile', q: 0.99, value: 11, resolution: 0.01 }, peer, 3).agree).toBe(false);
  });

  it('Bonferroni: the critical z grows with the number of checks', () => {
    expect(bonferroniZ(1)).toBeCloseTo(1.96, 2);
    expect(bonferroniZ(26)).toBeGreaterThan(3);
    expect(bonferroniZ(100)).toBeGreaterThan(bonferroniZ(26));
  });

  it('a disagreement is reported in the table and the verdict line', () => {
    const pair = {
      workload: 'W2',
      config: 'c',
      statistic: 'mean error',
      gradcode: 'gradcode cpu',
      peer: 'numpy',
      a: mean(1, 0.001),
      b: mean(2, 0.001),
    };
    const { zCritical, checks } = evaluatePairs([pair]);
    expect(checks[0].agree).toBe(false);
    const text = formatChecks(
      {
        started: '',
        machine: { cpu: '', cores: 1, memoryGiB: 1, os: '', node: '', loadAverage: '' },
        mode: 'tiny',
        scale: 1,
        reps: 1,
        workloads: [],
        unavailable: [],
        zCritical,
        checks,
      },
      'text',
    );
    expect(text).toMatch(/DISAGREE/);
    expect(text).toMatch(/1 of 1 checks DISAGREE/);
  });
});

describe('result format and tables', () => {
  it('round-trips infinities through the runner line', () => {
    const line = stringifyResult({
      runner: 'x',
      workload: 'W1',
      configs: [{ label: 'a', stats: { p: { kind: 'quantile', q: 0.99, value: Number.POSITIVE_INFINITY } } }],
    });
    const parsed = parseRunnerOutput(`noise\n${line}\n`);
    expect('configs' in parsed && parsed.configs[0].stats.p).toMatchObject({ value: Number.POSITIVE_INFINITY });
    expect(parseRunnerOutput('{"skipped": "no torch"}')).toEqual({ skipped: 'no torch' });
    expect(() => parseRunnerOutput('Traceback …')).toThrow(/not JSON/);
  });

  it('medians, and aligned or Markdown tables', () => {
    expect(timing([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, reps: 3 });
    expect(timing([4, 1, 2, 3]).median).toBe(2.5);
    expect(
      renderTable(
        [
          ['a', 'bb'],
          ['ccc', 'd'],
        ],
        'text',
        [1],
      ),
    ).toBe('a    bb\nccc   d');
    expect(
      renderTable(
        [
          ['a', 'b'],
          ['1', '2'],
        ],
        'markdown',
        [1],
      ),
    ).toBe('| a | b |\n| --- | ---: |\n| 1 | 2 |');
  });

  it('flags: unknown workloads, backends and bad repetitions are bad input naming the flag', () => {
    expect(() => benchPlan({ workload: 'W9' })).toThrow(InputError);
    expect(() => benchPlan({ backends: 'cuda' })).toThrow(/--backends/);
    expect(() => benchPlan({ reps: '0' })).toThrow(/--reps/);
    expect(() => benchPlan({ scale: '2' })).toThrow(/--scale/);
    expect(() => benchPlan({ scale: 'x' })).toThrow(/--scale/);
    expect(benchPlan({ scale: '0.2' }).scale).toBe(0.2);
    expect(workloadById('W1')!.size('full', 0.2)).toEqual({ trials: 200_000 });
    expect(workloadById('W3')!.size('full', 0.5)).toMatchObject({ runs: 128, iterations: 200, rows: 16384 });
    const plan = benchPlan({ quick: true, workload: 'w1,w2', backends: 'cpu', out: '/tmp/x' });
    expect(plan).toMatchObject({ mode: 'quick', workloads: ['W1', 'W2'], backends: ['cpu'], reps: 2 });
  });
});

describe('workload exports', () => {
  it('W1 exports gradcode’s schedule and recovery thresholds; W2 the code matrix', () => {
    const w1 = workloadById('W1')!.peerInput({ trials: 10 }) as {
      stragglers: Record<string, number>;
      configs: { protocol: string; parts: number; k?: number; chunkAt?: number[]; load: number }[];
    };
    expect(w1.stragglers).toEqual({ shift: 1, rate: 1, slowCount: 10, slowFactor: 5, failureP: 0.05 });
    expect(w1.configs.map((c) => [c.protocol, c.parts, c.k])).toEqual([
      ['partial', 1, undefined],
      ['partial', 2, undefined],
      ['original', 1, 91],
      ['original', 2, 92],
    ]);
    // Cyclic natural order: worker j processes chunks j, j+1, …, j+9 (mod 100).
    expect(w1.configs[0].chunkAt?.slice(990, 1000)).toEqual([99, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const w2 = workloadById('W2')!.peerInput({ trials: 10 }) as { configs: { matrix: number[][]; failureP: number }[] };
    const matrix = w2.configs[0].matrix;
    expect(matrix).toHaveLength(64);
    expect(matrix.every((row) => row.reduce((s, x) => s + x, 0) === 4)).toBe(true);
    expect(w2.configs[0].failureP).toBe(0.2);
  });

  it('W3 writes gradcode’s dataset as raw f64 and exports the CRC matrix, chunks and steps 1/L', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradcode-w3-export-'));
    try {
      const size = { runs: 2, iterations: 3, rows: 256, features: 8 };
      const input = workloadById('W3')!.peerInput(size, dir) as {
        configs: {
          dataFile: string;
          n: number;
          d: number;
          matrix: number[][];
          chunkStart: number[];
          steps: number[];
        }[];
      };
      const c = input.configs[0];
      expect(statSync(c.dataFile).size).toBe(8 * (256 * 8 + 256));
      expect(c.matrix).toHaveLength(32);
      expect(c.matrix.every((row) => row.filter((x) => x !== 0).length === 4)).toBe(true);
      expect(c.chunkStart).toHaveLength(33);
      expect(c.chunkStart.at(-1)).toBe(256);
      expect(c.steps).toHaveLength(3);
      expect(new Set(c.steps).size).toBe(1);
      expect(c.steps[0]).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const hasNumpy = spawnSync(process.env.PYTHON ?? 'python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('end to end on tiny sizes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradcode-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = (mode: string): PeerSpec => ({
    name: mode,
    command: (_w, input) => ({
      command: process.execPath,
      args: [join(import.meta.dirname, 'fixtures', 'fake-peer.mjs'), mode, input],
    }),
    unavailable: () => null,
  });

  it('W2: gradcode cpu vs NumPy (agree), a biased peer (disagree), a failing and a skipping peer', async () => {
    if (!hasNumpy) console.warn('python3 with NumPy not found: the NumPy peer is reported as skipped in this test');
    const report = await runBench({
      mode: 'tiny',
      workloads: ['W2'],
      backends: ['cpu'],
      peers: [pythonPeer('numpy', process.env.PYTHON ?? 'python3'), fake('biased'), fake('fail'), fake('skip')],
      reps: 2,
      timeoutSeconds: 120,
      workDir: dir,
      log: () => {},
    });
    expect(report.unavailable).toEqual([]);
    const w2 = report.workloads[0];
    const status = (runner: string) => w2.records.filter((r) => r.runner === runner).map((r) => r.outcome.status);
    expect(status('gradcode cpu')).toEqual(['ok', 'ok']);
    expect(status('biased')).toEqual(['ok', 'ok']);
    expect(status('fail')).toEqual(['failed']);
    expect(status('skip')).toEqual(['skipped']);
    const biased = report.checks.filter((c) => c.peer === 'biased');
    expect(biased).toHaveLength(1);
    expect(biased[0].agree).toBe(false);
    if (hasNumpy) {
      expect(status('numpy')).toEqual(['ok', 'ok']);
      const numpy = report.checks.filter((c) => c.peer === 'numpy');
      expect(numpy.map((c) => [c.statistic, c.agree])).toEqual([['mean error', true]]);
      expect(timingRows(w2).find((r) => r.runner === 'gradcode cpu' && r.config === 'total')?.vsNumpy).toBeGreaterThan(
        0,
      );
    } else expect(status('numpy')).toEqual(['skipped']);
    const text = formatReport(report, 'text');
    expect(text).toMatch(/DISAGREE/);
    expect(text).toMatch(/fake peer: deliberate failure/);
    expect(text).toMatch(/skipped: fake peer: not installed here/);
  }, 120_000);

  it('numpy-alg: NumPy with gradcode’s complement form on W2 only, the same error as the ridge peer on the same draws', () => {
    const python = process.env.PYTHON ?? 'python3';
    const alg = pythonPeer('numpy-alg', python);
    expect(alg.command(workloadById('W1')!, 'in.json')).toBeNull();
    expect(alg.command(workloadById('W3')!, 'in.json')).toBeNull();
    expect(alg.command(workloadById('W2')!, 'in.json')?.args.slice(-2)).toEqual(['in.json', 'complement']);
    if (!hasNumpy) return;
    const input = join(dir, 'w2-alg.json');
    writeFileSync(input, stringifyResult(workloadById('W2')!.peerInput(workloadById('W2')!.size('tiny'))));
    const run = (method: string) => {
      const out = spawnSync(python, [join(peersDir(), 'w2_numpy.py'), input, method], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      return JSON.parse(out.stdout.trim().split('\n').at(-1) as string).configs[0].stats['mean error'].mean as number;
    };
    // NumPy's generator gives both methods the same masks: the two optimal errors agree to roundoff.
    expect(Math.abs(run('complement') - run('ridge'))).toBeLessThan(1e-6);
  });

  it('W3: gradcode cpu (src/train) vs NumPy on the exported dataset — the final mean ‖x − x*‖² agrees', async () => {
    const report = await runBench({
      mode: 'tiny',
      workloads: ['W3'],
      backends: ['cpu'],
      peers: [pythonPeer('numpy', process.env.PYTHON ?? 'python3')],
      reps: 1,
      timeoutSeconds: 120,
      workDir: dir,
      log: () => {},
    });
    const w3 = report.workloads[0];
    expect(w3.unit).toBe('run-iterations');
    const gradcode = w3.records.find((r) => r.runner === 'gradcode cpu')?.outcome;
    expect(gradcode?.status).toBe('ok');
    if (gradcode?.status === 'ok') expect(gradcode.result.configs[0].units).toBe(8 * 10);
    if (hasNumpy) {
      expect(report.checks.map((c) => [c.statistic, c.agree])).toEqual([['final distance', true]]);
    }
  }, 120_000);
});

describe('report folders', () => {
  it('are new or empty: a folder holding anything, or a file, is refused naming --out and left as it was', async () => {
    const { newReportDir } = await import('../../bench/harness/bench-command.js');
    const root = mkdtempSync(join(tmpdir(), 'bench-out-'));
    try {
      newReportDir(join(root, 'new'));
      expect(statSync(join(root, 'new')).isDirectory()).toBe(true);
      newReportDir(join(root, 'new')); // empty: fine
      writeFileSync(join(root, 'new', 'mine.txt'), 'mine');
      expect(() => newReportDir(join(root, 'new'))).toThrow(/--out: .*not an empty folder/);
      expect(() => newReportDir(join(root, 'new', 'mine.txt'))).toThrow(InputError);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

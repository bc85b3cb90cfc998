/**
 * The summary of `bash bench/gpu-check.sh OUT_DIR` (issue 18): each GPU target reads met or missed from the ratios it
 * is given, and what a step did not leave is said, not guessed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gpuCheckSummary } from '../../bench/harness/gpu-check-summary.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A finished runner record: `seconds` split into set-up (0) and one configuration. */
function record(runner: string, workload: string, seconds: number, units: number) {
  const result = {
    runner: runner === 'torch' ? 'torch' : 'gradcode',
    workload,
    device: 'gpu',
    versions: {},
    setupSeconds: 0,
    configs: [{ label: 'c', seconds, units, stats: {} }],
    maxRssKiB: null,
    gpuPeakBytes: null,
    notes: {},
  };
  return { rep: 0, runner, outcome: { status: 'ok', result, processSeconds: seconds } };
}

/** A report directory with gradcode and torch totals per workload, a steady-state W1 rate and a test log. */
function reportDir(totals: Record<string, [gradcode: number, torch: number]>, w1TrialsPerSecond: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpu-check-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bench'));
  const workloads = Object.entries(totals).map(([id, [g, t]]) => ({
    id,
    runners: ['gradcode webgpu', 'torch'],
    records: [record('gradcode webgpu', id, g, 1000), record('torch', id, t, 1000)],
  }));
  writeFileSync(join(dir, 'bench', 'report.json'), JSON.stringify({ workloads, checks: [{ agree: true }] }));
  writeFileSync(join(dir, 'doctor.txt'), 'WebGPU adapters (1):\n  • NVIDIA H200  [vulkan, hardware]\n');
  const steady = { ...record('gradcode webgpu', 'W1', 1, w1TrialsPerSecond).outcome.result };
  writeFileSync(join(dir, 'steady.jsonl'), `${JSON.stringify(steady)}\nexit 0\n`);
  writeFileSync(join(dir, 'gpu-tests.log'), '      Tests  98 passed (98)\n');
  return dir;
}

const row = (summary: string, id: string) => summary.split('\n').find((l) => l.startsWith(`| ${id} |`)) ?? '';

describe('gpu-check summary', () => {
  it('reads each target as met at or above its ratio and missed below it', () => {
    // W1 ≥ 5×, W2 ≥ 3×, W3 ≥ 2× PyTorch: exactly 5× meets, 2.9× and 1.5× miss.
    const s = gpuCheckSummary(reportDir({ W1: [1, 5], W2: [1, 2.9], W3: [1, 1.5] }, 2e8));
    expect(row(s, 'W1')).toMatch(/5\.00× \| ≥ 5×: met/);
    expect(row(s, 'W2')).toMatch(/2\.90× \| ≥ 3×: missed/);
    expect(row(s, 'W3')).toMatch(/1\.50× \| ≥ 2×: missed/);
    // 2·10⁸ trials/s is 36 % of the 5.6·10⁸ op-count limit: met; 10⁸ (18 %) misses.
    expect(s).toMatch(/W1 steady state: 200–200 M trials\/s .*target ≥ 30 %: met/);
    expect(gpuCheckSummary(reportDir({ W1: [1, 6] }, 1e8))).toMatch(/target ≥ 30 %: missed/);
    expect(s).toContain('adapter: NVIDIA H200  [vulkan, hardware]');
    expect(s).toContain('agreement checks: 1 / 1 agree');
    expect(s).toContain('GPU tests: 98 passed (98)');
  });

  it('says what a step did not leave', () => {
    const empty = mkdtempSync(join(tmpdir(), 'gpu-check-'));
    dirs.push(empty);
    const s = gpuCheckSummary(empty);
    expect(s).toContain('bench: no report');
    expect(s).toContain('steady state: no log');
    expect(s).toContain('GPU tests: no log');
    expect(s).toContain('adapter: unknown adapter');
  });
});

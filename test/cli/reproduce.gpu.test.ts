import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { releaseEngine } from '../../src/engine/release.js';
import { describeGpu } from '../engine/support/gpu.js';
import { runCliInProcess } from '../helpers/in-process-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-cli-reproduce-gpu-'));

/** Runs `gradcode reproduce ID --quick --json` in-process and returns the parsed JSON. */
async function reproduce(id: string, backend: string): Promise<Record<string, unknown>> {
  const { code, stdout, stderr } = await runCliInProcess(
    'reproduce',
    id,
    '--quick',
    '--json',
    '--backend',
    backend,
    '--out',
    join(dir, `${id}-${backend}`),
  );
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout);
}

describeGpu('gradcode reproduce on the WebGPU backend', () => {
  afterAll(async () => {
    await releaseEngine();
    rmSync(dir, { recursive: true, force: true });
  });

  // The trial engine's WGSL kernels (f32) and the f64 CPU twin draw the same Philox stragglers, so an entry's measured
  // value agrees between the backends up to f32 rounding of the decoder (well inside the CPU's 95% CI), with the same
  // verdict.
  it('ramamoorthy2024-approx --quick measures the CPU twin’s ratio', async () => {
    const gpu = await reproduce('ramamoorthy2024-approx', 'webgpu');
    const cpu = await reproduce('ramamoorthy2024-approx', 'cpu');
    expect(Object.keys(gpu)).toEqual(['id', 'claim', 'measured', 'ci', 'verdict', 'reason']);
    expect(gpu.verdict).toBe(cpu.verdict);
    const [lo, hi] = cpu.ci as [number, number];
    expect(gpu.measured).toBeGreaterThan(lo);
    expect(gpu.measured).toBeLessThan(hi);
    expect(Math.abs((gpu.measured as number) / (cpu.measured as number) - 1)).toBeLessThan(0.02);
  }, 120_000);

  // Coded GD (src/train) on the GPU: the WGSL descent kernels in f32. Its verdict may differ from the f64 twin's —
  // exact GD's plateau is f32 roundoff there — so this checks that the path runs and reports, not the verdict.
  it('erasurehead --quick runs coded GD on the GPU', async () => {
    const gpu = await reproduce('erasurehead', 'webgpu');
    expect(Object.keys(gpu)).toEqual(['id', 'claim', 'measured', 'ci', 'verdict', 'reason']);
    expect(['PASS', 'FAIL', 'PARTIAL', 'UNTESTABLE', 'INDICATIVE']).toContain(gpu.verdict);
    const full = JSON.parse(readFileSync(join(dir, 'erasurehead-webgpu', 'result.json'), 'utf8'));
    expect(full.backend).toMatch(/webgpu.*\(coded GD\)/);
    expect(full.checks.some((c: { name: string }) => c.name.includes('PL noise-floor bound'))).toBe(true);
  }, 240_000);
});

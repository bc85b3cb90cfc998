import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { releaseEngine } from '../../src/engine/release.js';
import { listAdapters } from '../../src/engine/webgpu/adapters.js';
import { describeGpu } from '../engine/support/gpu.js';
import { runCliInProcess } from '../helpers/in-process-cli.js';

const exec = promisify(execFile);

/** Runs the CLI from source in a child process; resolves with its exit code and output (never rejects on exit ≠ 0). */
async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    if (e.killed || typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const inProcess = (args: string[]) => runCliInProcess(...args);

describeGpu('gradcode doctor', () => {
  afterEach(() => vi.restoreAllMocks());
  afterAll(releaseEngine);

  it('--json reports Node, Dawn, every adapter with limits, and the auto choice', async () => {
    const { code, stdout } = await inProcess(['doctor', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.node).toBe(process.version);
    expect(report.webgpu).toMatch(/^\d+\.\d+\.\d+$/);
    const adapters = await listAdapters();
    expect(report.adapters.map((a: { name: string }) => a.name)).toEqual(adapters.map((a) => a.name));
    expect(report.adapters[0].limits.maxStorageBufferBindingSize).toBeGreaterThan(0);
    // Without a workload, auto opens a hardware GPU; a software adapter only for a run its cost model predicts faster.
    const hardware = adapters.find((a) => !a.software);
    expect(report.auto).toMatchObject(
      hardware ? { backend: 'webgpu', adapter: hardware.name } : { backend: 'cpu', adapter: null },
    );
    // The calibration section lists the CPU backend and every adapter, with measured numbers only.
    expect(report.calibration.devices).toHaveLength(adapters.length + 1);
    expect(report.example.spec).toBe('examples/default.yaml');
    expect(report.fix).toBeNull();
  });

  it('prints a readable report and exits by itself with code 0', async () => {
    const { code, stdout } = await cli(['doctor']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^gradcode \d+\.\d+\.\d+\n {2}Node v\d+/);
    expect(stdout).toMatch(/WebGPU adapters \([1-9]\d*\):\n {2}• /);
    expect(stdout).toMatch(/limits: storage binding \d/);
    expect(stdout).toMatch(/--backend auto → (webgpu on "|cpu: no hardware GPU)/);
    expect(stdout).toMatch(/^Calibration of --backend auto \(.*calibration\.json; `gradcode doctor --recalibrate`/m);
    expect(stdout).toMatch(/^Predicted for examples\/default\.yaml/m);
  });

  it('prints the one-line driver fix when Vulkan finds no driver', async () => {
    const { code, stdout } = await cli(['doctor'], {
      VK_ICD_FILENAMES: '/nonexistent/icd.json',
      VK_DRIVER_FILES: '/nonexistent/icd.json',
    });
    expect(code).toBe(0);
    expect(stdout).toContain('WebGPU adapters (0):\n  none\n  fix: ');
    expect(stdout).toMatch(/mesa-vulkan-drivers/);
    expect(stdout).toContain('--backend auto → cpu: no WebGPU adapter found');
  });

  it('exits 2 on an unknown backend or adapter, naming the valid choices', async () => {
    const backend = await cli(['doctor', '--backend', 'tpu']);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain(
      '--backend: unknown backend "tpu" (did you mean "cpu"?); valid choices: auto, webgpu, cpu',
    );
    const adapter = await cli(['doctor', '--adapter', 'no-such-gpu-9000']);
    expect(adapter.code).toBe(2);
    expect(adapter.stderr).toMatch(/--adapter: no adapter named "no-such-gpu-9000"; valid adapters: "/);
  });
});

describe('gradcode doctor (no GPU needed)', () => {
  it('rejects an unknown backend before touching the GPU', async () => {
    const { code, stderr } = await inProcess(['doctor', '--backend', 'gpu.js']);
    expect(code).toBe(2);
    expect(stderr).toContain('valid choices: auto, webgpu, cpu');
  });
});

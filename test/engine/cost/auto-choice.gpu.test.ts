import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseCodeSpec } from '../../../src/codes/spec.js';
import type { AutoDecision } from '../../../src/engine/cost/auto-choice.js';
import { CalibrationStore, type FamilyMeasurement } from '../../../src/engine/cost/calibration-store.js';
import { adapterIdentity, cpuIdentity } from '../../../src/engine/cost/device-identity.js';
import { recalibrate } from '../../../src/engine/cost/recalibrate.js';
import { defaultCpuThreads } from '../../../src/engine/cpu/worker-pool.js';
import { createBackend } from '../../../src/engine/create-backend.js';
import { listAdapters, requestAdapter } from '../../../src/engine/webgpu/adapters.js';
import { trialWorkload } from '../../../src/trials/trial-workload.js';
import { naturalCell } from '../../helpers/trial-cell.js';
import { describeGpu } from '../support/gpu.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-auto-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `calibration-${files++}.json`);

const stragglers = {
  chunkTime: { dist: 'shifted-exponential', shift: 1, rate: 1 },
  slow: { fraction: 0.2, factor: 4 },
};
const cell = (trials: number) =>
  naturalCell(parseCodeSpec('crc:N=12,s=2'), stragglers, { kind: 'partial', parts: 1 }, [], { trials });

function seeded(secondsPerWork: number, compile: number): FamilyMeasurement {
  return {
    probe: 'seeded',
    items: 1,
    seconds: 1,
    secondsPerWork,
    callSeconds: 0,
    compileColdSeconds: compile,
    compileWarmSeconds: compile,
    measuredAt: new Date().toISOString(),
  };
}

async function choose(trials: number, path: string): Promise<{ kind: string; decision: AutoDecision }> {
  let decision: AutoDecision | undefined;
  const backend = await createBackend({
    backend: 'auto',
    workload: trialWorkload([cell(trials)]),
    calibrationPath: path,
    onDecision: (d) => {
      decision = d;
    },
  });
  const kind = backend.kind;
  await backend.dispose();
  if (!decision) throw new Error('no decision');
  return { kind, decision };
}

describeGpu('auto for a workload', () => {
  it('measures the CPU backend on the run’s own cells, and leaves an uncalibrated adapter alone for a short run', async () => {
    const path = freshPath();
    const { kind, decision } = await choose(5000, path);
    const { report } = await requestAdapter();
    if (report.software) {
      expect(kind).toBe('cpu');
      expect(decision.reason).toMatch(/is not calibrated for .*doctor --recalibrate/);
    }
    expect(decision.measuredNow).toEqual(['cpu: trials partial']);
    const cpu = CalibrationStore.open(cpuIdentity(defaultCpuThreads()), path);
    expect(cpu.family('trials partial')?.secondsPerWork).toBeGreaterThan(0);
    expect(cpu.device.startSeconds).toBeGreaterThan(0);
    // Calibrated now: the next decision measures nothing.
    expect((await choose(5000, path)).decision.measuredNow).toEqual([]);
  });

  it('picks the device its calibration predicts faster, either way', async () => {
    const { report } = await requestAdapter();
    for (const [gpuRate, cpuRate, expected] of [
      [1e-12, 1e-6, 'webgpu'],
      [1e-6, 1e-12, 'cpu'],
    ] as const) {
      const path = freshPath();
      const cpu = CalibrationStore.open(cpuIdentity(defaultCpuThreads()), path);
      cpu.setStart(0, new Date().toISOString());
      cpu.setFamily('trials partial', { ...seeded(cpuRate, 0), inlineSecondsPerWork: cpuRate });
      cpu.save();
      const gpu = CalibrationStore.open(adapterIdentity(report), path);
      gpu.setStart(0, new Date().toISOString());
      gpu.setFamily('trials partial', seeded(gpuRate, 0));
      gpu.save();
      const { kind, decision } = await choose(100_000, path);
      expect(kind).toBe(expected);
      expect(decision.measuredNow).toEqual([]);
      expect(decision.reason).toMatch(/^predicted .* against .* on the CPU backend .*; calibration of 20\d\d-/);
    }
  });

  it('measures an uncalibrated adapter during a run long enough to pay for it, and records its pipelines', async () => {
    const path = freshPath();
    const { decision } = await choose(2_000_000_000, path);
    const { report } = await requestAdapter();
    expect(decision.measuredNow).toContain(`${report.description || report.name}: trials partial`);
    const gpu = CalibrationStore.open(adapterIdentity(report), path);
    const m = gpu.family('trials partial');
    expect(m?.secondsPerWork).toBeGreaterThan(0);
    expect((m?.compileColdSeconds ?? m?.compileWarmSeconds ?? -1) >= 0).toBe(true);
    expect(Object.values(gpu.device.compiled).flatMap((hashes) => Object.keys(hashes)).length).toBeGreaterThan(0);
  });
});

describeGpu('a recalibration', () => {
  it('measures every family on the CPU backend and on each adapter: rate, start-up, warm and cold compiles', async () => {
    const path = freshPath();
    const { report } = await requestAdapter();
    const adapters = (await listAdapters()).filter((a) => adapterIdentity(a).adapter?.device === report.device);
    const cold: string[] = [];
    const options = {
      adapters,
      calibrationPath: path,
      repeats: 1,
      coldCompiles: async (adapter: { name: string }) => {
        cold.push(adapter.name);
        return { 'trials partial': 4.5 };
      },
    };
    const units = trialWorkload([cell(100_000)]);
    await recalibrate(units, options);
    // The cold compile comes from the child measurement (here a stub), the warm one from a fresh device.
    expect(cold).toEqual(adapters.map((a) => a.name));
    const cpu = CalibrationStore.open(cpuIdentity(defaultCpuThreads()), path);
    expect(cpu.family('trials partial')?.inlineSecondsPerWork).toBeGreaterThan(0);
    const gpu = CalibrationStore.open(adapterIdentity(report), path).family('trials partial');
    expect(gpu?.compileColdSeconds).toBe(4.5);
    expect(gpu?.compileWarmSeconds).toBeGreaterThanOrEqual(0);
    expect(gpu?.probe).toMatch(/^trials partial, N=12 m=12 nnz=36 ℓ=1 grid 0, \d+ items$/);
  });
});

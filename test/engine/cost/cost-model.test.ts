import { describe, expect, it } from 'vitest';
import type { DeviceCalibration, FamilyMeasurement } from '../../../src/engine/cost/calibration-store.js';
import { computeSeconds, formatSeconds, predictDevice } from '../../../src/engine/cost/cost-model.js';
import { cpuIdentity } from '../../../src/engine/cost/device-identity.js';
import type { WorkUnit } from '../../../src/engine/cost/work-unit.js';
import { INLINE_BELOW_MS } from '../../../src/engine/cpu/cpu-backend.js';

/** A unit of `items` items of 1000 nominal ns each, in `calls` calls on every backend. */
function unit(family: string, items: number, calls = 1, pipelines: string[] = []): WorkUnit {
  return {
    label: family,
    family,
    shape: family,
    items,
    nominalNs: 1000,
    calls: { cpu: calls, webgpu: calls },
    pipelines,
    probe: async () => undefined,
  };
}

function measurement(change: Partial<FamilyMeasurement> = {}): FamilyMeasurement {
  return {
    probe: 'p',
    items: 1,
    seconds: 1,
    secondsPerWork: 1e-9,
    callSeconds: 0.01,
    measuredAt: '2026-12-06T00:00:00.000Z',
    ...change,
  };
}

function device(families: Record<string, FamilyMeasurement>, startSeconds = 0.5): DeviceCalibration {
  return { identity: cpuIdentity(2), startSeconds, startMeasuredAt: 'x', families, compiled: {} };
}

describe('the cost model', () => {
  it('charges work at the family’s measured rate plus a cost per call', () => {
    // 10⁶ items × 1000 ns × 1e-9 s/ns = 1 s, plus 4 calls × 0.01 s.
    expect(computeSeconds('webgpu', unit('f', 1e6, 4), measurement())).toBeCloseTo(1.04, 12);
  });

  it('uses the CPU backend’s one-thread rate for calls small enough to run inline', () => {
    const m = measurement({ inlineSecondsPerWork: 3e-9 });
    const small = (INLINE_BELOW_MS / 2) * 1e3; // items of 1000 ns: half the inline threshold per call
    expect(computeSeconds('cpu', unit('f', small), m)).toBeCloseTo(small * 1000 * 3e-9, 12);
    const large = INLINE_BELOW_MS * 4e3;
    expect(computeSeconds('cpu', unit('f', large), m)).toBeCloseTo(large * 1000 * 1e-9 + 0.01, 12);
    expect(computeSeconds('webgpu', unit('f', small), m)).toBeCloseTo(small * 1000 * 1e-9 + 0.01, 12);
  });

  it('adds start-up once and every pipeline’s compile at its first use, cold or warm', () => {
    const calibration = device({ f: measurement({ compileColdSeconds: 3, compileWarmSeconds: 0.2 }) });
    const units = [unit('f', 0, 1, ['a']), unit('f', 0, 1, ['a', 'b']), unit('f', 0, 1, ['c'])];
    const states = { a: 'cold', b: 'warm', c: 'ready' } as const;
    const p = predictDevice(calibration, 'webgpu', units, { pipelines: (h) => states[h as keyof typeof states] });
    expect(p.missing).toEqual([]);
    expect(p.perUnit.map((s) => +s.toFixed(6))).toEqual([3.01, 0.21, 0.01]);
    expect(p).toMatchObject({ startSeconds: 0.5, compileSeconds: 3.2, pipelinesCold: 1, pipelinesWarm: 1 });
    expect(p.seconds).toBeCloseTo(0.5 + 3.23, 12);
    expect(predictDevice(calibration, 'webgpu', units, { started: true }).startSeconds).toBe(0);
    // The CPU backend compiles nothing.
    expect(predictDevice(calibration, 'cpu', units).compileSeconds).toBe(0);
  });

  it('lists what the calibration lacks instead of guessing it', () => {
    const unmeasured = { ...device({ f: measurement() }), startSeconds: undefined };
    const p = predictDevice(unmeasured, 'webgpu', [unit('f', 10, 1, ['a']), unit('g', 10)]);
    expect(p.missing).toEqual(['start-up', 'f compile (cold)', 'g']);
  });

  it('formats seconds for messages', () => {
    expect([0.0123, 1.234, 42.2, 600, 36000].map(formatSeconds)).toEqual([
      '12 ms',
      '1.2 s',
      '42.2 s',
      '10 min',
      '10.0 h',
    ]);
    // Unit boundaries are decided after rounding (they read 1000 ms, 100 s, 2 min and 100 min before).
    expect([0.9996, 99.96, 100, 149, 5999].map(formatSeconds)).toEqual([
      '1.0 s',
      '1.7 min',
      '1.7 min',
      '2.5 min',
      '1.7 h',
    ]);
  });
});

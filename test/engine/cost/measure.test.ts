import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/engine/backend.js';
import { measureCpu, measureGpu, STEADY_PROBE_MIN_ITEMS } from '../../../src/engine/cost/measure.js';
import type { WorkUnit } from '../../../src/engine/cost/work-unit.js';
import type { CpuBackend } from '../../../src/engine/cpu/cpu-backend.js';
import type { WorkRange } from '../../../src/engine/kernel.js';

/** A unit whose probes run nothing and record the ranges they were asked for. */
function recordingUnit(items: number, nominalNs: number): { unit: WorkUnit; ranges: WorkRange[] } {
  const ranges: WorkRange[] = [];
  const unit: WorkUnit = {
    label: 'u',
    family: 'f',
    shape: 's',
    items,
    nominalNs,
    calls: { cpu: 1, webgpu: 1 },
    pipelines: [],
    probe: async (_backend, range) => {
      ranges.push(range);
    },
  };
  return { unit, ranges };
}

const largest = (ranges: WorkRange[]) => Math.max(...ranges.map((r) => r.end - r.start));

// The probes' sizes decide whether the rate they measure is the steady one: on lavapipe W1's cell ran 11 µs per trial
// at 16384 items and 7 µs from 32768 on, and the 16384-item probe made auto pick the slower CPU for W1.
describe('calibration probe sizes', () => {
  it('measures the GPU steady rate on at least STEADY_PROBE_MIN_ITEMS.webgpu items, even for expensive items', async () => {
    const { unit, ranges } = recordingUnit(1_000_000, 50_000);
    const m = await measureGpu({} as Backend, unit, 'cold');
    expect(m.items).toBe(STEADY_PROBE_MIN_ITEMS.webgpu);
    expect(largest(ranges)).toBe(STEADY_PROBE_MIN_ITEMS.webgpu);
  });

  it('measures the CPU steady rate on at least STEADY_PROBE_MIN_ITEMS.cpu items', async () => {
    const { unit, ranges } = recordingUnit(1_000_000, 50_000);
    const m = await measureCpu({} as CpuBackend, 2, unit);
    expect(m.items).toBe(STEADY_PROBE_MIN_ITEMS.cpu);
    expect(largest(ranges)).toBe(STEADY_PROBE_MIN_ITEMS.cpu);
  });

  it('measures a unit smaller than the minimum at its own size, and cheap items by nominal work', async () => {
    const small = recordingUnit(20_000, 50_000);
    expect((await measureGpu({} as Backend, small.unit, 'warm')).items).toBe(20_000);
    const cheap = recordingUnit(10_000_000, 1_000);
    // 600 ms of nominal work at 1 µs per item is 600 000 items, above the minimum.
    expect((await measureGpu({} as Backend, cheap.unit, 'warm')).items).toBe(600_000);
  });
});

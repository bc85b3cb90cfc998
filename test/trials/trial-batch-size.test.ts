import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKGROUP_SIZE } from '../../src/engine/webgpu/dispatch.js';
import { DEFAULT_LIMITS, type KeyLimits } from '../../src/engine/webgpu/limits.js';
import type { TrialCell } from '../../src/trials/cell.js';
import {
  MAX_SCRATCH_BYTES_PER_BATCH,
  MAX_SCRATCH_BYTES_PER_HARDWARE_BATCH,
  MAX_TRIALS_PER_BATCH,
  MAX_TRIALS_PER_HARDWARE_BATCH,
  maxTrialsPerBatch,
  scratchBytesPerTrial,
} from '../../src/trials/trial-kernel.js';
import { codeFromSupport, cyclicSupport } from '../helpers/code-from-support.js';
import { naturalCell } from '../helpers/trial-cell.js';

/** W1's shape: N = m = 100, cyclic δ = 10, partial ℓ = 1 (4.8 kB of scratch per trial). */
function w1Cell(): TrialCell {
  const code = codeFromSupport(cyclicSupport(100, 10), 100);
  const stragglers = { chunkTime: { dist: 'shifted-exponential', shift: 1, rate: 1 } };
  return naturalCell(code, stragglers, { kind: 'partial', parts: 1 }, [1], { trials: 1_000_000 });
}

const big: KeyLimits = { ...DEFAULT_LIMITS, maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 40 };
const params = { cell: w1Cell(), keepRaw: false, histogram: null };

describe('trial kernel batch size', () => {
  const perTrial = scratchBytesPerTrial(params.cell);

  it('keeps a software adapter at 64 MiB of scratch per buffer and a hardware GPU at 512 MiB', () => {
    const soft = maxTrialsPerBatch(params, { limits: big, software: true });
    const hard = maxTrialsPerBatch(params, { limits: big, software: false });
    for (const [n, budget, most] of [
      [soft, MAX_SCRATCH_BYTES_PER_BATCH, MAX_TRIALS_PER_BATCH],
      [hard, MAX_SCRATCH_BYTES_PER_HARDWARE_BATCH, MAX_TRIALS_PER_HARDWARE_BATCH],
    ]) {
      expect(n % DEFAULT_WORKGROUP_SIZE).toBe(0);
      expect(n).toBeLessThanOrEqual(most);
      expect(n * perTrial).toBeLessThanOrEqual(budget);
      // the largest workgroup multiple that fits: at the cap, or one more workgroup would overflow the budget
      expect(n === most || (n + DEFAULT_WORKGROUP_SIZE) * perTrial > budget).toBe(true);
    }
    expect(soft).toBe(
      Math.floor(MAX_SCRATCH_BYTES_PER_BATCH / perTrial / DEFAULT_WORKGROUP_SIZE) * DEFAULT_WORKGROUP_SIZE,
    );
    expect(hard).toBeGreaterThan(100_000);
    expect(hard).toBeGreaterThanOrEqual(8 * soft);
  });

  it("stays within the adapter's storage binding size", () => {
    const limits = { ...big, maxStorageBufferBindingSize: 128 * 2 ** 20 };
    const n = maxTrialsPerBatch(params, { limits, software: false });
    expect(n * perTrial).toBeLessThanOrEqual(128 * 2 ** 20);
    expect((n + DEFAULT_WORKGROUP_SIZE) * perTrial).toBeGreaterThan(128 * 2 ** 20);
  });

  it('names the scratch size when not even one workgroup fits', () => {
    const limits = { ...big, maxStorageBufferBindingSize: perTrial * 10 };
    expect(() => maxTrialsPerBatch(params, { limits, software: false })).toThrow(/bytes of scratch per trial/);
  });
});

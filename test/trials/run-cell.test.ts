import { describe, expect, it } from 'vitest';
import type { TrialCell } from '../../src/trials/cell.js';
import { CpuTrialExecutor } from '../../src/trials/cpu-executor.js';
import { runCell } from '../../src/trials/run-cell.js';
import { codeFromSupport, cyclicSupport } from '../helpers/code-from-support.js';
import { naturalCell } from '../helpers/trial-cell.js';

function partialCell(trials: number): TrialCell {
  const code = codeFromSupport(cyclicSupport(10, 3), 10);
  const stragglers = { chunkTime: { dist: 'shifted-exponential', shift: 1, rate: 1 }, failures: { p: 0.1 } };
  return naturalCell(code, stragglers, { kind: 'partial', parts: 2 }, [1, 2, 4, 8], { trials, seed: 99, index: 3 });
}

/** An executor with a chosen batch size, to show results do not depend on it. */
class Batched extends CpuTrialExecutor {
  constructor(private readonly size: number) {
    super();
  }
  override batchSize(): number {
    return this.size;
  }
}

/** A batched executor that records the ranges it was given. */
class Recording extends Batched {
  readonly ranges: [number, number][] = [];
  override runBatch(...args: Parameters<CpuTrialExecutor['runBatch']>) {
    this.ranges.push([args[1], args[2]]);
    return super.runBatch(...args);
  }
}

describe('runCell', () => {
  it('runs full-size batches after the pilot, cut at the checkpoints PILOT·2^k only with an adaptive rule', async () => {
    const plain = new Recording(5000);
    await runCell(partialCell(12000), plain);
    expect(plain.ranges).toEqual([
      [0, 4096],
      [4096, 9096],
      [9096, 12000],
    ]);
    const adaptive = new Recording(5000);
    // a half-width no run reaches: the rule is consulted at every checkpoint and never stops the cell
    await runCell(partialCell(12000), adaptive, { adaptive: { relativeHalfWidth: 1e-9, statistic: 'completion' } });
    expect(adaptive.ranges).toEqual([
      [0, 4096],
      [4096, 8192],
      [8192, 12000],
    ]);
  });

  it('gives identical integer outputs and equal statistics for any batch size', async () => {
    const cell = partialCell(12000);
    const a = await runCell(cell, new Batched(777));
    const b = await runCell(cell, new Batched(100000));
    expect(a.reduction.trials).toBe(12000);
    expect(b.reduction.censored).toBe(a.reduction.censored);
    expect([...b.reduction.decodable]).toEqual([...a.reduction.decodable]);
    expect([...b.reduction.histogram!.counts]).toEqual([...a.reduction.histogram!.counts]);
    expect(b.stats.completion.mean).toBeCloseTo(a.stats.completion.mean, 12);
    expect(b.stats.errors[2].error.mean).toBeCloseTo(a.stats.errors[2].error.mean, 12);
    expect(a.stats.completion.quantilesExact).toBe(false);
    expect(a.stats.completion.p50).toBeLessThanOrEqual(a.stats.completion.p90);
  });

  it('keeps exact quantiles and censoring counts for small cells', async () => {
    const r = await runCell(partialCell(500), new CpuTrialExecutor());
    expect(r.stats.completion.quantilesExact).toBe(true);
    expect(r.stats.trials).toBe(500);
    expect(r.stats.censored).toBeGreaterThan(0); // p = 0.1 failures with ℓ = 2 and 3 copies: sometimes impossible
    expect(r.stats.completion.n + r.stats.censored).toBe(500);
  });

  it('adaptive stopping ends at a checkpoint once the CI is tight enough', async () => {
    const cell = partialCell(1_000_000);
    const r = await runCell(cell, new Batched(5000), {
      adaptive: { relativeHalfWidth: 0.01, statistic: 'completion' },
    });
    expect(r.stoppedEarly).toBe(true);
    expect([4096, 8192, 16384, 32768]).toContain(r.stats.trials);
    expect((r.stats.completion.ciHi - r.stats.completion.ciLo) / 2 / r.stats.completion.mean).toBeLessThanOrEqual(0.01);
  });
});

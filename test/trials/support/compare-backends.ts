import { expect } from 'vitest';
import type { CellResult } from '../../../src/trials/run-cell.js';

function close(a: number, b: number, rel: number, abs: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= abs + rel * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Asserts the conformance tolerances between a cell's WebGPU (f32) and CPU (f64) results (test/trials/conformance
 * .gpu.test.ts states them): identical integer outputs, per-trial completion times to 2e-5 relative, error means to
 * `errorRel` relative + 1e-5 absolute, done / wasted means to 1e-6 relative.
 */
export function compareBackends(name: string, gpu: CellResult, cpu: CellResult, errorRel = 1e-3): void {
  const g = gpu.reduction;
  const c = cpu.reduction;
  expect(g.trials, name).toBe(c.trials);
  expect(g.censored, `${name}: censored`).toBe(c.censored);
  expect([...g.decodable], `${name}: decodable counts`).toEqual([...c.decodable]);
  // done / wasted are integer counts per trial; their means differ only by the f32 workgroup merges.
  expect(close(g.done.mean, c.done.mean, 1e-6, 0), `${name}: done ${g.done.mean} vs ${c.done.mean}`).toBe(true);
  expect(close(g.wasted.mean, c.wasted.mean, 1e-6, 1e-6), `${name}: wasted ${g.wasted.mean} vs ${c.wasted.mean}`).toBe(
    true,
  );
  const rg = g.raw!;
  const rc = c.raw!;
  for (let t = 0; t < rc.length; t++) {
    if (!Number.isFinite(rc[t]) || !Number.isFinite(rg[t])) expect(rg[t], `${name}: trial ${t} censoring`).toBe(rc[t]);
    else if (!close(rg[t], rc[t], 2e-5, 1e-6)) expect(rg[t], `${name}: trial ${t} completion`).toBeCloseTo(rc[t], 5);
  }
  g.errors.forEach((m, k) => {
    expect(
      close(m.mean, c.errors[k].mean, errorRel, 1e-5),
      `${name}: error mean at T[${k}] ${m.mean} vs ${c.errors[k].mean}`,
    ).toBe(true);
  });
}

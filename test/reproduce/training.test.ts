import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  boundCheck,
  loadTrainSpec,
  plateauEstimate,
  QUICK_BOUND_DRAWS,
  relativeErrorEstimate,
  runTrainSpec,
  schemeByLabel,
  schemeRatio,
} from '../../src/reproduce/training.js';
import type { BoundCheck } from '../../src/train/run/check-bounds.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-reproduce-training-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bound check of src/train with the given rows (iteration, mean, CI, bound). */
function check(rows: [number, number, number, number, number][], applies = true): BoundCheck {
  return {
    bound: {
      name: 'glasgow-wootters-vi1',
      title: 'Prop. VI.1',
      derivation: 'paper',
      provenance: 'test',
      metric: 'distance',
      applies,
      reason: applies ? undefined : 'needs wait: all',
      constants: {},
      values: applies ? Float64Array.from(rows.map((r) => r[4])) : null,
    },
    rows: applies
      ? rows.map(([iteration, mean, ci_lo, ci_hi, bound]) => ({ iteration, mean, ci_lo, ci_hi, bound }))
      : [],
    verdict: applies ? { holds: true, checked: rows.length, failures: [], text: 'holds everywhere' } : null,
  };
}

describe('boundCheck', () => {
  it('judges the iteration with the largest upper CI end relative to the bound, from k = 1 on', () => {
    const c = boundCheck(
      'b',
      check([
        [0, 10, 10, 10, 10],
        [1, 4, 3, 5, 10],
        [2, 3, 2, 8, 10],
        [3, 1, 0.5, 1.5, 10],
      ]),
    );
    expect(c.verdict).toBe('PASS');
    expect(c.measured).toBeCloseTo(0.3);
    expect(c.ci).toEqual([0.2, 0.8]);
    expect(c.reason).toContain('worst iteration k = 2');
  });

  it('fails when the whole CI is not under the bound at some iteration, even if the mean is', () => {
    const c = boundCheck(
      'b',
      check([
        [1, 4, 3, 5, 10],
        [2, 9, 7, 11, 10],
      ]),
    );
    expect(c.verdict).toBe('FAIL');
    expect(c.measured).toBeCloseTo(0.9);
    expect(c.ci).toEqual([0.7, 1.1]);
  });

  it('reports a bound that does not apply as information with src/train’s reason', () => {
    const c = boundCheck('b', check([], false));
    expect(c.verdict).toBe('INFO');
    expect(c.reason).toContain('needs wait: all');
  });
});

describe('training specs of the gallery', () => {
  it('caps runs, iterations and α-moment draws with --quick', () => {
    const full = loadTrainSpec('glasgow-wootters');
    const quick = loadTrainSpec('glasgow-wootters', { quick: { runs: 3, iterations: 5 } });
    expect(full.runs).toBeGreaterThan(3);
    expect(quick.runs).toBe(3);
    expect(quick.iterations).toBe(5);
    expect(quick.spec.boundDraws).toBe(QUICK_BOUND_DRAWS);
    expect(full.spec.boundDraws).toBeUndefined();
    expect(quick.relativePath).toBe('examples/reproduce/glasgow-wootters.train.yaml');
  });

  it('names the file of a missing or malformed spec', () => {
    expect(() => loadTrainSpec('nope', { dir })).toThrow(/nope\.train\.yaml: cannot read/);
    writeFileSync(join(dir, 'bad.train.yaml'), 'runs: [1\n');
    expect(() => loadTrainSpec('bad', { dir })).toThrow(/bad\.train\.yaml: malformed YAML/);
  });

  it('measures per-run statistics of coded GD: exact GD has no gradient error and no floor', async () => {
    writeFileSync(
      join(dir, 'tiny.train.yaml'),
      [
        'name: tiny',
        'seed: 3',
        'dataset: { kind: synthetic-least-squares, rows: 240, features: 4, condition: 4, noise: 0.5 }',
        'iterations: 120',
        'runs: 6',
        'stragglers: { chunkTime: { dist: exponential, rate: 1 }, failures: { p: 0.3 } }',
        'step: { rule: smoothness, factor: 0.5 }',
        'schemes:',
        "  - { label: erasure, code: 'frc:N=6,s=1', decoder: erasure }",
        "  - { label: exact, code: 'cyclic:N=6,s=0', decoder: optimal, stragglers: { chunkTime: { dist: exponential, rate: 1 } } }",
        '',
      ].join('\n'),
    );
    const loaded = loadTrainSpec('tiny', { dir });
    const result = await runTrainSpec(loaded, { backend: 'cpu' });
    const erasure = schemeByLabel(result, 'erasure');
    const exact = schemeByLabel(result, 'exact');
    expect(relativeErrorEstimate(exact).mean).toBeLessThan(1e-20);
    expect(relativeErrorEstimate(erasure).mean).toBeGreaterThan(1e-3);
    const fStar = result.constants.fStar;
    expect(plateauEstimate(erasure, 90, fStar).mean).toBeGreaterThan(
      100 * Math.abs(plateauEstimate(exact, 90, fStar).mean),
    );
    const ratio = schemeRatio(erasure, exact, 'gap', 120, 0.95, fStar);
    expect(ratio.value).toBeGreaterThan(10);
    expect(ratio.hi).toBeGreaterThanOrEqual(ratio.value);
    expect(() => schemeByLabel(result, 'missing')).toThrow(/no scheme labelled "missing"/);
  }, 60_000);
});

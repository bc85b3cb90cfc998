import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  boundCheck,
  boundWithoutFloor,
  loadTrainSpec,
  plateauEstimate,
  QUICK_BOUND_DRAWS,
  relativeErrorEstimate,
  runTrainSpec,
  schemeByLabel,
  schemeRatio,
} from '../../src/reproduce/training.js';
import type { BoundCheck } from '../../src/train/run/check-bounds.js';
import type { SchemeResult } from '../../src/train/run/run-training.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-reproduce-training-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bound check of src/train on `distance` with the given bound per iteration (rows for k = 0 … K). */
function check(bounds: number[], applies = true): BoundCheck {
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
      values: applies ? Float64Array.from(bounds) : null,
    },
    rows: applies ? bounds.map((bound, iteration) => ({ iteration, mean: 0, ci_lo: 0, ci_hi: 0, bound })) : [],
    verdict: applies ? { holds: true, checked: bounds.length, failures: [], text: 'holds everywhere' } : null,
  };
}

/** A scheme whose per-run tables hold `values[run][k]` as ‖x_k − x*‖² (only what boundCheck reads). */
function scheme(values: number[][]): SchemeResult {
  const runs = values.length;
  const points = values[0].length;
  const distance = Float64Array.from(values.flat());
  return { label: 's', tables: { runs, points, distance, loss: distance } } as unknown as SchemeResult;
}

const meta = { subclaim: 'c', kind: 'bound', name: 'b' };

describe('boundCheck', () => {
  // Four runs per iteration; means 10, 4, 3, 1 at k = 0 … 3.
  const runs = [
    [10, 3, 1, 0.9],
    [10, 5, 5, 1.1],
    [10, 4, 2, 1.0],
    [10, 4, 4, 1.0],
  ];

  it('judges max over k ≥ 1 of E[metric_k]/bound_k on intervals simultaneous over the iterations', () => {
    const c = boundCheck(meta, check([10, 10, 10, 10]), scheme(runs), 0, 0.95);
    expect(c.verdict).toBe('PASS');
    expect(c.measured).toBeCloseTo(0.4);
    expect(c.level).toBe(0.95);
    // k = 2 has the widest interval: its upper end decides; each iteration's interval is at 1 − 0.05/3.
    expect(c.ci?.[1]).toBeGreaterThan(0.4);
    expect(c.ci?.[1]).toBeLessThan(1);
    expect(c.reason).toContain('upper interval end is largest at k = 2');
    expect(c.reason).toContain('tightness: the mean reaches at most 0.4 of the bound (k = 1)');
  });

  it('fails when the interval is not under the bound at some iteration, even if the mean is', () => {
    const c = boundCheck(meta, check([10, 10, 3.5, 10]), scheme(runs), 0, 0.95);
    expect(c.verdict).toBe('FAIL');
    expect(c.measured).toBeCloseTo(3 / 3.5);
  });

  it('without its floor the bound fails (the falsifier’s wrong closed form)', () => {
    const c = boundCheck(meta, boundWithoutFloor(check([10, 6, 3, 2])), scheme(runs), 0, 0.95);
    expect(c.verdict).toBe('FAIL');
  });

  it('reports a bound that does not apply as information with src/train’s reason', () => {
    const c = boundCheck(meta, check([], false), scheme(runs), 0, 0.95);
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

  it('names the file of a missing or malformed spec, and loads an entry’s variants', () => {
    expect(() => loadTrainSpec('nope', { dir })).toThrow(/nope\.train\.yaml: cannot read/);
    expect(loadTrainSpec('song-choi', { variant: 'k10' }).relativePath).toBe(
      'examples/reproduce/song-choi.k10.train.yaml',
    );
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

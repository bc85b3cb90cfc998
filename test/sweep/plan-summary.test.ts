import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOutput, snakeCase, snakeCaseKeys } from '../../src/cli/json-output.js';
import { loadSpecValue } from '../../src/spec/load-spec.js';
import { planCells } from '../../src/sweep/plan.js';
import { formatPlanSummary, summarizePlan } from '../../src/sweep/plan-summary.js';
import { inProcess, tempDir } from './cli-helpers.js';

const dir = tempDir('plan-summary');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = {
  name: 'plan',
  defaults: { trials: 1000, tGrid: [1, 2, 'inf'] },
  cells: [
    // Workers are the graph's edges: 30 nodes of degree 6 give 90 workers holding 2 chunks each.
    { code: 'graph:random-regular:n=30,d=6,seed=1', protocol: 'partial' },
    { code: 'frc:N=12,s=2', protocol: 'erasure', collect: 6, trials: 500 },
    { code: 'random:bernoulli:N=8,d=3,seed=2', label: 'bernoulli' },
  ],
};

describe('plan summary', () => {
  const planned = planCells(loadSpecValue(SPEC, { source: 'test', baseDir: dir }));

  it('gives each cell its built N and m, load, protocol and cost = trials × support entries', () => {
    const summary = summarizePlan(planned);
    const [graph, frc, bernoulli] = summary.cells;
    expect(graph).toMatchObject({ N: 90, m: 30, load: { min: 2, mean: 2, max: 2 }, protocol: 'partial', parts: 1 });
    expect(graph.cost).toBe(1000 * 180);
    expect(frc).toMatchObject({ N: 12, m: 12, protocol: 'erasure', trials: 500, cost: 500 * 36, gridPoints: 3 });
    expect(bernoulli).toMatchObject({ N: 8, m: 8, protocol: 'original', decoder: 'optimal', scheme: 'bernoulli' });
    const code = planned[2].cell.schedule.code;
    const loads = Array.from({ length: 8 }, (_, j) => code.offsets[j + 1] - code.offsets[j]);
    expect(bernoulli.load).toEqual({
      min: Math.min(...loads),
      mean: loads.reduce((s, x) => s + x, 0) / 8,
      max: Math.max(...loads),
    });
    expect(summary.trials).toBe(2500);
    expect(summary.cost).toBe(graph.cost + frc.cost + bernoulli.cost);
  });

  it('prints a headline and one row per cell; done cells are counted, not listed; long plans are cut', () => {
    const text = formatPlanSummary(summarizePlan(planned, new Set([1])));
    expect(text).toMatch(/^plan: 2 cells \(1 already done\), 2k trials, estimated cost /);
    expect(text).toMatch(
      /^ +0 {2}graph:random-regular:n=30,d=6,seed=1,code=incidence · partial · natural {2}90 {2}30 {2}2 /m,
    );
    expect(text).not.toMatch(/^ +1 /m);
    const many = planCells(
      loadSpecValue(
        {
          defaults: { code: 'frc:N=4,s=1', trials: 10 },
          sweep: { grid: { seed: Array.from({ length: 30 }, (_, k) => k) } },
        },
        { source: 'test', baseDir: dir },
      ),
    );
    const cut = formatPlanSummary(summarizePlan(many), 10);
    expect(cut.split('\n').filter((l) => /^ +\d+ {2}/.test(l))).toHaveLength(10);
    expect(cut).toMatch(/… 20 more cells \(--dry-run lists all\)/);
  });

  it('--dry-run prints the plan on stdout (JSON with --json) and writes nothing', async () => {
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify(SPEC));
    const out = join(dir, 'never-written');
    const text = await inProcess('run', spec, '--out', out, '--dry-run');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^plan: 3 cells, 2\.5k trials/);
    expect(text.stderr).toBe('');
    const json = await inProcess('sweep', spec, '--out', out, '--shard', '1/2', '--dry-run', '--json');
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan).toMatchObject({ name: 'plan', shard: '1/2', done: 0, trials: 500 });
    expect(plan.spec_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.cells[0]).toMatchObject({ index: 1, N: 12, m: 12, grid_points: 3, cost: 18000 });
    expect(existsSync(out)).toBe(false);
  });
});

describe('--json naming', () => {
  it('snake_case for field names, paper symbols kept, spec-language values verbatim', () => {
    expect(['specHash', 'ciLo', 'trialsPlanned', 'N', 'm', 'T', 'p50', 'isFallbackAdapter'].map(snakeCase)).toEqual([
      'spec_hash',
      'ci_lo',
      'trials_planned',
      'N',
      'm',
      'T',
      'p50',
      'is_fallback_adapter',
    ]);
    const record = {
      codeParams: { N: 6, shiftK: 1 },
      axes: { 'stragglers.chunkTime.rate': 2 },
      stragglers: { chunkTime: { dist: 'exponential', rate: 2 } },
      stats: { completion: { ciHi: Number.POSITIVE_INFINITY } },
    };
    expect(snakeCaseKeys(record, new Set(['axes', 'stragglers', 'code_params']))).toEqual({
      code_params: { N: 6, shiftK: 1 },
      axes: { 'stragglers.chunkTime.rate': 2 },
      stragglers: { chunkTime: { dist: 'exponential', rate: 2 } },
      stats: { completion: { ci_hi: Number.POSITIVE_INFINITY } },
    });
    expect(JSON.parse(jsonOutput(record)).stats.completion.ci_hi).toBe('Infinity');
  });
});

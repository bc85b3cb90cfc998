import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/in-process-cli.js';

/**
 * `gradcode train SPEC` (issue 5): bad input — a step size ≤ 0, a dataset larger than the memory limit, an unknown
 * loss, and others — exits with code 2 and one message naming the field, before any data is generated; a small
 * valid spec prints the report (verdicts with paper/our-derivation labels) and writes the JSON result. One case runs
 * the built CLI (`npm run build` first) to check the process exit code itself.
 */
const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'dist/src/cli/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'gradcode-train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCliInProcess;

const BASE = `
dataset: {kind: synthetic-least-squares, rows: 240, features: 4, condition: 3}
iterations: 10
runs: 4
code: "cyclic:N=6,s=2"
stragglers: {failures: {p: 0.2}}
step: 0.5
`;

function spec(name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

const BAD: { name: string; text: string; field: string; reason: RegExp; args?: string[] }[] = [
  { name: 'zero step', text: BASE.replace('step: 0.5', 'step: 0'), field: 'step', reason: /positive/ },
  { name: 'negative step', text: BASE.replace('step: 0.5', 'step: -1'), field: 'step', reason: /positive/ },
  {
    name: 'non-positive step factor',
    text: BASE.replace('step: 0.5', 'step: {rule: smoothness, factor: 0}'),
    field: 'step',
    reason: /positive/,
  },
  {
    name: 'dataset above the memory limit',
    text: BASE.replace('rows: 240, features: 4', 'rows: 100000000, features: 1000'),
    field: 'dataset',
    reason: /[KMGT]iB of host memory.*limit/,
  },
  {
    name: 'dataset above an explicit limit',
    text: `${BASE}limits: {hostBytes: 1000}\n`,
    field: 'dataset',
    reason: /limits\.hostBytes/,
  },
  { name: 'unknown loss', text: `${BASE}loss: hinge\n`, field: 'loss', reason: /least-squares.*logistic|logistic/ },
  { name: 'logistic loss on regression data', text: `${BASE}loss: logistic\n`, field: 'loss', reason: /±1 labels/ },
  { name: 'unknown key', text: `${BASE}stepsize: 1\n`, field: '(stepsize|spec)', reason: /./ },
  {
    name: 'scheme with another m',
    text: `${BASE}schemes: [{code: "cyclic:N=6,s=2"}, {code: "frc:N=8,s=1"}]\n`,
    field: 'schemes\\[1\\]\\.code',
    reason: /m = 8/,
  },
  {
    name: 'inverse-time step without strong convexity',
    text:
      BASE.replace(
        'kind: synthetic-least-squares, rows: 240, features: 4, condition: 3',
        'kind: gaussian-logistic, rows: 240, features: 4',
      ).replace('step: 0.5', 'step: {rule: inverse-time}') + 'loss: logistic\n',
    field: 'step',
    reason: /μ > 0/,
  },
  {
    name: 'too many draws',
    text: BASE.replace('runs: 4', 'runs: 100000000').replace('iterations: 10', 'iterations: 100'),
    field: 'runs',
    reason: /2\^32/,
  },
  { name: 'unknown decoder', text: `${BASE}decoder: magic\n`, field: 'decoder', reason: /./ },
  { name: 'bad --runs', text: BASE, field: '--runs', reason: /positive integer/, args: ['--runs', '0'] },
  { name: 'bad --backend', text: BASE, field: '--backend', reason: /./, args: ['--backend', 'quantum'] },
];

describe('gradcode train: bad input exits 2 naming the field', () => {
  for (const c of BAD) {
    it(c.name, async () => {
      const r = await cli('train', spec(c.name.replace(/\W+/g, '-'), c.text), ...(c.args ?? []));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^gradcode: bad input: ${c.field}\\b.*`, 'm'));
      expect(r.stderr).toMatch(c.reason);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    });
  }

  it('the built CLI exits with status 2 (step ≤ 0)', () => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first`);
    const r = spawnSync(process.execPath, [bin, 'train', spec('bin-step', BASE.replace('step: 0.5', 'step: 0'))], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^gradcode: bad input: step: /m);
  });
});

describe('gradcode train: a valid spec', () => {
  it('prints the report, writes the results directory and, with --keep-runs, every run’s values', async () => {
    const out = join(dir, 'result');
    const r = await cli(
      'train',
      spec(
        'ok',
        `${BASE}bounds: [glasgow-wootters-vi1, song-choi-smooth]\nstep: {rule: prop-vi1, factor: 0.5}\n`.replace(
          'step: 0.5\n',
          '',
        ),
      ),
      '--backend',
      'cpu',
      '--out',
      out,
      '--keep-runs',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/constants: μ = /);
    expect(r.stdout).toMatch(/bound glasgow-wootters-vi1 \(paper statement\): holds everywhere \(k = 0…10\)/);
    expect(r.stdout).toMatch(/bound song-choi-smooth \(our derivation\): not applicable: the optimal decoder/);
    expect(r.stdout).toMatch(/data: .*licence: generated/);
    const record = JSON.parse(readFileSync(join(out, 'shards', '0-of-1.jsonl'), 'utf8').split('\n')[0]);
    expect(record.paths[0].curves.distance.mean).toHaveLength(11);
    expect(record.paths[0].bounds[0].values).toHaveLength(11);
    expect(record.paths[0].bounds[0].holds).toHaveLength(11);
    // --keep-runs: per run and iteration, run-major (4 runs × 11 points)
    const runs = JSON.parse(readFileSync(join(out, 'runs', 'run0-scheme0.json'), 'utf8'));
    expect(runs.paths[0].loss).toHaveLength(44);
    expect(runs.paths[0].time[0]).toBe(0);
    // --json: the records on stdout, snake-free keys as in the log.
    const json = await cli('train', join(dir, 'ok.yaml'), '--backend', 'cpu', '--out', out, '--json');
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.records).toHaveLength(1);
    expect(parsed.ran).toBe(0);
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/in-process-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-cli-plot-'));
const results = join(dir, 'results');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gradcode = runCliInProcess;

beforeAll(async () => {
  const spec = join(dir, 'tiny.yaml');
  writeFileSync(
    spec,
    [
      'name: tiny',
      'seed: 1',
      'defaults:',
      '  trials: 200',
      '  tGrid: { from: 1, to: 20, points: 5, scale: log }',
      'cells:',
      '  - { label: partial, protocol: partial }',
      '  - { label: original, protocol: original, decoder: optimal }',
      'sweep:',
      '  grid:',
      '    code: ["crc:N=8,s=2", "frc:N=8,s=1"]',
      'plots:',
      '  - { template: completion-time, x: scheme, facet: code, y: completion_mean, yLo: completion_ci_lo, yHi: completion_ci_hi }',
      '  - { template: error-vs-time, color: scheme, y: error_mean, yLo: error_ci_lo, yHi: error_ci_hi }',
      '',
    ].join('\n'),
  );
  const run = await gradcode('run', spec, '--backend', 'cpu', '--out', results, '--progress', 'none');
  expect(run.code, run.stderr).toBe(0);
}, 60_000);

describe('gradcode plot', () => {
  it('plots a cells column with a facet to SVG, PNG and PDF (fonts embedded)', async () => {
    const out = join(dir, 'completion');
    const r = await gradcode(
      'plot',
      results,
      '--x',
      'scheme',
      '--y',
      'completion_mean',
      '--facet',
      'code',
      '--format',
      'svg,png,pdf',
      '--out',
      out,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ table: 'cells', rows: 4, complete: true });
    expect(summary.files).toEqual([`${out}.svg`, `${out}.png`, `${out}.pdf`]);
    const svg = readFileSync(`${out}.svg`, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // Human axis titles with units, not column names; facet headers name the column's label.
    expect(svg).toContain('Completion time (chunk-time units)');
    expect(svg).not.toContain('>completion_mean<');
    expect(svg).toContain('Code = crc:N=8,s=2');
    // A one-column figure (3.5 in = 336 px) even with long facet values (code names): headers wrap to the panel.
    const width = Number(/^<svg[^>]* width="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(width).toBeGreaterThan(330);
    expect(width).toBeLessThan(342);
    expect(readFileSync(`${out}.png`).subarray(1, 4).toString()).toBe('PNG');
    const pdf = readFileSync(`${out}.pdf`).toString('latin1');
    expect(pdf.startsWith('%PDF')).toBe(true);
    expect(pdf).toMatch(/\/FontFile2/);
  });

  it('picks the curve table for T and draws the CI of a _mean column by default', async () => {
    const out = join(dir, 'error');
    const r = await gradcode(
      'plot',
      results,
      '--x',
      'T',
      '--y',
      'error_mean',
      '--color',
      'scheme',
      '--facet',
      'code',
      '--log-x',
      '--log-y',
      '--format',
      'svg',
      '--out',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('from curve (20 rows)');
    const svg = readFileSync(`${out}.svg`, 'utf8');
    // The band layer (an area mark) is present only when ci_lo/ci_hi were picked up.
    expect(svg).toContain('mark-area');
    // Without an interval column there is no band.
    const plain = await gradcode(
      'plot',
      results,
      ...['--x', 'T', '--y', 'error_max', '--color', 'scheme', '--facet', 'code', '--format', 'svg', '--out', out],
    );
    expect(plain.code, plain.stderr).toBe(0);
    expect(readFileSync(`${out}.svg`, 'utf8')).not.toContain('mark-area');
  });

  it('writes to DIR/plots/<y>-vs-<x> by default', async () => {
    const r = await gradcode('plot', results, '--x', 'code', '--y', 'trials', '--color', 'scheme', '--format', 'svg');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(results, 'plots', 'trials-vs-code.svg'))).toBe(true);
  });

  it('exits 2 naming the flag and listing the columns for an unknown column', async () => {
    for (const [flag, args] of [
      ['--x', ['--x', 'nope', '--y', 'error_mean']],
      ['--y', ['--x', 'T', '--y', 'error_meen']],
      ['--color', ['--x', 'T', '--y', 'error_mean', '--color', 'colour']],
      ['--facet', ['--x', 'T', '--y', 'error_mean', '--facet', 'panel']],
    ] as const) {
      const r = await gradcode('plot', results, ...args, '--format', 'svg', '--out', join(dir, 'bad'));
      expect(r.code, flag).toBe(2);
      expect(r.stderr).toContain(`${flag}: unknown column`);
      expect(r.stderr).toContain('available columns');
      expect(r.stderr).toContain('completion_mean');
      expect(r.stderr).toContain('error_ci_lo');
    }
    expect(existsSync(join(dir, 'bad.svg'))).toBe(false);
  });

  it('exits 2 when an explicit table lacks the column, or y is not numeric', async () => {
    const a = await gradcode('plot', results, '--table', 'cells', '--x', 'T', '--y', 'completion_mean');
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--x: unknown column "T"');
    const b = await gradcode('plot', results, '--x', 'code', '--y', 'scheme', '--color', 'scheme');
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--y: column "scheme" must be numeric');
  });

  it('draws the spec’s stored plots list without --x and --y', async () => {
    const out = join(dir, 'spec-plots');
    const r = await gradcode('plot', results, '--format', 'svg', '--out', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual([join(out, 'completion-time.svg'), join(out, 'error-vs-time.svg')]);
    expect(readFileSync(join(out, 'error-vs-time.svg'), 'utf8')).toContain('mark-area');
    const half = await gradcode('plot', results, '--x', 'T');
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('--y: required with --x');
  });

  it('exits 2 for a bad format, size, table or directory', async () => {
    const base = ['--x', 'code', '--y', 'trials', '--color', 'scheme'];
    expect((await gradcode('plot', results, ...base, '--format', 'gif')).stderr).toContain('--format');
    expect((await gradcode('plot', results, ...base, '--size', 'huge')).stderr).toContain('--size');
    expect((await gradcode('plot', results, ...base, '--table', 'rows')).stderr).toContain('--table');
    const missing = await gradcode('plot', join(dir, 'nowhere'), ...base);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('not a gradcode results directory');
  });
});

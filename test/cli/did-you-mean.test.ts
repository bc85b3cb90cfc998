import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from '../../src/did-you-mean.js';
import { inProcess, tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('did-you-mean');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('closestMatch', () => {
  it('counts an adjacent transposition as one edit and ignores case', () => {
    expect(editDistance('partal', 'partial')).toBe(1);
    expect(editDistance('protocl', 'protocol')).toBe(1);
    expect(editDistance('ssape', 'shape')).toBe(1);
    expect(editDistance('Optimal', 'optimal')).toBe(0);
    expect(editDistance('chunkTiem', 'chunkTime')).toBe(1);
  });

  it('suggests only a clearly closest candidate', () => {
    expect(closestMatch('partal', ['original', 'partial', 'tandon-partial', 'erasure'])).toBe('partial');
    expect(closestMatch('gpu', ['auto', 'webgpu', 'cpu'])).toBe('webgpu'); // contained in exactly one
    expect(closestMatch('xyz', ['original', 'partial'])).toBeNull();
    expect(closestMatch('ab', ['ac', 'ad'])).toBeNull(); // a tie
    expect(closestMatch('grap', ['graph:petersen', 'graph:cycle', 'frc'])).toBeNull(); // a prefix of two
    expect(didYouMean('exponentail', ['exponential', 'pareto'])).toBe(' (did you mean "exponential"?)');
    expect(didYouMean('zzz', ['exponential'])).toBe('');
  });
});

/** Spec bodies with one misspelled name each, and the suggestion the message must carry. */
const SPEC_CASES: { name: string; body: string; field: RegExp; suggestion: string }[] = [
  { name: 'top-level key', body: 'nmae: x\n', field: /^nmae/, suggestion: 'name' },
  { name: 'cell key', body: '  protocl: partial\n', field: /^defaults\.protocl/, suggestion: 'protocol' },
  { name: 'protocol value', body: '  protocol: partal\n', field: /^defaults\.protocol/, suggestion: 'partial' },
  { name: 'decoder value', body: '  decoder: optimall\n', field: /^defaults\.decoder/, suggestion: 'optimal' },
  { name: 'order keyword', body: '  order: optmal\n', field: /^defaults\.order/, suggestion: 'optimal' },
  {
    name: 'straggler key',
    body: '  stragglers: { chunkTiem: { dist: exponential, rate: 1 } }\n',
    field: /^defaults\.stragglers\.chunkTiem/,
    suggestion: 'chunkTime',
  },
  {
    name: 'distribution',
    body: '  stragglers: { chunkTime: { dist: exponentail, rate: 1 } }\n',
    field: /^defaults\.stragglers\.chunkTime\.dist/,
    suggestion: 'exponential',
  },
  {
    name: 'distribution parameter',
    body: '  stragglers: { chunkTime: { dist: pareto, scale: 1, shap: 2 } }\n',
    field: /^defaults\.stragglers\.chunkTime/,
    suggestion: 'shape',
  },
  {
    name: 'slow mode',
    body: '  stragglers: { slow: { fraction: 0.1, factor: 2, mode: exat } }\n',
    field: /^defaults\.stragglers\.slow\.mode/,
    suggestion: 'exact',
  },
  {
    name: 'fixed-set mode',
    body: '  stragglers: { fixedSet: { s: 1, mode: adversarail } }\n',
    field: /^defaults\.stragglers\.fixedSet\.mode/,
    suggestion: 'adversarial',
  },
  {
    name: 'T grid scale',
    body: '  tGrid: { from: 1, to: 5, points: 3, scale: lgo }\n',
    field: /^defaults\.tGrid\.scale/,
    suggestion: 'log',
  },
  {
    name: 'adaptive statistic',
    body: '  adaptive: { relativeHalfWidth: 0.1, statistic: eror }\n',
    field: /^defaults\.adaptive\.statistic/,
    suggestion: 'error',
  },
  { name: 'code family', body: '  code: "frcc:N=6,s=1"\n', field: /^defaults\.code\.family/, suggestion: 'frc' },
  { name: 'code parameter', body: '  code: "frc:N=6,ss=1"\n', field: /^defaults\.code\.ss/, suggestion: 's' },
  {
    name: 'code enum parameter',
    body: '  code: "frc:N=6,s=1,layout=interleavd"\n',
    field: /^defaults\.code\.layout/,
    suggestion: 'interleaved',
  },
  {
    name: 'sweep axis',
    body: 'sweep: { grid: { protocl: [partial] } }\n',
    field: /^sweep\.protocl/,
    suggestion: 'protocol',
  },
  {
    name: 'nested sweep axis',
    body: 'sweep: { grid: { stragglers.failures.pp: [0.1] } }\n',
    field: /^defaults\.stragglers\.failures/,
    suggestion: 'p',
  },
  {
    name: 'plot template',
    body: 'plots: [{ template: eror-vs-time }]\n',
    field: /^plots\[0\]\.template/,
    suggestion: 'error-vs-time',
  },
  {
    name: 'plot key',
    body: 'plots: [{ template: error-vs-time, colour: scheme }]\n',
    field: /^plots\[0\]\.colour/,
    suggestion: 'color',
  },
];

describe('"did you mean" for every enum and key of a spec, and for flags', () => {
  SPEC_CASES.forEach((c, k) => {
    it(c.name, async () => {
      const file = join(dir, `case-${k}.yaml`);
      mkdirSync(dir, { recursive: true });
      const cellLines = c.body.startsWith('  ') ? c.body : '';
      const code = cellLines.startsWith('  code:') ? '' : '  code: "frc:N=6,s=1"\n';
      writeFileSync(file, `${cellLines ? '' : c.body}defaults:\n${code}${cellLines}`);
      const r = await inProcess('run', file, '--dry-run');
      expect(r.code, r.stderr).toBe(2);
      const message = r.stderr.replace(/^gradcode: bad input: /, '');
      expect(message).toMatch(c.field);
      expect(message).toContain(`(did you mean "${c.suggestion}"?)`);
    });
  });

  it('flags: --backend, --progress, inspect --stragglers, and commander’s own for options and commands', async () => {
    const file = join(dir, 'ok.yaml');
    writeFileSync(file, 'defaults: { code: "frc:N=6,s=1", trials: 10 }\n');
    const backend = await inProcess('run', file, '--backend', 'gpu', '--dry-run');
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain('unknown backend "gpu" (did you mean "webgpu"?)');
    const progress = await inProcess('run', file, '--progress', 'line', '--dry-run');
    expect(progress.code).toBe(2);
    expect(progress.stderr).toContain('unknown progress mode "line" (did you mean "lines"?)');
    const option = await inProcess('run', file, '--dry-runn');
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Did you mean --dry-run\?/);
    const stragglers = await inProcess('inspect', 'frc:N=6,s=1', '--stragglers', 'exhaustiv:2');
    expect(stragglers.code).toBe(2);
    expect(stragglers.stderr).toContain('(did you mean "exhaustive"?)');
    const command = await inProcess('rnu', file);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/Did you mean run\?/);
  });
});

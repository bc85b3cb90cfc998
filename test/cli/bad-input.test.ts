import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess, requireBuiltCli, runBin, specs, tempDir } from '../sweep/cli-helpers.js';

/**
 * The bad-input corpus (issue 6): malformed specs and flags. Each must exit with code 2 and print one paragraph
 * "gradcode: bad input: FIELD: reason" naming the field — never a stack trace — before any trial runs.
 */
const dir = tempDir('bad-input');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid base cell on N = 6 workers. */
const CODE = 'code: "cyclic:N=6,s=2"';

interface Case {
  /** What is wrong. */
  readonly name: string;
  /** Spec text (YAML unless `file` ends in .json). */
  readonly spec?: string;
  readonly file?: string;
  /** Command line after `gradcode` (SPEC and DIR are replaced by the spec path and a fresh directory). */
  readonly args?: string[];
  /** The field the message must start with (a regex source, anchored after "bad input: "). */
  readonly field: string;
  /** Optional text the reason must contain. */
  readonly reason?: RegExp;
}

const T = (body: string) => `defaults:\n  ${CODE}\n${body}`;

const CASES: Case[] = [
  // YAML / JSON syntax
  {
    name: 'unclosed flow sequence',
    spec: 'defaults:\n  tGrid: [1, 2\n  trials: 3\n',
    field: 'spec\\.yaml:\\d+:\\d+',
    reason: /YAML syntax error/,
  },
  { name: 'duplicate key', spec: 'name: a\nname: b\n', field: 'spec\\.yaml:2:1', reason: /unique/ },
  { name: 'tab indentation', spec: 'defaults:\n\tcode: x\n', field: 'spec\\.yaml:2:\\d+', reason: /[Tt]ab/ },
  { name: 'unterminated quote', spec: 'defaults:\n  code: "frc:N=6\n', field: 'spec\\.yaml:\\d+:\\d+' },
  { name: 'nested mapping in a compact mapping', spec: 'defaults: code: frc\n', field: 'spec\\.yaml:1:\\d+' },
  { name: 'two YAML documents', spec: 'name: a\n---\nname: b\n', field: 'spec\\.yaml:\\d+:\\d+' },
  { name: 'unresolved alias', spec: 'defaults: *base\n', field: 'spec\\.yaml', reason: /alias/i },
  {
    name: 'malformed JSON',
    file: 'spec.json',
    spec: '{\n  "defaults": {"code": "frc:N=6,s=1",}\n}',
    field: 'spec\\.json:2:\\d+',
    reason: /JSON syntax error/,
  },
  { name: 'empty file', spec: '\n', field: 'spec\\.yaml', reason: /empty/ },
  { name: 'spec is a list', spec: '- a\n- b\n', field: '\\(spec\\)' },
  {
    name: 'spec file missing',
    args: ['run', 'no/such/spec.yaml', '--out', 'DIR'],
    field: 'no/such/spec\\.yaml',
    reason: /no such file/,
  },
  // top-level keys
  { name: 'unknown top-level key', spec: `${T('')}sweeps: {}\n`, field: 'sweeps', reason: /unknown key/ },
  { name: 'name with spaces', spec: `name: my sweep\n${T('')}`, field: 'name' },
  { name: 'negative seed', spec: `seed: -1\n${T('')}`, field: 'seed' },
  { name: 'seed not a number', spec: `seed: abc\n${T('')}`, field: 'seed' },
  { name: 'seed of 2^64', spec: `seed: "18446744073709551616"\n${T('')}`, field: 'defaults\\.seed', reason: /2\^64/ },
  { name: 'defaults not an object', spec: 'defaults: 5\n', field: 'defaults' },
  { name: 'empty cells list', spec: `${T('')}cells: []\n`, field: 'cells' },
  { name: 'cell not an object', spec: `${T('')}cells: [5]\n`, field: 'cells\\[0\\]' },
  { name: 'sweep axis not a list', spec: `${T('')}sweep: { grid: { trials: 5 } }\n`, field: 'sweep\\.grid\\.trials' },
  {
    name: 'unknown sweep kind',
    spec: `${T('')}sweep: { cartesian: { trials: [1] } }\n`,
    field: 'sweep\\.cartesian',
    reason: /unknown key/,
  },
  {
    name: 'sweep over an unknown cell key',
    spec: `${T('')}sweep: { grid: { colour: [1, 2] } }\n`,
    field: 'sweep\\.colour',
  },
  {
    name: 'zip axes of different lengths',
    spec: `${T('')}sweep: { zip: { trials: [1, 2], seed: [1] } }\n`,
    field: 'sweep\\.zip\\.seed',
    reason: /advance together/,
  },
  { name: 'empty sweep axis', spec: `${T('')}sweep: { grid: { trials: [] } }\n`, field: 'sweep\\.grid\\.trials' },
  // cell keys
  {
    name: 'missing code',
    spec: 'defaults: { trials: 10 }\n',
    field: 'defaults\\.code',
    reason: /required \(string or object\)/,
  },
  {
    name: 'unknown cell key',
    spec: `${T('')}cells: [{ protocl: partial }]\n`,
    field: 'cells\\[0\\]\\.protocl',
    reason: /unknown key/,
  },
  { name: 'trials 0', spec: T('  trials: 0\n'), field: 'defaults\\.trials' },
  { name: 'trials negative', spec: T('  trials: -5\n'), field: 'defaults\\.trials' },
  { name: 'trials fractional', spec: T('  trials: 1.5\n'), field: 'defaults\\.trials' },
  { name: 'trials a string', spec: T('  trials: many\n'), field: 'defaults\\.trials' },
  { name: 'unknown protocol', spec: T('  protocol: greedy\n'), field: 'defaults\\.protocol' },
  { name: 'unknown decoder', spec: T('  decoder: magic\n'), field: 'defaults\\.decoder', reason: /known decoders/ },
  { name: 'parts 0', spec: T('  parts: 0\n'), field: 'defaults\\.parts' },
  { name: 'original with another ℓ', spec: T('  parts: 2\n'), field: 'defaults\\.parts' },
  { name: 'normalize not a flag', spec: T('  normalize: "yes"\n'), field: 'defaults\\.normalize' },
  { name: 'heuristic not a flag', spec: T('  heuristic: 1\n'), field: 'defaults\\.heuristic' },
  { name: 'stream above 2^32', spec: T('  stream: 4294967296\n'), field: 'defaults\\.stream' },
  // codes
  {
    name: 'unknown code family',
    spec: 'defaults: { code: "xyz:N=3" }\n',
    field: 'defaults\\.code\\.family',
    reason: /unknown code family 'xyz'/,
  },
  {
    name: 'frc with (s+1) ∤ N',
    spec: 'defaults: { code: "frc:N=10,s=2" }\n',
    field: 'defaults\\.code\\.s',
    reason: /does not divide N = 10/,
  },
  { name: 'crc with s ≥ N', spec: 'defaults: { code: "crc:N=5,s=5" }\n', field: 'defaults\\.code\\.s' },
  { name: 'unknown code parameter', spec: 'defaults: { code: "frc:N=12,s=3,q=2" }\n', field: 'defaults\\.code\\.q' },
  { name: 'code object without family', spec: 'defaults: { code: { N: 5 } }\n', field: 'defaults\\.code\\.family' },
  {
    name: 'T grid of the wrong type',
    spec: T('  tGrid: soon\n'),
    field: 'defaults\\.tGrid',
    reason: /expected array or object, received string/,
  },
  {
    name: 'cyclic with N = 0',
    spec: 'defaults: { code: { family: cyclic, N: 0, s: 0 } }\n',
    field: 'defaults\\.code\\.N',
  },
  {
    name: 'impossible code from a sweep axis',
    spec: 'defaults: { code: "frc:N=12,s=2" }\nsweep: { grid: { code.s: [1, 4] } }\n',
    field: 'defaults\\.code\\.s',
    reason: /sweep cell 1: code\.s=4/,
  },
  // straggler models
  {
    name: 'unknown distribution',
    spec: T('  stragglers: { chunkTime: { dist: gamma, rate: 1 } }\n'),
    field: 'defaults\\.stragglers\\.chunkTime\\.dist',
  },
  {
    name: 'negative rate',
    spec: T('  stragglers: { chunkTime: { dist: exponential, rate: -1 } }\n'),
    field: 'defaults\\.stragglers\\.chunkTime\\.rate',
  },
  {
    name: 'zero rate',
    spec: T('  stragglers: { chunkTime: { dist: exponential, rate: 0 } }\n'),
    field: 'defaults\\.stragglers\\.chunkTime\\.rate',
  },
  {
    name: 'uniform with hi < lo',
    spec: T('  stragglers: { chunkTime: { dist: uniform, lo: 2, hi: 1 } }\n'),
    field: 'defaults\\.stragglers\\.chunkTime\\.hi',
  },
  {
    name: 'failure probability above 1',
    spec: T('  stragglers: { failures: { p: 1.5 } }\n'),
    field: 'defaults\\.stragglers\\.failures\\.p',
  },
  {
    name: 'negative failure probability',
    spec: T('  stragglers: { failures: { p: -0.1 } }\n'),
    field: 'defaults\\.stragglers\\.failures\\.p',
  },
  {
    name: 'per-worker p of the wrong length',
    spec: T('  stragglers: { failures: { p: [0.1, 0.2] } }\n'),
    field: 'defaults\\.stragglers\\.failures\\.p',
  },
  {
    name: 'unknown key three levels down',
    spec: T('  stragglers: { failures: { p: 0.1, q: 2 } }\n'),
    field: 'defaults\\.stragglers\\.failures\\.q',
    reason: /unknown key/,
  },
  {
    name: 'slow fraction above 1',
    spec: T('  stragglers: { slow: { fraction: 2, factor: 3 } }\n'),
    field: 'defaults\\.stragglers\\.slow\\.fraction',
  },
  {
    name: 'speed list of the wrong length',
    spec: T('  stragglers: { speed: [1, 2, 3] }\n'),
    field: 'defaults\\.stragglers\\.speed',
  },
  {
    name: 'fixed set larger than N',
    spec: T('  stragglers: { fixedSet: { s: 9 } }\n'),
    field: 'defaults\\.stragglers\\.fixedSet\\.s',
  },
  {
    name: 'bursty with B > W',
    spec: T('  stragglers: { bursty: { B: 5, W: 2, lambda: 1 } }\n'),
    field: 'defaults\\.stragglers\\.bursty\\.B',
  },
  {
    name: 'trace file missing',
    spec: T('  stragglers: { trace: { file: missing.csv } }\n'),
    field: 'defaults\\.stragglers\\.trace\\.file',
    reason: /cannot read trace file/,
  },
  {
    name: 'trace of the wrong width',
    spec: T(`  stragglers: { trace: { file: ${join(specs, 'trace-width5.csv')} } }\n`),
    field: 'defaults\\.stragglers\\.trace\\.file',
    reason: /has 5 columns but the code has N = 6/,
  },
  // T grids
  { name: 'empty T grid', spec: T('  tGrid: []\n'), field: 'defaults\\.tGrid' },
  { name: 'decreasing T grid', spec: T('  tGrid: [1, 0.5]\n'), field: 'defaults\\.tGrid\\[1\\]' },
  { name: 'negative time', spec: T('  tGrid: [-1, 2]\n'), field: 'defaults\\.tGrid\\[0\\]' },
  { name: 'grid with to < from', spec: T('  tGrid: { from: 5, to: 1, points: 3 }\n'), field: 'defaults\\.tGrid\\.to' },
  {
    name: 'log grid from 0',
    spec: T('  tGrid: { from: 0, to: 10, points: 3, scale: log }\n'),
    field: 'defaults\\.tGrid\\.from',
  },
  {
    name: 'unknown T grid key',
    spec: T('  tGrid: { from: 1, to: 10, points: 3, step: 2 }\n'),
    field: 'defaults\\.tGrid\\.step',
    reason: /unknown key/,
  },
  // orders, protocols, adaptive
  { name: 'order file missing', spec: T('  order: no-such-order.json\n'), field: 'defaults\\.order' },
  {
    name: 'order file not a permutation',
    spec: T(`  order: ${join(specs, 'order-bad.json')}\n`),
    field: 'defaults\\.order\\[5\\]',
    reason: /not one of its chunks/,
  },
  {
    name: 'optimal order of a non-regular code',
    spec: 'defaults: { code: "random:bernoulli:N=8,d=3,seed=1", order: optimal, protocol: partial }\n',
    field: 'defaults\\.order',
  },
  { name: 'erasure without replication groups', spec: T('  protocol: erasure\n'), field: 'defaults\\.protocol' },
  {
    name: 'erasure collect above N',
    spec: 'defaults: { code: "frc:N=6,s=1", protocol: erasure, collect: 7 }\n',
    field: 'defaults\\.collect',
  },
  { name: 'tandon-partial on a plain code', spec: T('  protocol: tandon-partial\n'), field: 'defaults\\.protocol' },
  {
    name: 'adaptive half-width 0',
    spec: T('  adaptive: { relativeHalfWidth: 0 }\n'),
    field: 'defaults\\.adaptive\\.relativeHalfWidth',
  },
  {
    name: 'bad trials from a sweep axis',
    spec: `${T('')}sweep: { grid: { trials: [10, -1] } }\n`,
    field: 'defaults\\.trials',
    reason: /sweep cell 1: trials=-1/,
  },
  // flags
  { name: '--shard 5/4', args: ['sweep', 'SPEC', '--out', 'DIR', '--shard', '5/4'], field: '--shard' },
  { name: '--shard -1/3', args: ['sweep', 'SPEC', '--out', 'DIR', '--shard=-1/3'], field: '--shard' },
  { name: '--shard 1/0', args: ['sweep', 'SPEC', '--out', 'DIR', '--shard', '1/0'], field: '--shard' },
  { name: '--shard text', args: ['sweep', 'SPEC', '--out', 'DIR', '--shard', 'first/last'], field: '--shard' },
  { name: '--trials 0', args: ['run', 'SPEC', '--out', 'DIR', '--trials', '0'], field: '--trials' },
  { name: '--trials text', args: ['run', 'SPEC', '--out', 'DIR', '--trials', 'lots'], field: '--trials' },
  { name: '--seed negative', args: ['run', 'SPEC', '--out', 'DIR', '--seed=-3'], field: '--seed' },
  { name: '--backend unknown', args: ['run', 'SPEC', '--out', 'DIR', '--backend', 'gpu'], field: '--backend' },
  { name: '--progress unknown', args: ['run', 'SPEC', '--out', 'DIR', '--progress', 'fancy'], field: '--progress' },
  {
    name: '--adapter with --backend cpu',
    args: ['run', 'SPEC', '--out', 'DIR', '--backend', 'cpu', '--adapter', 'x'],
    field: '--adapter',
  },
  // plots entries (validated before any trial runs)
  {
    name: 'unknown plot template',
    spec: T('plots:\n  - { template: pie }\n'),
    field: 'plots\\[0\\]\\.template',
  },
  {
    name: 'unknown key in a plot',
    spec: T('plots:\n  - { template: error-vs-time, colour: scheme }\n'),
    field: 'plots\\[0\\]\\.colour',
    reason: /unknown key/,
  },
  {
    name: 'plot of a column the table does not have',
    spec: T('plots:\n  - { template: completion-time }\n  - { template: completion-time, y: completion_average }\n'),
    field: 'plots\\[1\\]\\.y',
    reason: /no column "completion_average"/,
  },
  {
    name: 'table plot without x',
    spec: T('plots:\n  - { template: table, y: trials }\n'),
    field: 'plots\\[0\\]\\.x',
    reason: /required/,
  },
  { name: 'slurm --array 0', args: ['slurm', 'SPEC', '--out', 'DIR', '--array', '0'], field: '--array' },
  {
    name: 'slurm --array above the cell count',
    args: ['slurm', 'SPEC', '--out', 'DIR', '--array', '99'],
    field: '--array',
  },
  {
    name: 'slurm --time malformed',
    args: ['slurm', 'SPEC', '--out', 'DIR', '--array', '2', '--time', 'two hours'],
    field: '--time',
  },
  {
    name: 'slurm --partition with a space',
    args: ['slurm', 'SPEC', '--out', 'DIR', '--array', '2', '--partition', 'a b'],
    field: '--partition',
  },
  {
    name: 'resume of a directory without results',
    args: ['resume', 'DIR'],
    field: '.*bad-input-[^:]*',
    reason: /not a gradcode results directory/,
  },
  {
    name: 'merge of a directory without results',
    args: ['merge', 'DIR', '--out', 'DIR'],
    field: '.*bad-input-[^:]*',
    reason: /not a gradcode results directory/,
  },
];

/** A valid spec for the flag cases (2 cells). */
const VALID =
  'name: ok\ndefaults: { code: "cyclic:N=6,s=2", trials: 100 }\nsweep: { grid: { protocol: [partial, original] } }\n';

function prepare(c: Case, k: number): { args: string[]; out: string } {
  const caseDir = join(dir, `case-${k}`);
  mkdirSync(caseDir, { recursive: true });
  const file = join(caseDir, c.file ?? 'spec.yaml');
  writeFileSync(file, c.spec ?? VALID);
  const out = join(caseDir, 'out');
  const args = (c.args ?? ['run', 'SPEC', '--out', 'DIR', '--backend', 'cpu']).map((a) =>
    a === 'SPEC' ? file : a === 'DIR' ? out : a,
  );
  return { args, out };
}

function checkMessage(c: Case, stderr: string): void {
  const text = stderr.trim();
  expect(text).toMatch(new RegExp(`^gradcode: bad input: (\\S*/)?${c.field}: `));
  if (process.env.SHOW_MESSAGES) console.log(text);
  if (c.reason) expect(text).toMatch(c.reason);
  expect(text).not.toMatch(/\n\s*\n/); // one paragraph
  expect(text).not.toMatch(/^ {4}at /m); // no stack trace
  expect(text.length).toBeLessThan(1200);
}

describe('bad-input corpus: exit code 2 and one paragraph naming the field', () => {
  it('has at least 50 malformed specs besides the flag cases', () => {
    expect(CASES.filter((c) => c.spec !== undefined).length).toBeGreaterThanOrEqual(50);
  });

  CASES.forEach((c, k) => {
    it(c.name, async () => {
      const { args } = prepare(c, k);
      const r = await inProcess(...args);
      expect(r.code, r.stderr).toBe(2);
      checkMessage(c, r.stderr);
      expect(r.stdout).toBe('');
    });
  });
});

describe('bad input through the built CLI (separate processes)', () => {
  beforeAll(requireBuiltCli);
  // A few cases end to end (separate processes: the bin's exit code and stderr); the corpus above runs in-process.
  const picks = ['unclosed flow sequence', 'frc with (s+1) ∤ N', 'unknown decoder', '--shard 5/4'];
  for (const name of picks) {
    it(name, () => {
      const k = CASES.findIndex((c) => c.name === name);
      const { args } = prepare(CASES[k], 1000 + k);
      const r = runBin(args);
      expect(r.code, r.stderr).toBe(2);
      checkMessage(CASES[k], r.stderr);
    });
  }
});

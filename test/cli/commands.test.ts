import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { bin, inProcess, requireBuiltCli, runBin, specs, startBin, tempDir } from '../sweep/cli-helpers.js';

/**
 * The CLI surface of issue 6: `--help` on every command, the exit codes (0 ok, 1 run failure, 2 bad input,
 * 130 interrupted) and the `--progress auto|bar|lines|none` displays.
 */
const dir = tempDir('commands');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tiny = join(specs, 'tiny.yaml');

/** The sweep commands this issue adds; each has an Examples section and documents its exit codes or files. */
const SWEEP_COMMANDS = ['run', 'sweep', 'resume', 'merge', 'schema', 'slurm'];

describe('--help on every command', () => {
  const names = buildProgram().commands.map((c) => c.name());

  it('registers the sweep commands next to the others', () => {
    for (const name of SWEEP_COMMANDS) expect(names).toContain(name);
  });

  it('the program help lists every command', async () => {
    const r = await inProcess('--help');
    expect(r.code).toBe(0);
    for (const name of names) expect(r.stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
  });

  for (const name of names) {
    it(`gradcode ${name} --help`, async () => {
      const r = await inProcess(name, '--help');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: gradcode ${name}\\b`, 'm'));
      expect(r.stdout).toMatch(/-h, --help/);
      if (SWEEP_COMMANDS.includes(name)) expect(r.stdout).toMatch(/^Examples:$/m);
    });
  }
});

describe('exit codes', () => {
  beforeAll(requireBuiltCli);

  it('0: `schema` writes the JSON Schema (complete runs exit 0 in the --progress tests below)', async () => {
    const r = await inProcess('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).title).toBe('gradcode sweep spec');
  });

  it('0: `gradcode run` without a spec runs the embedded default (examples/default.yaml)', async () => {
    const out = join(dir, 'embedded-default');
    const r = await inProcess(
      'run',
      '--trials',
      '200',
      '--backend',
      'cpu',
      '--out',
      out,
      '--progress',
      'none',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { name: string; cells: unknown[] };
    expect(json.name).toBe('default');
    expect(json.cells.length).toBe(6);
  }, 60_000);

  it('2: a results directory that cannot be created (a file in the way) is an environment error naming --out', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const r = runBin(['run', tiny, '--backend', 'cpu', '--out', join(file, 'out'), '--progress', 'none']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /^gradcode: bad input: --out: .*a-file\/out: .*a parent of it is not a directory \(ENOTDIR\)$/m,
    );
    expect(r.stderr).not.toMatch(/^ {4}at /m);
  });

  it('0: a reader that closes the pipe early (`gradcode … --help | head -c 16`) ends the output quietly, no EPIPE', () => {
    const command = `'${process.execPath}' '${bin}' train --help | head -c 16`;
    const r = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Usage: gradcode ');
    expect(r.stderr).not.toMatch(/EPIPE|^ {4}at /m);
  });

  it('2: an unknown option or a missing argument (commander usage errors)', async () => {
    expect((await inProcess('run', tiny, '--frobnicate')).code).toBe(2);
    expect((await inProcess('sweep', tiny)).code).toBe(2); // --out is required
    expect((await inProcess('resume')).code).toBe(2);
    expect((await inProcess('no-such-command')).code).toBe(2);
  });

  it('130: SIGTERM stops a sweep after the running batch, keeping finished cells', async () => {
    const out = join(dir, 'sigterm');
    const p = startBin(['run', join(specs, 'kill.yaml'), '--backend', 'cpu', '--out', out, '--progress', 'lines']);
    const start = Date.now();
    while (!/cell \d+ done \[1\/9\]/.test(p.stderr)) {
      if (Date.now() - start > 60_000) throw new Error(`no finished cell after 60 s:\n${p.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    p.child.kill('SIGTERM');
    const end = await p.done;
    expect(end.code, p.stderr).toBe(130);
    expect(p.stderr).toMatch(/SIGTERM: stopping after the current batch/);
    expect(p.stderr).toMatch(/resume with: gradcode resume /);
  }, 90_000);
});

describe('--progress', () => {
  beforeAll(requireBuiltCli);
  const run = (mode: string, extra: string[] = []) => {
    const out = join(dir, `progress-${mode}`);
    mkdirSync(dir, { recursive: true });
    return runBin(['run', tiny, '--backend', 'cpu', '--trials', '600', '--out', out, '--progress', mode, ...extra], {
      env: { GRADCODE_PROGRESS_INTERVAL: '0.001' },
    });
  };

  it('none: no progress on stderr, only the plan summary; --quiet: nothing at all', () => {
    const r = run('none');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^plan: 6 cells, 3\.6k trials, estimated cost 54k chunk-time draws/);
    expect(lines.slice(1).every((l: string) => l.startsWith('  '))).toBe(true); // the plan's rows and its → DIR line
    const quiet = runBin(
      [
        'run',
        tiny,
        '--backend',
        'cpu',
        '--trials',
        '600',
        '--out',
        join(dir, 'quiet'),
        '--progress',
        'lines',
        '--quiet',
      ],
      { env: { GRADCODE_PROGRESS_INTERVAL: '0.001' } },
    );
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^results: \//m); // results still on stdout, with an absolute path
  });

  it('lines (and auto on a pipe): a start line, periodic lines and one line per finished cell', () => {
    for (const mode of ['lines', 'auto']) {
      const r = run(mode);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^gradcode: shard 0\/1: 6 cells, 3.6k trials → /m);
      expect(r.stderr).toMatch(/^gradcode: cell \d+ \[\d\/6\] [\d.k]+\/600 trials; \d+% of trials, ETA /m);
      for (let k = 1; k <= 6; k++) expect(r.stderr).toMatch(new RegExp(`^gradcode: cell \\d+ done \\[${k}/6\\]`, 'm'));
      expect(r.stderr).toMatch(/100% of trials, ETA 0 s$/m);
    }
  });

  it('bar: cells, trials and ETA (forced onto a pipe, it prints the bar periodically)', () => {
    const r = run('bar');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\d+% \| cells 6\/6 \| trials 3.6k\/3.6k \| ETA 0 s/);
  });

  // `script` (util-linux) runs the CLI on a pseudo-terminal, where auto must pick the bar.
  it.skipIf(!existsSync('/usr/bin/script'))('auto on a terminal: the redrawn bar', () => {
    const out = join(dir, 'progress-tty');
    const command = [process.execPath, bin, 'run', tiny, '--backend', 'cpu', '--trials', '600', '--out', out]
      .map((w) => `'${w}'`)
      .join(' ');
    const r = spawnSync('/usr/bin/script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout).toBe(0);
    const frames = r.stdout
      .split(new RegExp(`\r|${String.fromCharCode(27)}\\[1G`))
      .filter((f) => /\| cells \d\/6 \|/.test(f));
    expect(frames.length, r.stdout).toBeGreaterThanOrEqual(2);
    expect(frames.at(-1)).toMatch(/100% \| cells 6\/6 \| trials 3.6k\/3.6k \| ETA 0 s/);
    expect(r.stdout).not.toMatch(/gradcode: cell \d+ done/); // no plain lines on a terminal
  });

  it('rejects other modes with exit code 2 naming --progress', async () => {
    const r = await inProcess('run', tiny, '--progress', 'fancy');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gradcode: bad input: --progress: unknown progress mode "fancy"/);
  });
});

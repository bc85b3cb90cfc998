import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeGpu } from '../engine/support/gpu.js';
import { runWithRawStderr, type StderrKind } from '../helpers/raw-stderr-cli.js';
import { requireBuiltCli, specs, tempDir } from '../sweep/cli-helpers.js';

/**
 * Dawn prints `maxDynamic…BuffersPerPipelineLayout artificially reduced` from C++ on every adapter discovery. The CLI
 * runs discovery with descriptor 2 captured (src/engine/webgpu/native-stderr.ts): a normal run's stderr — a pipe or
 * an append-mode log file here (a terminal is the same case as a pipe) — holds none of Dawn's lines; `--verbose`
 * shows them. Raw stderr is read (runBin filters them).
 */

const dir = tempDir('native-messages');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gradcode(args: string[], stderr: StderrKind = 'pipe') {
  requireBuiltCli();
  return runWithRawStderr(args, { stderr });
}

const DAWN_LINE = /artificially reduced|^Warning:/m;

describeGpu('Dawn’s native warnings on a WebGPU run', () => {
  const spec = join(specs, 'tiny.yaml');

  it('never reach the stderr of a normal run, doctor or a --json --quiet run', () => {
    const run = gradcode(['run', spec, '--backend', 'webgpu', '--trials', '200', '--out', join(dir, 'a')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(DAWN_LINE);
    expect(run.stderr).toMatch(/^gradcode: shard 0\/1: 6 cells/m); // the progress lines still come through
    const doctor = gradcode(['doctor'], 'append-file');
    expect(doctor.code).toBe(0);
    expect(doctor.stderr).toBe('');
    const json = gradcode(
      ['run', spec, '--trials', '200', '--out', join(dir, 'b'), '--json', '--quiet'],
      'append-file',
    );
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toBe('');
  });

  it('are shown under --verbose', () => {
    const run = gradcode(['run', spec, '--backend', 'webgpu', '--trials', '200', '--out', join(dir, 'c'), '--verbose']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.match(/^Warning: maxDynamic\w+ artificially reduced/gm)?.length).toBe(2);
  });
});

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWithRawStderr } from '../helpers/raw-stderr-cli.js';
import { requireBuiltCli, specs, tempDir } from '../sweep/cli-helpers.js';

/**
 * A machine without a Vulkan loader: a file named libvulkan.so.1 that is not a library, first on LD_LIBRARY_PATH,
 * makes Dawn's dlopen fail as on a machine without libvulkan1 (Dawn then prints "Warning: Couldn't load Vulkan: …
 * at operator() (…/BackendVk.cpp:368)" from C++). gradcode prints one line of its own instead: which backend it uses,
 * why, and the fix.
 */

const dir = tempDir('no-adapter');
const fakeLoader = join(dir, 'lib');
mkdirSync(fakeLoader);
writeFileSync(join(fakeLoader, 'libvulkan.so.1'), 'not a shared library\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI with the fake loader; stderr on a pipe (as `2>&1 | cat`), or on an append-mode file for `quiet`. */
function gradcode(args: string[], stderr: 'pipe' | 'append-file' = 'pipe') {
  requireBuiltCli();
  return runWithRawStderr(args, { stderr, env: { LD_LIBRARY_PATH: fakeLoader } });
}

describe.skipIf(process.platform !== 'linux')('no Vulkan loader (Linux)', () => {
  const spec = join(specs, 'tiny.yaml');
  const run = (out: string, ...flags: string[]) =>
    gradcode(['run', spec, '--trials', '100', '--progress', 'none', '--out', join(dir, out), ...flags]);
  const runToFile = (out: string, ...flags: string[]) =>
    gradcode(['run', spec, '--trials', '100', '--progress', 'none', '--out', join(dir, out), ...flags], 'append-file');

  it('auto runs on the CPU and says so in one line of its own; Dawn’s warning stays out', () => {
    const r = run('auto');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('plan') && !l.startsWith('  '));
    expect(lines, r.stderr).toEqual([
      expect.stringMatching(
        /^gradcode: no WebGPU adapter \(the Vulkan loader could not be loaded: .*libvulkan\.so\.1.*\): running on the CPU backend .*install a Vulkan driver.*--backend cpu/,
      ),
    ]);
    expect(r.stderr).not.toMatch(/Couldn't load Vulkan|BackendVk\.cpp/);
    expect(r.stdout).toMatch(/on cpu/);
  });

  it('--verbose shows Dawn’s message; --quiet leaves stderr empty; --backend cpu never looks for an adapter', () => {
    expect(run('verbose', '--verbose').stderr).toMatch(/^Warning: Couldn't load Vulkan: .*\n {4}at .*BackendVk\.cpp/m);
    const quiet = runToFile('quiet', '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const cpu = run('cpu', '--backend', 'cpu');
    expect(cpu.code).toBe(0);
    expect(cpu.stderr).not.toMatch(/WebGPU adapter|Vulkan/);
  });

  it('--backend webgpu fails (exit 1) instead of falling back to the CPU', () => {
    const r = run('webgpu', '--backend', 'webgpu');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no WebGPU adapter found \(the Vulkan loader could not be loaded/);
    expect(r.stderr).not.toMatch(/BackendVk\.cpp/);
  });
});

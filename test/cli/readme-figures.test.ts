/**
 * The README's "From a sweep to a paper figure" commands run as written (results and figures redirected to a
 * temporary directory), and produce the two figures the README shows: a multi-axis sweep and a convergence plot with
 * its bound.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { svgTexts } from '../helpers/svg-marks.js';
import { requireBuiltCli, root, runBin, tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('readme');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The shell commands of the README's figure section, one per line. */
function readmeCommands(): string[][] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## From a sweep to a paper figure'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .filter((l) => l.startsWith('gradcode '))
    .map((l) => l.split(/\s+/).slice(1));
}

describe('README figure commands', () => {
  it('run as written and draw both figures', () => {
    requireBuiltCli();
    const commands = readmeCommands();
    expect(commands.map((c) => c[0])).toEqual(['run', 'plot', 'train', 'plot', 'report']);
    for (const args of commands) {
      const redirected = args.map((a) =>
        a.startsWith('results/') ? join(dir, a) : a.startsWith('docs/figures/') ? join(dir, a) : a,
      );
      const r = runBin([...redirected, ...(args[0] === 'run' || args[0] === 'train' ? ['--progress', 'none'] : [])], {
        timeout: 300_000,
      });
      expect(r.code, `gradcode ${args.join(' ')}\n${r.stderr}`).toBe(0);
    }
    for (const name of ['slow-workers', 'convergence']) {
      expect(existsSync(join(dir, 'docs/figures', `${name}.png`)), name).toBe(true);
      // The committed figure shows what the command draws (the SVG text is the same).
      const made = svgTexts(readFileSync(join(dir, 'docs/figures', `${name}.svg`), 'utf8'));
      const committed = svgTexts(readFileSync(join(root, 'docs/figures', `${name}.svg`), 'utf8'));
      expect(made).toEqual(committed);
    }
    expect(existsSync(join(dir, 'results/slow-workers/report.html'))).toBe(true);
  }, 600_000);
});

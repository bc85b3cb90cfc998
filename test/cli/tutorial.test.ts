/**
 * The README's five-minute tutorial, end to end: its spec (the YAML block) written as tutorial.yaml in a fresh folder
 * and its commands run as written (`npx gradcode` → the built CLI), then what the text promises is checked: the plan
 * of a dry run, the results tables with the axis column, the plotted files, the refusal without --color, the report.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readParquetRows } from '../../src/store/parquet.js';
import { requireBuiltCli, root, runBin, tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('tutorial');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tutorial(): { spec: string; commands: string[][] } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A five-minute tutorial'), readme.indexOf('## What a machine needs'));
  const spec = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const sh = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const commands = sh
    .split('\n')
    .filter((l) => l.startsWith('npx gradcode '))
    .map((l) =>
      l
        .replace(/\s+#.*$/, '')
        .split(/\s+/)
        .slice(2),
    );
  return { spec, commands };
}

describe('README tutorial', () => {
  it('runs as written, from a fresh folder, and gives what the text says', async () => {
    requireBuiltCli();
    const { spec, commands } = tutorial();
    expect(commands.map((c) => c[0])).toEqual(['run', 'run', 'plot', 'report']);
    const cwd = join(dir, 'work');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'tutorial.yaml'), spec);
    const outputs = commands.map((args) => {
      const r = runBin(args, { cwd, timeout: 300_000 });
      expect(r.code, `gradcode ${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r;
    });
    // 1. The dry run prints the plan and writes nothing.
    expect(outputs[0].stdout).toMatch(/plan: 8 cells/);
    const results = join(cwd, 'results', 'tutorial');
    // 2. The run: one row per cell with the axes as columns, and the tables.
    expect(outputs[1].stdout).toMatch(/stragglers\.slow\.factor/);
    const cells = await readParquetRows(join(results, 'cells.parquet'));
    expect(cells.map((c) => c.stragglers_slow_factor)).toEqual([1, 2, 4, 8, 1, 2, 4, 8]);
    expect(existsSync(join(results, 'plots', 'completion-time.png'))).toBe(true);
    // 3. The plot, where the text says.
    for (const ext of ['svg', 'png'])
      expect(existsSync(join(results, 'plots', `completion_mean-vs-stragglers_slow_factor.${ext}`))).toBe(true);
    const merged = runBin(
      commands[2].filter((a, k, all) => a !== '--color' && all[k - 1] !== '--color'),
      { cwd },
    );
    expect(merged.code).toBe(2);
    expect(merged.stderr).toContain('axis_protocol');
    // 4. The report.
    expect(existsSync(join(results, 'report.html'))).toBe(true);
  }, 600_000);
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAGS } from '../src/flags.js';
import { packageRoot } from '../src/package-root.js';

const root = packageRoot();

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** The docs/environment.md table rendered from FLAGS. */
function table(): string {
  const rows = Object.entries(FLAGS).map(([name, f]) => `| \`${name}\` | ${f.values} | ${f.default} | ${f.effect} |`);
  return ['| variable | values | default | effect |', '|---|---|---|---|', ...rows].join('\n');
}

describe('GRADCODE_* environment variables', () => {
  it('are read only by src/flags.ts (tests may set them)', () => {
    const readers: string[] = [];
    for (const file of ['src', 'test', 'bench', 'wasm'].flatMap((d) => files(join(root, d)))) {
      if (file.endsWith(join('src', 'flags.ts'))) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(delete\s+)?process\.env(\.GRADCODE_\w+|\[\s*['"`]GRADCODE_\w+['"`]\s*\])(\s*=(?!=))?/g,
      )) {
        if (!m[1] && !m[3]) readers.push(`${relative(root, file)}: ${m[0]}`);
      }
    }
    expect(readers).toEqual([]);
  });

  it('are documented in one table, docs/environment.md, rendered from FLAGS', () => {
    expect(readFileSync(join(root, 'docs', 'environment.md'), 'utf8')).toContain(table());
  });
});

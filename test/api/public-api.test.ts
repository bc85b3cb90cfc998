import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { packageRoot } from '../../src/package-root.js';

const root = packageRoot();
const indexText = readFileSync(join(root, 'src', 'index.ts'), 'utf8');

/** The `export { … } from './file.js'` statements of src/index.ts: each public name with its file and kind. */
function publicExports(): { name: string; file: string; typeOnly: boolean }[] {
  const out: { name: string; file: string; typeOnly: boolean }[] = [];
  for (const m of indexText.matchAll(/export (type )?\{([^}]*)\} from '\.\/([^']+)\.js';/g)) {
    for (const raw of m[2].split(',')) {
      const item = raw.trim();
      if (!item) continue;
      const typeOnly = Boolean(m[1]) || item.startsWith('type ');
      out.push({ name: item.replace(/^type /, ''), file: `src/${m[3]}.ts`, typeOnly });
    }
  }
  return out;
}

/** Whether `name` is declared in `file` with a doc comment (/** … *\/) directly above, following re-exports. */
function documented(file: string, name: string, depth = 0): boolean {
  const text = readFileSync(join(root, file), 'utf8');
  const declaration = new RegExp(
    `(\\*/\\s*)?export (?:declare )?(?:async )?(?:function\\*?|const|let|class|abstract class|interface|type|enum) ${name}\\b`,
  );
  const m = declaration.exec(text);
  if (m) return Boolean(m[1]);
  const reexport = new RegExp(`export (?:type )?\\{[^}]*\\b${name}\\b[^}]*\\} from '(\\.[^']+)\\.js'`).exec(text);
  if (reexport && depth < 3) return documented(join(file, '..', `${reexport[1]}.ts`), name, depth + 1);
  return false;
}

function barrels(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...barrels(path));
    else if (entry.name === 'index.ts') found.push(relative(root, path));
  }
  return found;
}

/**
 * The curated public API (issue 17): src/index.ts names every public export, each documented; folders have no
 * barrel files; the library examples in the README and docs import only public names.
 */
describe('public API', () => {
  const exports = publicExports();

  it('lists its names explicitly, and the folders have no barrel re-exporting everything', () => {
    expect(indexText).not.toMatch(/export \*/);
    expect(exports.length).toBeGreaterThan(50);
    // cli/commands/index.ts is the command registry, not a re-export.
    expect(barrels(join(root, 'src')).sort()).toEqual(['src/cli/commands/index.ts', 'src/index.ts']);
  });

  it('gives every public name a doc comment at its declaration', () => {
    const missing = exports.filter((e) => !documented(e.file, e.name)).map((e) => `${e.name} (${e.file})`);
    expect(missing).toEqual([]);
  });

  it('exports a defined value for every non-type name', () => {
    const runtime = api as Record<string, unknown>;
    for (const e of exports.filter((x) => !x.typeOnly)) expect(runtime[e.name], e.name).toBeDefined();
    const declared = new Set(exports.map((e) => e.name));
    for (const name of Object.keys(runtime)) expect(declared.has(name), name).toBe(true);
  });

  it('covers every name the README and docs import from gradcode', () => {
    const names = new Set(exports.map((e) => e.name));
    const docs = [
      'README.md',
      ...readdirSync(join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    let imports = 0;
    for (const doc of docs) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const m of text.matchAll(/import (?:type )?\{([^}]*)\} from 'gradcode'/g)) {
        for (const raw of m[1].split(',')) {
          const name = raw.trim().replace(/^type /, '');
          if (!name) continue;
          imports++;
          expect(names.has(name), `${doc} imports ${name}`).toBe(true);
        }
      }
    }
    expect(imports).toBeGreaterThan(5);
  });
});

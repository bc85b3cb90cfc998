import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';

/**
 * docs/architecture.md against the tree: its layer table names every folder (and root module) of src/ and agrees
 * layer by layer with .dependency-cruiser.cjs, the rule set `npm run lint` enforces; every repository path it writes
 * in backticks exists.
 */
const root = packageRoot();
const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');

/** The layer table of section 1: layer number → folder names, in the order written. */
function docLayers(): Map<number, string[]> {
  const start = doc.indexOf('## 1. Layers');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end === -1 ? undefined : end);
  const layers = new Map<number, string[]>();
  for (const m of section.matchAll(/^\| (\d+) \| `([^`]+)` \|/gm)) {
    const k = Number(m[1]);
    layers.set(k, [...(layers.get(k) ?? []), m[2]]);
  }
  return layers;
}

interface CruiserRule {
  readonly name: string;
  readonly from: { readonly path?: string };
  readonly to: { readonly path?: string };
}

/** The names of a layer pattern `^src/(a|b|c)(/|\.ts$)`. */
function patternNames(pattern: string | undefined): string[] {
  const m = /^\^src\/\(([^)]+)\)/.exec(pattern ?? '');
  if (!m) throw new Error(`unexpected layer pattern ${pattern}`);
  return m[1].split('|');
}

/**
 * The layers of .dependency-cruiser.cjs, bottom to top: each `no-upward-from-*` rule's `from` is one layer, and the
 * last rule's `to` is the top layer.
 */
function configLayers(): string[][] {
  const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as {
    forbidden: CruiserRule[];
  };
  const upward = config.forbidden.filter((r) => r.name.startsWith('no-upward-from-'));
  if (upward.length === 0) throw new Error('no layer rules in .dependency-cruiser.cjs');
  return [...upward.map((r) => patternNames(r.from.path)), patternNames(upward[upward.length - 1].to.path)];
}

describe('docs/architecture.md', () => {
  const layers = docLayers();
  const named = new Set([...layers.values()].flat());

  it('names every folder of src/ and every root module in its layer table', () => {
    const entries = readdirSync(join(root, 'src'), { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    const modules = entries
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && e.name !== 'index.ts')
      .map((e) => e.name.replace(/\.ts$/, ''));
    expect(folders.length).toBeGreaterThan(20);
    for (const name of [...folders, ...modules]) expect(named.has(name), `src/${name} in the layer table`).toBe(true);
  });

  it('lists the layers of .dependency-cruiser.cjs, bottom to top, each with the same folders', () => {
    const config = configLayers();
    expect(config.length).toBeGreaterThan(2);
    expect([...layers.keys()]).toEqual(config.map((_, k) => k));
    config.forEach((names, k) => {
      expect([...(layers.get(k) ?? [])].sort(), `layer ${k}`).toEqual([...names].sort());
    });
  });

  it('names only repository paths that exist', () => {
    const paths = [...doc.matchAll(/`((?:src|shaders|test|docs|bench|examples|wasm)\/[^`\s]*)`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      // A template (`src/decoders/<name>.ts`, `shaders/trials/*.wgsl`): its fixed folder must exist.
      const wild = path.search(/[<*]/);
      const fixed = wild === -1 ? path : path.slice(0, path.lastIndexOf('/', wild) + 1);
      expect(existsSync(join(root, fixed)), path).toBe(true);
    }
  });
});

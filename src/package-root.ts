import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The installed package's root directory (the one holding package.json and shaders/), found by walking up from this
 * module. Works from `src/` under tsx/vitest and from `dist/src/` after a build or npm install.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'shaders'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('gradcode: cannot locate the package root (package.json next to shaders/)');
    dir = parent;
  }
}

/** The installed gradcode version, read from package.json at run time. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

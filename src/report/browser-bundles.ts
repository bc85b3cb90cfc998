import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The browser builds of Vega and Vega-Lite that a report page inlines (no network at view time). */
export interface BrowserBundles {
  readonly vega: string;
  readonly vegaLite: string;
  /** Versions, printed in the page's footer. */
  readonly versions: { readonly vega: string; readonly vegaLite: string };
}

let cached: BrowserBundles | undefined;

/**
 * Reads the minified UMD builds shipped in the `vega` and `vega-lite` packages (`build/vega.min.js`,
 * `build/vega-lite.min.js`). Their package exports hide `build/`, so the files are found next to an exported file.
 */
export function browserBundles(): BrowserBundles {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const vegaDir = dirname(require.resolve('vega/vega-schema.json'));
  const vegaLiteBuild = dirname(require.resolve('vega-lite/vega-lite-schema.json'));
  const vegaRoot = vegaDir.endsWith('build') ? dirname(vegaDir) : vegaDir;
  const version = (root: string) =>
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  cached = {
    vega: readFileSync(join(vegaRoot, 'build', 'vega.min.js'), 'utf8'),
    vegaLite: readFileSync(join(vegaLiteBuild, 'vega-lite.min.js'), 'utf8'),
    versions: { vega: version(vegaRoot), vegaLite: version(dirname(vegaLiteBuild)) },
  };
  return cached;
}

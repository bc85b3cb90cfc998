import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { type WasmModuleName, wasmModule } from '../../src/wasm-module.js';
import { assembleWat } from '../../wasm/build.mjs';

const WASM_DIR = join(packageRoot(), 'wasm');
const sources = readdirSync(WASM_DIR).filter((f) => f.endsWith('.wat'));

/**
 * One WebAssembly pipeline: every module is a `.wat` source in wasm/, assembled by wasm/build.mjs (`npm run
 * build:wasm`) into the committed `.wasm` that src/wasm-module.ts loads.
 */
describe('wasm/ modules', () => {
  it('are the ones src/wasm-module.ts names', () => {
    const names: WasmModuleName[] = ['finish-times', 'gemm'];
    expect(sources.map((f) => f.replace(/\.wat$/, '')).sort()).toEqual([...names].sort());
    for (const name of names) expect(wasmModule(name)).toBeInstanceOf(WebAssembly.Module);
  });

  for (const file of sources) {
    it(`${file} is assembled into its committed binary (run \`npm run build:wasm\` after editing it)`, async () => {
      const built = await assembleWat(file, readFileSync(join(WASM_DIR, file), 'utf8'));
      expect(Buffer.compare(built, readFileSync(join(WASM_DIR, file.replace(/\.wat$/, '.wasm'))))).toBe(0);
    });
  }
});

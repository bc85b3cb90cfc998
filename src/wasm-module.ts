import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** The WebAssembly modules of the package: wasm/<name>.wat, assembled into wasm/<name>.wasm by wasm/build.mjs. */
export type WasmModuleName = 'finish-times' | 'gemm';

const compiled = new Map<WasmModuleName, WebAssembly.Module>();

/**
 * The compiled module wasm/<name>.wasm (read and compiled once per thread). The binaries are committed so that an
 * install needs no toolchain; test/wasm/build.test.ts checks that each is the assembly of its `.wat` source. Callers
 * check `wasmEnabled()` (src/flags.ts) and fall back to their TypeScript loops when it is off.
 */
export function wasmModule(name: WasmModuleName): WebAssembly.Module {
  let module = compiled.get(name);
  if (!module) {
    module = new WebAssembly.Module(readFileSync(join(packageRoot(), 'wasm', `${name}.wasm`)));
    compiled.set(name, module);
  }
  return module;
}

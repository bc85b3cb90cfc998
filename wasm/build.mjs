// Assembles every wasm/*.wat into wasm/*.wasm with wabt (the binaries are committed so that installs need no
// toolchain; test/wasm/build.test.ts checks that each binary is the assembly of its source).
//   npm run build:wasm
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

/** The binary of a WAT source (SIMD enabled), as wabt assembles it. */
export async function assembleWat(name, text) {
  const wabt = await wabtInit();
  const module = wabt.parseWat(name, text, { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = dirname(fileURLToPath(import.meta.url));
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.wat'))) {
    const binary = await assembleWat(file, readFileSync(join(dir, file), 'utf8'));
    writeFileSync(join(dir, file.replace(/\.wat$/, '.wasm')), binary);
    console.log(`wasm/${file} → wasm/${file.replace(/\.wat$/, '.wasm')} (${binary.length} bytes)`);
  }
}

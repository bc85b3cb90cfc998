/** The binary of a WAT source (SIMD enabled), as wabt assembles it (wasm/build.mjs). */
export function assembleWat(name: string, text: string): Promise<Buffer>;

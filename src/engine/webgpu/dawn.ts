import { createRequire } from 'node:module';
import { GpuUnavailableError } from './gpu-errors.js';

/**
 * The one owner of Dawn (`webgpu` package) objects in the process.
 *
 * - The `webgpu` module (a 21 MB native addon) is loaded lazily, on the first GPU use, so CLI commands that never
 *   touch the GPU do not pay for it.
 * - Every object returned by `create()` is kept in a module-level map for the life of the process: dropping one
 *   while devices live crashed Node (SIGSEGV) here, and `delete navigator.gpu` segfaults in webgpu 0.6, so nothing
 *   here ever drops or deletes them.
 * - {@link releaseGpu} destroys every device (after its queue drains) so the process exits by itself.
 */

type DawnModule = typeof import('webgpu');

let dawn: Promise<DawnModule> | undefined;
const instances = new Map<string, GPU>();
const releasers = new Set<() => Promise<void>>();

/** Loads the `webgpu` module once; a failure (missing binary, glibc too old) becomes {@link GpuUnavailableError}. */
export function loadDawn(): Promise<DawnModule> {
  dawn ??= import('webgpu').catch((error: unknown) => {
    dawn = undefined;
    const message = error instanceof Error ? error.message : String(error);
    const fix = /GLIBC/.test(message)
      ? 'the webgpu prebuilt needs glibc ≥ 2.38 (Debian 13, Ubuntu 24.04 or newer); use --backend cpu elsewhere'
      : 'reinstall dependencies (`npm ci`) or use --backend cpu';
    throw new GpuUnavailableError(`cannot load the webgpu (Dawn) module: ${message.split('\n')[0]}`, fix);
  });
  return dawn;
}

/**
 * The `GPU` object for Dawn `create(options)` (e.g. `['adapter=NAME']`), created once per distinct option list and
 * kept forever (see the module comment).
 */
export async function dawnInstance(options: readonly string[] = []): Promise<GPU> {
  const key = JSON.stringify(options);
  const existing = instances.get(key);
  if (existing) return existing;
  const { create } = await loadDawn();
  const instance = create([...options]);
  instances.set(key, instance);
  return instance;
}

/** Version of the installed `webgpu` npm package (the Dawn build for Node). */
export function webgpuPackageVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('webgpu/package.json') as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/**
 * Registers a release step (a GPU context destroying its devices); returns the function that unregisters it.
 * Called by {@link releaseGpu}.
 */
export function onReleaseGpu(release: () => Promise<void>): () => void {
  releasers.add(release);
  return () => releasers.delete(release);
}

/**
 * Destroys every device created through gradcode (each after its submitted work is done), so that nothing keeps
 * the process alive or races driver threads at exit. The `create()` objects stay referenced. Safe to call
 * repeatedly; GPU work started afterwards creates fresh devices.
 */
export async function releaseGpu(): Promise<void> {
  const pending = [...releasers];
  releasers.clear();
  await Promise.allSettled(pending.map((release) => release()));
}

import { createRequire } from 'node:module';
import { verbosity } from '../verbosity.js';
import { GpuUnavailableError } from './gpu-errors.js';
import { filterNativeMessages } from './native-messages.js';
import { captureNativeStderr } from './native-stderr.js';

/**
 * The one owner of Dawn (`webgpu` package) objects in the process.
 *
 * - The `webgpu` module (a 21 MB native addon) is loaded lazily, on the first GPU use, so CLI commands that never
 *   touch the GPU do not pay for it.
 * - Every object returned by `create()` is kept in a module-level map for the life of the process: dropping one
 *   while devices live crashed Node (SIGSEGV) here, and `delete navigator.gpu` segfaults in webgpu 0.6, so nothing
 *   here ever drops or deletes them.
 * - {@link releaseGpu} destroys every device (after its queue drains) so the process exits by itself.
 * - Adapters are requested through {@link requestDawnAdapter}: Dawn prints its discovery warnings from native code on
 *   the first request of each instance; where the process opted in ({@link enableNativeMessageFilter}), that request runs
 *   with descriptor 2 captured and only messages gradcode does not know are printed (all of them under `--verbose`).
 */

type DawnModule = typeof import('webgpu');

let dawn: Promise<DawnModule> | undefined;
const instances = new Map<string, GPU>();
const releasers = new Set<() => Promise<void>>();
/** Instances whose first adapter request (adapter discovery) has run. */
const discovered = new Set<string>();
let filtering = false;
const noAdapterReasons = new Set<string>();

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

/**
 * Opts the process in to filtering Dawn's native stderr messages (the CLI does; see src/engine/webgpu/native-stderr.ts
 * for why a library does not by default).
 */
export function enableNativeMessageFilter(): void {
  filtering = true;
}

/**
 * `requestAdapter(request)` on the Dawn instance for `options`. The first request of an instance discovers adapters,
 * which is when Dawn and the Vulkan loader print: with filtering on, it runs with stderr captured, known messages
 * are dropped (printed under `--verbose`) and what they say about a missing adapter is kept for
 * {@link noAdapterReason}. Rejections of Dawn's request propagate after the messages are printed.
 */
export async function requestDawnAdapter(
  options: readonly string[],
  request?: GPURequestAdapterOptions,
): Promise<GPUAdapter | null> {
  const key = JSON.stringify(options);
  const attempt = async () => (await dawnInstance(options)).requestAdapter(request);
  if (!filtering || discovered.has(key)) return attempt();
  discovered.add(key);
  const settled = await captureNativeStderr(() =>
    attempt().then(
      (adapter) => ({ adapter, error: undefined as unknown }),
      (error: unknown) => ({ adapter: null, error }),
    ),
  );
  const { print, noAdapterReasons: reasons } = filterNativeMessages(settled.text, verbosity() === 'verbose');
  if (print) process.stderr.write(print);
  for (const reason of reasons) noAdapterReasons.add(reason);
  if (settled.value.error !== undefined) throw settled.value.error;
  return settled.value.adapter;
}

/** Why no adapter was found, as far as Dawn's filtered messages said (null when they said nothing). */
export function noAdapterReason(): string | null {
  return noAdapterReasons.size > 0 ? [...noAdapterReasons].join('; ') : null;
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

import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AdapterIdentity } from './device-identity.js';

/**
 * Which on-disk shader cache of the Vulkan driver a pipeline compiled now will land in. Dawn for Node keeps no
 * pipeline cache of its own across processes (its blob cache needs a caching interface from the embedder, which the
 * `webgpu` package does not provide), so the only cross-run cache is the driver's:
 *
 * - Mesa drivers (lavapipe, RADV, ANV, NVK): `$MESA_SHADER_CACHE_DIR` or `$XDG_CACHE_HOME` (default `~/.cache`),
 *   folder `mesa_shader_cache_db` (Mesa ≥ 23) or `mesa_shader_cache`; off with `MESA_SHADER_CACHE_DISABLE=true`.
 *   On lavapipe the cache decides most of a first cell's time: llvmpipe compiles a compute shader at its first
 *   dispatch, 2–6 s per trial pipeline with a cold cache against 0.2–0.6 s warm (BENCHMARKS.md).
 * - NVIDIA's proprietary driver: `$__GL_SHADER_DISK_CACHE_PATH` (default `~/.cache/nvidia/GLCache`); off with
 *   `__GL_SHADER_DISK_CACHE=0`.
 *
 * The identity is the cache folder with its inode and creation time, so a cache that was deleted (or a fresh
 * `MESA_SHADER_CACHE_DIR`) is a different cache, whose pipelines are cold again. `disabled` means every compile is
 * cold; `unknown` (other drivers) is treated as one persistent cache.
 */
export function driverCacheIdentity(adapter: AdapterIdentity, env: NodeJS.ProcessEnv = process.env): string {
  const text = `${adapter.vendor} ${adapter.description}`.toLowerCase();
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  if (/mesa|llvmpipe|radv|\banv\b|nvk|turnip/.test(text)) {
    if (/^(1|true|yes)$/i.test(env.MESA_SHADER_CACHE_DISABLE ?? '')) return 'mesa:disabled';
    const root = env.MESA_SHADER_CACHE_DIR || cacheHome;
    return folderIdentity('mesa', [join(root, 'mesa_shader_cache_db'), join(root, 'mesa_shader_cache')]);
  }
  if (/nvidia/.test(text)) {
    if (env.__GL_SHADER_DISK_CACHE === '0') return 'nvidia:disabled';
    const path = env.__GL_SHADER_DISK_CACHE_PATH || join(cacheHome, 'nvidia', 'GLCache');
    return folderIdentity('nvidia', [path]);
  }
  return 'unknown';
}

/** `driver:path#inode:birth` of the first folder that exists, or `driver:absent` (the next compile creates it). */
function folderIdentity(driver: string, folders: readonly string[]): string {
  for (const folder of folders) {
    try {
      const s = statSync(folder);
      if (s.isDirectory()) return `${driver}:${folder}#${s.ino}:${Math.round(s.birthtimeMs)}`;
    } catch {
      // not there: try the next one
    }
  }
  return `${driver}:absent`;
}

/** Whether compiles into this cache are always cold (the cache is off). */
export function driverCacheDisabled(identity: string): boolean {
  return identity.endsWith(':disabled');
}

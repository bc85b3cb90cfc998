import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

/**
 * The process-wide worker-thread pool of the CPU backend (piscina). Idle workers do not keep the process alive;
 * {@link releaseWorkerPool} ends them.
 *
 * Workers run compiled JavaScript after `npm run build` (dist/src/engine/cpu/kernel-worker.js). When gradcode runs
 * from TypeScript sources (vitest, tsx) the worker is `kernel-worker.ts`, and each worker first registers tsx's
 * loader through an `--import` of a `data:` module that calls `register()` from `tsx/esm/api`. (On Node 20 a plain
 * `execArgv: ['--import', 'tsx']` does not reach a worker's own entry module: it fails with
 * ERR_UNKNOWN_FILE_EXTENSION, while a runtime `register()` inside the worker works.)
 */

const pools = new Map<number, Piscina>();

/** Threads the CPU backend uses by default: one per available core. */
export function defaultCpuThreads(): number {
  return availableParallelism();
}

/** How to start a worker from where this module runs (compiled JS or TypeScript source). */
export function workerEntry(): { filename: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(`./kernel-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
  if (!fromSource) return { filename, execArgv: [] };
  const api = tsxEsmApiUrl();
  const boot = `const { register } = await import(${JSON.stringify(api)}); register();`;
  return { filename, execArgv: ['--import', `data:text/javascript,${encodeURIComponent(boot)}`] };
}

/** URL of tsx's ESM API module (`tsx/esm/api`, import condition), from tsx's package.json exports. */
function tsxEsmApiUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(packageJson, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const entry = manifest.exports['./esm/api']?.import?.default;
  if (!entry) throw new Error(`cannot find tsx/esm/api in ${packageJson}`);
  return pathToFileURL(join(dirname(packageJson), entry)).href;
}

/** The shared pool with at most `threads` workers (one pool per size; normally there is only the default one). */
export function workerPool(threads = defaultCpuThreads()): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    const { filename, execArgv } = workerEntry();
    pool = new Piscina({ filename, execArgv, minThreads: 0, maxThreads: threads, idleTimeout: 10_000 });
    pools.set(threads, pool);
  }
  return pool;
}

/** Ends every worker; a later CPU run starts new ones. */
export async function releaseWorkerPool(): Promise<void> {
  const current = [...pools.values()];
  pools.clear();
  await Promise.all(current.map((pool) => pool.destroy()));
}

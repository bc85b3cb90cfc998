import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CliResult, runCliInProcess } from '../helpers/in-process-cli.js';

/** Repository root. */
export const root = resolve(import.meta.dirname, '../..');
/** The built CLI (tests that use it need `npm run build`; `npm test` builds first). */
export const bin = join(root, 'dist/src/cli/bin.js');
/** Spec fixtures. */
export const specs = join(root, 'test/fixtures/specs');

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `gradcode-${prefix}-`));
}

/** Fails early with a clear message when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first (npm test does)`);
}

export type { CliResult } from '../helpers/in-process-cli.js';
/** Runs `gradcode ARGS` in this process (see {@link runCliInProcess}). */
export const inProcess = runCliInProcess;

/** Dawn's two start-up warnings (printed per device) are noise in stderr assertions. */
export function withoutDawnWarnings(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !/^Warning: max\w+ artificially reduced/.test(l))
    .join('\n');
}

/** Runs the built CLI synchronously. */
export function runBin(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
  });
  return { code: r.status ?? (r.signal ? 128 : -1), stdout: r.stdout, stderr: withoutDawnWarnings(r.stderr) };
}

/** Starts the built CLI as a child process (for signals); `done` resolves with its exit code or signal. */
export function startBin(args: string[], options: SpawnOptions = {}) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return {
    child,
    done,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return withoutDawnWarnings(stderr);
    },
  };
}

/** Resolves once `predicate` holds (polled), or rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

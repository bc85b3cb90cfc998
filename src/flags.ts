import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The `GRADCODE_*` environment variables, read here and nowhere else (test/flags.test.ts checks the source tree), and
 * documented in one table, docs/environment.md (the same test checks that the table lists exactly these).
 */

/** One environment variable: its values, default and effect (the columns of docs/environment.md). */
export interface FlagSpec {
  readonly values: string;
  readonly default: string;
  readonly effect: string;
}

/** Every `GRADCODE_*` variable gradcode, its job scripts and its tests read. */
export const FLAGS = {
  GRADCODE_WASM: {
    values: '`0` or unset',
    default: 'unset (WebAssembly on)',
    effect:
      '`0` turns off every WebAssembly kernel of the CPU backend (wasm/*.wat: finishing times, the training products); ' +
      'their TypeScript loops give the same bits, more slowly — to time or check the TypeScript twin alone',
  },
  GRADCODE_DEBUG: {
    values: '`1` or unset',
    default: 'unset',
    effect: '`1` prints the stack trace of an unexpected error, and a line when the exit watchdog fires',
  },
  GRADCODE_PROGRESS_INTERVAL: {
    values: 'seconds > 0',
    default: '10',
    effect: 'seconds between the plain progress lines (`--progress lines`) within a long cell of a sweep',
  },
  GRADCODE_CACHE_DIR: {
    values: 'a path',
    default: '`$XDG_CACHE_HOME/gradcode` (`~/.cache/gradcode`)',
    effect:
      'where `auto` keeps its calibration (`calibration.json`: measured costs per machine, adapter and kernel family, ' +
      'and the pipelines the driver has cached); `gradcode doctor --recalibrate` rewrites it',
  },
  GRADCODE_BIN: {
    values: 'a path',
    default: 'unset',
    effect:
      'read by the SLURM job script (`gradcode slurm`), not by gradcode itself: the executable each job runs ' +
      'instead of the node and entry script found at submission',
  },
  GRADCODE_REQUIRE_GPU: {
    values: '`1` or unset',
    default: 'unset (set by .ci/run)',
    effect: 'tests: a missing WebGPU adapter fails the GPU tests instead of skipping them',
  },
  GRADCODE_CHROMIUM: {
    values: 'a path',
    default: '/usr/bin/chromium',
    effect: 'tests: the browser that renders HTML reports in test/report/report.browser.test.ts',
  },
} as const satisfies Readonly<Record<`GRADCODE_${string}`, FlagSpec>>;

export type FlagName = keyof typeof FLAGS;

/** The raw value of a flag (undefined when unset). */
export function flagValue(name: FlagName): string | undefined {
  return process.env[name];
}

/** Whether the WebAssembly kernels run (GRADCODE_WASM ≠ 0); read at each kernel's creation. */
export function wasmEnabled(): boolean {
  return flagValue('GRADCODE_WASM') !== '0';
}

/** Whether unexpected errors print their stack (GRADCODE_DEBUG=1). */
export function debugEnabled(): boolean {
  return flagValue('GRADCODE_DEBUG') === '1';
}

/** Seconds between plain progress lines: GRADCODE_PROGRESS_INTERVAL when a positive number, else 10. */
export function progressIntervalSeconds(): number {
  const value = Number(flagValue('GRADCODE_PROGRESS_INTERVAL'));
  return Number.isFinite(value) && value > 0 ? value : 10;
}

/** The folder of gradcode's on-disk caches: GRADCODE_CACHE_DIR, else `$XDG_CACHE_HOME/gradcode`, else `~/.cache/gradcode`. */
export function cacheDir(): string {
  const explicit = flagValue('GRADCODE_CACHE_DIR');
  if (explicit) return resolve(explicit);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gradcode');
}

/** Tests: whether a missing WebGPU adapter must fail the GPU tests (GRADCODE_REQUIRE_GPU=1). */
export function gpuRequired(): boolean {
  return flagValue('GRADCODE_REQUIRE_GPU') === '1';
}

/** Tests: the chromium executable for browser tests. */
export function chromiumPath(): string {
  return flagValue('GRADCODE_CHROMIUM') ?? '/usr/bin/chromium';
}

/**
 * How much gradcode says on stderr besides errors and warnings, set once per process by the CLI's `--quiet` and
 * `--verbose` flags: `quiet` drops plan summaries, progress and notices; `verbose` also shows the native messages of
 * Dawn and the Vulkan loader that gradcode otherwise filters (src/engine/webgpu/native-messages.ts).
 */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

let current: Verbosity = 'normal';

/** Sets the process's verbosity (the CLI does, from `--quiet` / `--verbose`). */
export function setVerbosity(value: Verbosity): void {
  current = value;
}

/** The process's verbosity (`normal` unless the CLI set another). */
export function verbosity(): Verbosity {
  return current;
}

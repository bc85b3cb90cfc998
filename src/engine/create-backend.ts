import { InputError } from '../errors.js';
import type { Backend } from './backend.js';
import { parseBackendChoice } from './backend-choice.js';
import { CpuBackend, type CpuBackendOptions } from './cpu/cpu-backend.js';
import { verbosity } from './verbosity.js';
import { findAdapter, listAdapters } from './webgpu/adapters.js';
import type { GpuTestHooks } from './webgpu/gpu-context.js';
import { GpuUnavailableError } from './webgpu/gpu-errors.js';
import { WebGpuBackend } from './webgpu/webgpu-backend.js';

/** Options of {@link createBackend} (the `--backend` and `--adapter` flags). */
export interface CreateBackendOptions {
  /** `auto` (default), `webgpu` or `cpu`. */
  readonly backend?: string;
  /** Adapter name for the WebGPU backend (Dawn's name or a unique substring; see `gradcode doctor`). */
  readonly adapter?: string;
  /** CPU backend options (also used for the WebGPU backend's CPU fallback). */
  readonly cpu?: CpuBackendOptions;
  /** Test hooks of the GPU runtime. */
  readonly hooks?: GpuTestHooks;
  /** Receives warnings (CPU fallbacks, auto falling back to the CPU); default: stderr. */
  readonly onWarning?: (message: string) => void;
  /** Receives the one-line notice that `auto` found no adapter; default: stderr, unless the verbosity is `quiet`. */
  readonly onNotice?: (message: string) => void;
}

/** The notice `auto` prints when it runs on the CPU for want of an adapter: why, and the one-line fix. */
export function noAdapterNotice(error: GpuUnavailableError): string {
  const reason = /no WebGPU adapter found(?: \((.*?)\))?;/.exec(error.message)?.[1];
  return (
    `no WebGPU adapter${reason ? ` (${reason})` : ''}: running on the CPU backend (f64, worker threads). ` +
    'For the GPU path install a Vulkan driver (`gradcode doctor` says which); --backend cpu skips this check.'
  );
}

/**
 * The backend for a run.
 * - `cpu`: the f64 twin on a worker pool (`--adapter` is then bad input);
 * - `webgpu`: the named adapter, or Dawn's high-performance default; {@link GpuUnavailableError} when none exists;
 * - `auto`: the named adapter if given, else the `auto` rule (`decideAutoBackend`: hardware GPU, else a
 *   software adapter, else the CPU). Dawn's default adapter request (high-performance) already orders adapters that
 *   way, so a plain run opens one Dawn instance and lists nothing; without any adapter, the CPU backend, with one
 *   line saying so and how to get the GPU path ({@link noAdapterNotice}).
 * Unknown backend or adapter names are {@link InputError}s listing the valid choices (CLI exit code 2).
 */
export async function createBackend(options: CreateBackendOptions = {}): Promise<Backend> {
  const choice = parseBackendChoice(options.backend ?? 'auto');
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`gradcode: ${message}\n`));
  const cpu = () => new CpuBackend(options.cpu);
  if (choice === 'cpu') {
    if (options.adapter !== undefined)
      throw new InputError('--adapter', 'selects a WebGPU adapter; it cannot be combined with --backend cpu');
    return cpu();
  }
  const gpuOptions = { hooks: options.hooks, fallback: cpu(), onWarning: warn };
  if (options.adapter !== undefined) {
    const adapter = findAdapter(await listAdapters(), options.adapter);
    return WebGpuBackend.create({ ...gpuOptions, adapter: adapter.name });
  }
  if (choice === 'webgpu') return WebGpuBackend.create(gpuOptions);
  // auto: Dawn's default adapter is the one the auto rule picks (hardware first, then a software adapter).
  try {
    return await WebGpuBackend.create(gpuOptions);
  } catch (error) {
    if (!(error instanceof GpuUnavailableError)) throw error;
    if (!/no WebGPU adapter found/.test(error.message)) warn(`${error.message}; using the CPU backend`);
    else if (options.onNotice) options.onNotice(noAdapterNotice(error));
    else if (verbosity() !== 'quiet') process.stderr.write(`gradcode: ${noAdapterNotice(error)}\n`);
    return cpu();
  }
}

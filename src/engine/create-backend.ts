import { InputError } from '../errors.js';
import type { Backend } from './backend.js';
import { parseBackendChoice } from './backend-choice.js';
import { type AutoDecision, chooseAutoBackend, pipelineRecorder } from './cost/auto-choice.js';
import type { WorkUnit } from './cost/work-unit.js';
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
  /**
   * The work the backend is for (`auto` only): with it, `auto` picks the backend its measured cost model predicts
   * faster (src/engine/cost/auto-choice.ts), measuring what the calibration lacks; without it, the rule of
   * `decideAutoBackend`.
   */
  readonly workload?: readonly WorkUnit[];
  /** Receives `auto`'s decision for a workload; default: one line on stderr, unless the verbosity is `quiet`. */
  readonly onDecision?: (decision: AutoDecision) => void;
  /** The calibration file (default: calibration.json in gradcode's cache folder, GRADCODE_CACHE_DIR). */
  readonly calibrationPath?: string;
}

/** The notice `auto` prints when it runs on the CPU for want of an adapter: why, and the one-line fix. */
export function noAdapterNotice(error: GpuUnavailableError): string {
  const reason = /no WebGPU adapter found(?: \((.*?)\))?;/.exec(error.message)?.[1];
  return (
    `no WebGPU adapter${reason ? ` (${reason})` : ''}: running on the CPU backend (f64, worker threads). ` +
    'For the GPU path install a Vulkan driver (`gradcode doctor` says which); --backend cpu skips this check.'
  );
}

/** One line for `auto`'s decision: `auto → cpu: predicted …`. */
export function decisionLine(decision: AutoDecision): string {
  return `auto → ${decision.kind === 'cpu' ? 'cpu' : 'webgpu'}: ${decision.reason}`;
}

/**
 * The backend for a run.
 * - `cpu`: the f64 twin on a worker pool (`--adapter` is then bad input);
 * - `webgpu`: the named adapter, or Dawn's high-performance default; {@link GpuUnavailableError} when none exists;
 * - `auto`: the named adapter if given; else, for a `workload`, the backend the calibrated cost model predicts
 *   faster (`chooseAutoBackend`); else the rule of `decideAutoBackend` (a hardware GPU, else the CPU). Dawn's
 *   default adapter request (high-performance) puts hardware first, so a plain run opens one Dawn instance and lists
 *   nothing; without any adapter, the CPU backend, with one line saying so and how to get the GPU path
 *   ({@link noAdapterNotice}).
 * Every WebGPU backend created here records the pipelines it compiles into the calibration (which of them the
 * driver's shader cache holds), so later predictions know which compiles are warm.
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
  const gpuOptions = { hooks: options.hooks, onWarning: warn };
  const openGpu = async (fallback: Backend, adapter?: string) => {
    const recorder = pipelineRecorder(options.calibrationPath);
    const backend = await WebGpuBackend.create({
      ...gpuOptions,
      fallback,
      adapter,
      onPipelineCompiled: recorder.onPipelineCompiled,
    });
    recorder.attach(backend.context.adapter);
    return backend;
  };
  if (options.adapter !== undefined) {
    const adapter = findAdapter(await listAdapters(), options.adapter);
    return openGpu(cpu(), adapter.name);
  }
  if (choice === 'webgpu') return openGpu(cpu());
  const noAdapter = (error: unknown) => {
    if (!(error instanceof GpuUnavailableError)) throw error;
    if (!/no WebGPU adapter found/.test(error.message)) warn(`${error.message}; using the CPU backend`);
    else if (options.onNotice) options.onNotice(noAdapterNotice(error));
    else if (verbosity() !== 'quiet') process.stderr.write(`gradcode: ${noAdapterNotice(error)}\n`);
  };
  if (options.workload) {
    const { backend, decision } = await chooseAutoBackend(
      options.workload,
      { cpu: options.cpu, calibrationPath: options.calibrationPath },
      async (recorder, fallback) => {
        try {
          return await WebGpuBackend.create({
            ...gpuOptions,
            fallback,
            onPipelineCompiled: recorder.onPipelineCompiled,
          });
        } catch (error) {
          noAdapter(error);
          return null;
        }
      },
    );
    if (options.onDecision) options.onDecision(decision);
    else if (verbosity() !== 'quiet' && decision.adapter !== null)
      process.stderr.write(`gradcode: ${decisionLine(decision)}\n`);
    return backend;
  }
  // auto without a workload: a hardware GPU (Dawn's default adapter when there is one), else the CPU backend.
  try {
    const gpu = await openGpu(cpu());
    if (!gpu.context.adapter.software) return gpu;
    await gpu.dispose();
    return cpu();
  } catch (error) {
    noAdapter(error);
    return cpu();
  }
}

import { mapCompilationMessages, ShaderCompileError } from '../shaders/shader-compile-error.js';
import { composeShader, shadersRoot } from '../shaders/shader-loader.js';
import type { BatchPass } from './batch.js';
import { GpuValidationError } from './gpu-errors.js';

/**
 * Shader modules and compute pipelines of one device, cached by a canonical key: kernel file + entry point + the
 * override constants sorted by name (tfjs-backend-webgpu's `makeShaderKey` idea). Compilation errors become a
 * {@link ShaderCompileError} naming the original WGSL file and line; failed entries are not cached.
 */

/** Canonical cache key of a pass's pipeline. */
export function pipelineKey(pass: Pick<BatchPass, 'shader' | 'entryPoint' | 'constants'>): string {
  const constants = Object.entries(pass.constants ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([pass.shader, pass.entryPoint ?? 'main', constants]);
}

/** Compiles `shader`, inside a validation scope so Dawn does not print it as uncaptured, and checks the messages. */
export async function compileShader(device: GPUDevice, shader: string, root = shadersRoot()): Promise<GPUShaderModule> {
  const composed = composeShader(shader, root);
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: shader, code: composed.code });
  const info = await module.getCompilationInfo();
  const scopeError = await device.popErrorScope();
  const diagnostics = mapCompilationMessages(composed, info.messages);
  if (diagnostics.some((d) => d.type === 'error')) throw new ShaderCompileError(shader, diagnostics);
  if (scopeError) throw new GpuValidationError(`compile ${shader}`, scopeError.message);
  return module;
}

/** Per-device pipeline cache. */
export class PipelineCache {
  private readonly modules = new Map<string, Promise<GPUShaderModule>>();
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(
    private readonly device: GPUDevice,
    private readonly root: string = shadersRoot(),
    /** Called with each pipeline's key once it is created (the cost model records what the driver has cached). */
    private readonly onCompiled?: (key: string) => void,
  ) {}

  /** Number of cached pipelines. */
  get size(): number {
    return this.pipelines.size;
  }

  /** Whether the pass's pipeline is created or being created. */
  has(pass: Pick<BatchPass, 'shader' | 'entryPoint' | 'constants'>): boolean {
    return this.pipelines.has(pipelineKey(pass));
  }

  /** Cache keys of the pipelines created or being created. */
  keys(): string[] {
    return [...this.pipelines.keys()];
  }

  /** The compute pipeline for a pass (compiled on first use). */
  pipeline(pass: Pick<BatchPass, 'shader' | 'entryPoint' | 'constants'>): Promise<GPUComputePipeline> {
    const key = pipelineKey(pass);
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      pipeline = this.create(pass);
      this.pipelines.set(key, pipeline);
      pipeline.then(
        () => this.onCompiled?.(key),
        () => this.pipelines.delete(key),
      );
    }
    return pipeline;
  }

  private module(shader: string): Promise<GPUShaderModule> {
    let module = this.modules.get(shader);
    if (!module) {
      module = compileShader(this.device, shader, this.root);
      this.modules.set(shader, module);
      module.catch(() => this.modules.delete(shader));
    }
    return module;
  }

  private async create(pass: Pick<BatchPass, 'shader' | 'entryPoint' | 'constants'>): Promise<GPUComputePipeline> {
    const module = await this.module(pass.shader);
    try {
      return await this.device.createComputePipelineAsync({
        label: `${pass.shader}#${pass.entryPoint ?? 'main'}`,
        layout: 'auto',
        compute: { module, entryPoint: pass.entryPoint ?? 'main', constants: { ...pass.constants } },
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new GpuValidationError(`pipeline ${pass.shader}#${pass.entryPoint ?? 'main'}`, message);
    }
  }
}

/** The engine's public API: backends, the kernel interface, the GPU runtime, shader composition and struct layouts. */
export type { Backend, BackendKind, BackendMemory, BackendStats, RunOptions } from './backend.js';
export {
  type AutoBackendChoice,
  BACKEND_CHOICES,
  type BackendChoice,
  decideAutoBackend,
  parseBackendChoice,
} from './backend-choice.js';
export { CpuBackend, type CpuBackendOptions, INLINE_BELOW_MS, TASK_TARGET_MS } from './cpu/cpu-backend.js';
export { releaseWorkerPool } from './cpu/worker-pool.js';
export { type CreateBackendOptions, createBackend } from './create-backend.js';
export { collectEnvironment, type EnvironmentReport } from './environment.js';
export {
  defineKernel,
  type Kernel,
  type KernelCpu,
  type KernelGpu,
  kernelByName,
  resolveRange,
  splitEvenly,
  splitRange,
  type WorkRange,
} from './kernel.js';
export {
  type DistributionName,
  type DistributionSamples,
  type DistributionSamplesParams,
  distributionSamplesKernel,
  type SampleMoments,
} from './kernels/distribution-samples.js';
export { type PhiloxWordsParams, philoxWordsKernel } from './kernels/philox-words.js';
export { defineStruct, type StructFields, StructLayout, type StructValue } from './layout/struct-layout.js';
export {
  arrayOf,
  type WgslArray,
  type WgslScalar,
  type WgslType,
  type WgslValue,
  type WgslVector,
} from './layout/wgsl-types.js';
export { releaseEngine } from './release.js';
export { ShaderCompileError, type WgslDiagnostic } from './shaders/shader-compile-error.js';
export { type ComposedShader, composeShader, shadersRoot } from './shaders/shader-loader.js';
export { registerWgslSnippet } from './shaders/wgsl-snippets.js';
export { type AdapterReport, findAdapter, listAdapters } from './webgpu/adapters.js';
export type { BatchBuffer, BatchPass, BatchReadback, BatchSpec } from './webgpu/batch.js';
export { releaseGpu } from './webgpu/dawn.js';
export { dispatchGrid, workgroupsFor } from './webgpu/dispatch.js';
export { GpuContext, type GpuContextOptions, type GpuTestHooks } from './webgpu/gpu-context.js';
export {
  DeviceLostError,
  GpuLimitError,
  GpuOutOfMemoryError,
  GpuUnavailableError,
  GpuValidationError,
} from './webgpu/gpu-errors.js';
export type { KeyLimits } from './webgpu/limits.js';
export { WebGpuBackend, type WebGpuBackendOptions } from './webgpu/webgpu-backend.js';

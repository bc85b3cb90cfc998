import { afterAll, beforeAll, expect, it } from 'vitest';
import { philoxWordsKernel } from '../../src/engine/kernels/philox-words.js';
import { ShaderCompileError } from '../../src/engine/shaders/shader-compile-error.js';
import { composeShader } from '../../src/engine/shaders/shader-loader.js';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { GpuContext } from '../../src/engine/webgpu/gpu-context.js';
import { GpuValidationError } from '../../src/engine/webgpu/gpu-errors.js';
import { describeGpu } from './support/gpu.js';

function brokenBatch(shader: string) {
  return {
    label: `compile ${shader}`,
    buffers: { out: { usage: 'storage' as const, size: 16, readback: true } },
    passes: [{ shader, bindings: ['out'], dispatch: [1, 1, 1] as [number, number, number] }],
  };
}

describeGpu('shader compilation errors', () => {
  let context: GpuContext;
  beforeAll(async () => {
    context = await GpuContext.create();
  });
  afterAll(releaseGpu);

  it('name the original .wgsl file and line, not the composed line, with Dawn’s message', async () => {
    const composed = composeShader('test/compile-error.wgsl');
    const composedLine = composed.code.split('\n').findIndex((l) => l.includes('let wrong: u32 = 1.5;')) + 1;
    expect(composedLine).toBeGreaterThan(40); // lib/philox.wgsl and the counters were spliced in above it
    const error = await context.runBatch(brokenBatch('test/compile-error.wgsl')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShaderCompileError);
    const compile = error as ShaderCompileError;
    expect(compile.file).toBe('shaders/test/compile-error.wgsl');
    expect(compile.line).toBe(9);
    expect(compile.message).toMatch(/shaders\/test\/compile-error\.wgsl:9:\d+: error: .*abstract-float.*u32/);
    expect(compile.message).toContain('let wrong: u32 = 1.5;');
    expect(compile.message).not.toContain(`:${composedLine}:`);
  });

  it('map errors inside included files to that file', async () => {
    const error = await context.runBatch(brokenBatch('test/include-broken.wgsl')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShaderCompileError);
    expect((error as ShaderCompileError).file).toBe('shaders/test/broken-snippet.wgsl');
    expect((error as ShaderCompileError).line).toBe(4);
    expect((error as ShaderCompileError).message).toContain('undefined_value');
  });

  it('leave the context usable: scopes balanced, the next batch runs, nothing leaks', async () => {
    const batch = philoxWordsKernel.gpu.encode(
      { key: [0, 0], counter: [0, 0, 0], firstLane: 0, blocks: 1 },
      { start: 0, end: 1 },
    );
    const words = new Uint32Array((await context.runBatch(batch)).words);
    expect(words[0]).toBe(0x6627e8d5);
    expect(context.memory().inUseBytes).toBe(0);
    expect(context.stats().deviceLosses).toBe(0);
  });

  it('report bindings that do not match the shader as validation errors (no retry, no loss)', async () => {
    const batch = philoxWordsKernel.gpu.encode(
      { key: [0, 0], counter: [0, 0, 0], firstLane: 0, blocks: 4 },
      { start: 0, end: 4 },
    );
    const swapped = { ...batch, passes: [{ ...batch.passes[0], bindings: ['words', 'params'] }] };
    await expect(context.runBatch(swapped)).rejects.toBeInstanceOf(GpuValidationError);
    expect(context.stats()).toMatchObject({ deviceLosses: 0, devicesCreated: 1 });
    expect(context.memory().inUseBytes).toBe(0);
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { defineStruct } from '../../src/engine/layout/struct-layout.js';
import { arrayOf } from '../../src/engine/layout/wgsl-types.js';
import { releaseGpu } from '../../src/engine/webgpu/dawn.js';
import { GpuContext } from '../../src/engine/webgpu/gpu-context.js';
import { describeGpu } from './support/gpu.js';

const Inner = defineStruct('EchoInner', { a: 'f32', b: 'vec3<f32>' });
const EchoParams = defineStruct('EchoParams', {
  u: 'u32',
  v2: 'vec2<f32>',
  i: 'i32',
  v4: 'vec4<u32>',
  f: 'f32',
  arr: arrayOf('u32', 3),
  inner: Inner,
  tail: 'f32',
});

const input = {
  u: 0xdeadbeef,
  v2: [1.5, -2.25] as [number, number],
  i: -123456,
  v4: [1, 2, 3, 0xffffffff] as [number, number, number, number],
  f: 3.75,
  arr: [10, 20, 30],
  inner: { a: 0.125, b: [4, 5, 6] as [number, number, number] },
  tail: -8.5,
};

function bits(x: number): number {
  return new Uint32Array(new Float32Array([x]).buffer)[0];
}

describeGpu('struct layouts on the GPU', () => {
  let context: GpuContext;
  beforeAll(async () => {
    context = await GpuContext.create();
  });
  afterAll(releaseGpu);

  it('WGSL reads every member TypeScript wrote, and TypeScript reads back what WGSL wrote', async () => {
    const readback = await context.runBatch({
      label: 'struct echo',
      buffers: {
        input: { usage: 'storage', data: EchoParams.write(input) },
        fields: { usage: 'storage', size: 17 * 4, readback: true },
        output: { usage: 'storage', size: EchoParams.size, readback: true },
      },
      passes: [{ shader: 'test/struct-echo.wgsl', bindings: ['input', 'fields', 'output'], dispatch: [1, 1, 1] }],
    });
    expect([...new Uint32Array(readback.fields)]).toEqual([
      0xdeadbeef,
      bits(1.5),
      bits(-2.25),
      -123456 >>> 0,
      1,
      2,
      3,
      0xffffffff,
      bits(3.75),
      10,
      20,
      30,
      bits(0.125),
      bits(4),
      bits(5),
      bits(6),
      bits(-8.5),
    ]);
    expect(EchoParams.read(readback.output)).toEqual({
      u: 0xdeadbef0,
      v2: [3, -4.5],
      i: 123456,
      v4: [0xffffffff, 3, 2, 1],
      f: 4.25,
      arr: [30, 20, 10],
      inner: { a: 6, b: [0.125, 4, 5] },
      tail: -34,
    });
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineStruct } from '../../src/engine/layout/struct-layout.js';
import { alignOf, arrayOf, arrayStride, sizeOf } from '../../src/engine/layout/wgsl-types.js';
import { composeShader } from '../../src/engine/shaders/shader-loader.js';

describe('WGSL memory layout rules (WGSL spec §14.4)', () => {
  it('sizes and aligns scalars, vectors and arrays', () => {
    expect([alignOf('u32'), sizeOf('f32')]).toEqual([4, 4]);
    expect([alignOf('vec2<f32>'), sizeOf('vec2<f32>')]).toEqual([8, 8]);
    expect([alignOf('vec3<i32>'), sizeOf('vec3<i32>')]).toEqual([16, 12]);
    expect([alignOf('vec4<u32>'), sizeOf('vec4<u32>')]).toEqual([16, 16]);
    expect(arrayStride('vec3<f32>')).toBe(16);
    expect(sizeOf(arrayOf('vec3<f32>', 3))).toBe(48);
    expect(sizeOf(arrayOf('u32', 5))).toBe(20);
  });

  it('reproduces the specification’s worked example (structs A and B)', () => {
    // WGSL spec, "Structure Member Layout" example: offsets in the storage address space.
    const A = defineStruct('SpecA', { u: 'f32', v: 'f32', w: 'vec2<f32>', x: 'f32' });
    expect(A.members.map((m) => m.offset)).toEqual([0, 4, 8, 16]);
    expect([A.align, A.size]).toEqual([8, 24]);
    const B = defineStruct('SpecB', {
      a: 'vec2<f32>',
      b: 'vec3<f32>',
      c: 'f32',
      d: 'f32',
      e: A,
      f: 'vec3<f32>',
      g: arrayOf(A, 3),
      h: 'i32',
    });
    expect(B.members.map((m) => [m.name, m.offset, m.size])).toEqual([
      ['a', 0, 8],
      ['b', 16, 12],
      ['c', 28, 4],
      ['d', 32, 4],
      ['e', 40, 24],
      ['f', 64, 12],
      ['g', 80, 72],
      ['h', 152, 4],
    ]);
    expect([B.align, B.size]).toEqual([16, 160]);
  });
});

describe('defineStruct', () => {
  const Inner = defineStruct('LayoutInner', { a: 'f32', b: 'vec3<f32>' });
  const Outer = defineStruct('LayoutOuter', {
    n: 'u32',
    rate: 'f32',
    key: 'vec2<u32>',
    inner: Inner,
    weights: arrayOf('f32', 3),
    delta: 'i32',
  });
  const value = {
    n: 4000000000,
    rate: 0.1,
    key: [1, 0xffffffff] as [number, number],
    inner: { a: -1, b: [1, 2, 3] as [number, number, number] },
    weights: [0.5, 0.25, 0.125],
    delta: -7,
  };

  it('writes little-endian bytes at the computed offsets and reads them back', () => {
    const bytes = Outer.write(value);
    expect(bytes.byteLength).toBe(Outer.size);
    const view = new DataView(bytes);
    expect(view.getUint32(Outer.offsetOf('n'), true)).toBe(4000000000);
    expect(view.getFloat32(Outer.offsetOf('rate'), true)).toBe(Math.fround(0.1));
    expect(view.getUint32(Outer.offsetOf('key') + 4, true)).toBe(0xffffffff);
    expect(view.getFloat32(Outer.offsetOf('inner') + 16 + 8, true)).toBe(3);
    expect(view.getInt32(Outer.offsetOf('delta'), true)).toBe(-7);
    expect(Outer.read(bytes)).toEqual({ ...value, rate: Math.fround(0.1) });
  });

  it('writes and reads arrays of structs with the struct size as stride', () => {
    const values = [value, { ...value, n: 1, delta: 3 }];
    const bytes = Outer.writeArray(values);
    expect(bytes.byteLength).toBe(2 * Outer.size);
    expect(Outer.readArray(bytes, 2).map((v) => [v.n, v.delta])).toEqual([
      [4000000000, -7],
      [1, 3],
    ]);
  });

  it('generates the WGSL declaration, included by shaders as gen:struct:NAME with nested structs once', () => {
    expect(Outer.wgsl()).toContain('struct LayoutOuter {');
    expect(Outer.wgsl()).toContain('  weights: array<f32, 3>, // offset 48, size 12');
    expect(Outer.wgsl()).toContain('//! include gen:struct:LayoutInner');
    const root = mkdtempSync(join(tmpdir(), 'gradcode-structs-'));
    writeFileSync(join(root, 'k.wgsl'), '//! include gen:struct:LayoutInner\n//! include gen:struct:LayoutOuter\n');
    const code = composeShader('k.wgsl', root).code;
    expect(code.match(/struct LayoutInner \{/g)).toHaveLength(1);
    expect(code.indexOf('struct LayoutInner {')).toBeLessThan(code.indexOf('struct LayoutOuter {'));
  });

  it('rejects values that do not fit their WGSL type', () => {
    expect(() => Outer.write({ ...value, n: -1 })).toThrow(/LayoutOuter\.n/);
    expect(() => Outer.write({ ...value, n: 2 ** 32 })).toThrow(RangeError);
    expect(() => Outer.write({ ...value, delta: 0.5 })).toThrow(/i32/);
    expect(() => Outer.write({ ...value, key: [1] as unknown as [number, number] })).toThrow(/2 components/);
    expect(() => Outer.write({ ...value, weights: [1, 2] })).toThrow(/3 elements/);
  });

  it('rejects invalid names and conflicting redefinitions', () => {
    expect(() => defineStruct('bad name', { a: 'u32' })).toThrow(/not a valid WGSL struct name/);
    expect(() => defineStruct('Fine', { 'x-y': 'u32' })).toThrow(/member name/);
    expect(() => defineStruct('Empty', {})).toThrow(/no members/);
    defineStruct('Twice', { a: 'u32' });
    expect(() => defineStruct('Twice', { a: 'u32' })).not.toThrow();
    expect(() => defineStruct('Twice', { a: 'f32' })).toThrow(/already defined differently/);
  });

  it('checks the uniform address space rules', () => {
    expect(() =>
      defineStruct('UniformOk', { key: 'vec2<u32>', v: 'vec4<f32>', n: 'u32' }).assertUniformLayout(),
    ).not.toThrow();
    expect(() => Outer.assertUniformLayout()).toThrow(/16-byte element stride/);
    const nested = defineStruct('UniformNested', { n: 'u32', inner: defineStruct('Small', { x: 'f32' }), m: 'u32' });
    expect(() => nested.assertUniformLayout()).toThrow(/16-byte aligned/);
  });
});

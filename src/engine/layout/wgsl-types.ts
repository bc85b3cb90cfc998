/**
 * WGSL host-shareable types and their memory layout (WGSL spec §14.4 "Memory Layout", storage address space):
 *
 * | type            | AlignOf     | SizeOf                              |
 * |-----------------|-------------|-------------------------------------|
 * | u32, i32, f32   | 4           | 4                                   |
 * | vec2<T>         | 8           | 8                                   |
 * | vec3<T>         | 16          | 12                                  |
 * | vec4<T>         | 16          | 16                                  |
 * | array<E, N>     | AlignOf(E)  | N · roundUp(AlignOf(E), SizeOf(E))  |
 * | struct S        | max member  | roundUp(AlignOf(S), end of last)    |
 *
 * Values read and written from TypeScript: numbers for scalars, number arrays for vectors and arrays, objects for
 * structs. Bytes are little-endian, as WebGPU requires.
 */

/** Scalar types. */
export type WgslScalar = 'u32' | 'i32' | 'f32';
/** Vector types of 2, 3 or 4 scalars. */
export type WgslVector = `vec${2 | 3 | 4}<${WgslScalar}>`;

/** A fixed-size array type; build with {@link arrayOf}. */
export interface WgslArray<E extends WgslType = WgslType> {
  readonly kind: 'array';
  readonly element: E;
  readonly count: number;
}

/** A struct type (implemented by `StructLayout`). */
export interface WgslStructType {
  readonly kind: 'struct';
  readonly name: string;
  readonly align: number;
  readonly size: number;
  /** Writes `value` at `offset` of `view`. */
  writeInto(view: DataView, offset: number, value: unknown): void;
  /** Reads a value at `offset` of `view`. */
  readFrom(view: DataView, offset: number): unknown;
}

/** Any type allowed as a struct member. */
export type WgslType = WgslScalar | WgslVector | WgslArray | WgslStructType;

/** The TypeScript value of a WGSL type (what `write` accepts and `read` returns). */
export type WgslValue<T> = T extends WgslScalar
  ? number
  : T extends `vec2<${string}>`
    ? [number, number]
    : T extends `vec3<${string}>`
      ? [number, number, number]
      : T extends `vec4<${string}>`
        ? [number, number, number, number]
        : T extends WgslArray<infer E>
          ? WgslValue<E>[]
          : T extends { readonly kind: 'struct'; readFrom(view: DataView, offset: number): infer V }
            ? V
            : never;

/** `array<element, count>`. */
export function arrayOf<E extends WgslType>(element: E, count: number): WgslArray<E> {
  if (!Number.isInteger(count) || count <= 0)
    throw new RangeError(`array element count must be a positive integer, got ${count}`);
  return { kind: 'array', element, count };
}

/** roundUp(k, n): the smallest multiple of k that is ≥ n. */
export function roundUp(k: number, n: number): number {
  return Math.ceil(n / k) * k;
}

const VECTOR = /^vec([234])<(u32|i32|f32)>$/;

function vectorParts(type: string): { n: number; scalar: WgslScalar } | null {
  const m = VECTOR.exec(type);
  return m ? { n: Number(m[1]), scalar: m[2] as WgslScalar } : null;
}

function isScalar(type: WgslType): type is WgslScalar {
  return type === 'u32' || type === 'i32' || type === 'f32';
}

/** AlignOf(type) in the storage address space. */
export function alignOf(type: WgslType): number {
  if (typeof type === 'string') {
    if (isScalar(type)) return 4;
    const v = vectorParts(type);
    if (!v) throw new TypeError(`unknown WGSL type ${type}`);
    return v.n === 2 ? 8 : 16;
  }
  if (type.kind === 'array') return alignOf(type.element);
  return type.align;
}

/** SizeOf(type). */
export function sizeOf(type: WgslType): number {
  if (typeof type === 'string') {
    if (isScalar(type)) return 4;
    const v = vectorParts(type);
    if (!v) throw new TypeError(`unknown WGSL type ${type}`);
    return 4 * v.n;
  }
  if (type.kind === 'array') return type.count * arrayStride(type.element);
  return type.size;
}

/** Element stride of `array<element, N>`: roundUp(AlignOf(E), SizeOf(E)). */
export function arrayStride(element: WgslType): number {
  return roundUp(alignOf(element), sizeOf(element));
}

/** The WGSL spelling of a type (`array<vec2<f32>, 3>`, a struct's name, …). */
export function wgslTypeName(type: WgslType): string {
  if (typeof type === 'string') return type;
  if (type.kind === 'array') return `array<${wgslTypeName(type.element)}, ${type.count}>`;
  return type.name;
}

function writeScalar(view: DataView, offset: number, scalar: WgslScalar, value: unknown, path: string): void {
  if (typeof value !== 'number') throw new TypeError(`${path}: expected a number for ${scalar}, got ${typeof value}`);
  if (scalar === 'f32') {
    view.setFloat32(offset, value, true);
    return;
  }
  const [lo, hi] = scalar === 'u32' ? [0, 4294967295] : [-2147483648, 2147483647];
  if (!Number.isInteger(value) || value < lo || value > hi)
    throw new RangeError(`${path}: ${value} is not a ${scalar} (integer in [${lo}, ${hi}])`);
  if (scalar === 'u32') view.setUint32(offset, value, true);
  else view.setInt32(offset, value, true);
}

function readScalar(view: DataView, offset: number, scalar: WgslScalar): number {
  if (scalar === 'f32') return view.getFloat32(offset, true);
  return scalar === 'u32' ? view.getUint32(offset, true) : view.getInt32(offset, true);
}

/** Writes `value` of `type` at byte `offset` of `view`; `path` names the value in error messages. */
export function writeValue(view: DataView, offset: number, type: WgslType, value: unknown, path: string): void {
  if (typeof type === 'string') {
    if (isScalar(type)) {
      writeScalar(view, offset, type, value, path);
      return;
    }
    const v = vectorParts(type)!;
    if (!Array.isArray(value) || value.length !== v.n)
      throw new TypeError(`${path}: expected ${v.n} components for ${type}, got ${JSON.stringify(value)}`);
    for (let i = 0; i < v.n; i++) writeScalar(view, offset + 4 * i, v.scalar, value[i], `${path}[${i}]`);
    return;
  }
  if (type.kind === 'array') {
    if (!Array.isArray(value) || value.length !== type.count)
      throw new TypeError(
        `${path}: expected ${type.count} elements, got ${Array.isArray(value) ? value.length : typeof value}`,
      );
    const stride = arrayStride(type.element);
    for (let i = 0; i < type.count; i++) writeValue(view, offset + i * stride, type.element, value[i], `${path}[${i}]`);
    return;
  }
  type.writeInto(view, offset, value);
}

/** Reads a value of `type` at byte `offset` of `view`. */
export function readValue(view: DataView, offset: number, type: WgslType): unknown {
  if (typeof type === 'string') {
    if (isScalar(type)) return readScalar(view, offset, type);
    const v = vectorParts(type)!;
    return Array.from({ length: v.n }, (_, i) => readScalar(view, offset + 4 * i, v.scalar));
  }
  if (type.kind === 'array') {
    const stride = arrayStride(type.element);
    return Array.from({ length: type.count }, (_, i) => readValue(view, offset + i * stride, type.element));
  }
  return type.readFrom(view, offset);
}

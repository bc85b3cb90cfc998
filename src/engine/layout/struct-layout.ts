import { registerWgslSnippet } from '../shaders/wgsl-snippets.js';
import {
  alignOf,
  arrayStride,
  readValue,
  roundUp,
  sizeOf,
  type WgslStructType,
  type WgslType,
  type WgslValue,
  wgslTypeName,
  writeValue,
} from './wgsl-types.js';

/** Member types of a struct, in declaration order. */
export type StructFields = Readonly<Record<string, WgslType>>;

/** The TypeScript value of a struct: one property per member. */
export type StructValue<F extends StructFields> = { [K in keyof F]: WgslValue<F[K]> };

/** One member's place in the struct. */
export interface StructMember {
  readonly name: string;
  readonly type: WgslType;
  readonly offset: number;
  readonly size: number;
  readonly align: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A WGSL struct defined once in TypeScript: it computes the storage-address-space layout (offsets, alignment, size per
 * WGSL §14.4), generates the WGSL declaration (included by shaders as `//! include gen:struct:NAME`) and reads and
 * writes the bytes on the host. Build with {@link defineStruct}.
 */
export class StructLayout<F extends StructFields = StructFields> implements WgslStructType {
  readonly kind = 'struct' as const;
  readonly members: readonly StructMember[];
  /** AlignOf(S): the largest member alignment. */
  readonly align: number;
  /** SizeOf(S): end of the last member rounded up to the alignment. */
  readonly size: number;

  constructor(
    readonly name: string,
    readonly fields: F,
  ) {
    if (!IDENTIFIER.test(name) || name.startsWith('__')) throw new Error(`"${name}" is not a valid WGSL struct name`);
    const members: StructMember[] = [];
    let end = 0;
    for (const [field, type] of Object.entries(fields)) {
      if (!IDENTIFIER.test(field) || field.startsWith('__'))
        throw new Error(`struct ${name}: "${field}" is not a valid WGSL member name`);
      const align = alignOf(type);
      const size = sizeOf(type);
      const offset = roundUp(align, end);
      members.push({ name: field, type, offset, size, align });
      end = offset + size;
    }
    if (members.length === 0) throw new Error(`struct ${name} has no members`);
    this.members = members;
    this.align = Math.max(...members.map((m) => m.align));
    this.size = roundUp(this.align, end);
  }

  /** Byte offset of member `field`. */
  offsetOf(field: keyof F & string): number {
    const member = this.members.find((m) => m.name === field);
    if (!member) throw new Error(`struct ${this.name} has no member ${field}`);
    return member.offset;
  }

  /** The WGSL declaration, with each member's offset as a comment; nested structs are included, not repeated. */
  wgsl(): string {
    const nested = this.members
      .map((m) => innermostStruct(m.type))
      .filter((s): s is WgslStructType => s !== null)
      .map((s) => `//! include gen:struct:${s.name}`);
    const body = this.members.map((m) => `  ${m.name}: ${wgslTypeName(m.type)}, // offset ${m.offset}, size ${m.size}`);
    return [
      ...new Set(nested),
      `// Generated from TypeScript (defineStruct): size ${this.size}, align ${this.align}.`,
      `struct ${this.name} {`,
      ...body,
      '}',
    ].join('\n');
  }

  /** Writes `value` into `target` (a new buffer of {@link size} bytes when omitted) at `byteOffset`. */
  write(value: StructValue<F>, target?: ArrayBuffer, byteOffset = 0): ArrayBuffer {
    const buffer = target ?? new ArrayBuffer(this.size);
    this.writeInto(new DataView(buffer), byteOffset, value);
    return buffer;
  }

  /** Reads a value from `source` at `byteOffset`. */
  read(source: ArrayBuffer | ArrayBufferView, byteOffset = 0): StructValue<F> {
    return this.readFrom(toDataView(source), byteOffset);
  }

  /** Writes an `array<S, values.length>` (stride = {@link size}) into a new buffer. */
  writeArray(values: readonly StructValue<F>[]): ArrayBuffer {
    const buffer = new ArrayBuffer(this.size * values.length);
    const view = new DataView(buffer);
    values.forEach((v, i) => this.writeInto(view, i * this.size, v));
    return buffer;
  }

  /** Reads `count` structs laid out as `array<S, count>`. */
  readArray(source: ArrayBuffer | ArrayBufferView, count: number, byteOffset = 0): StructValue<F>[] {
    const view = toDataView(source);
    return Array.from({ length: count }, (_, i) => this.readFrom(view, byteOffset + i * this.size));
  }

  /** {@inheritDoc WgslStructType.writeInto} */
  writeInto(view: DataView, offset: number, value: unknown): void {
    if (typeof value !== 'object' || value === null) throw new TypeError(`struct ${this.name}: expected an object`);
    const record = value as Record<string, unknown>;
    for (const m of this.members) {
      if (!(m.name in record)) throw new TypeError(`struct ${this.name}: missing member ${m.name}`);
      writeValue(view, offset + m.offset, m.type, record[m.name], `${this.name}.${m.name}`);
    }
  }

  /** {@inheritDoc WgslStructType.readFrom} */
  readFrom(view: DataView, offset: number): StructValue<F> {
    const out: Record<string, unknown> = {};
    for (const m of this.members) out[m.name] = readValue(view, offset + m.offset, m.type);
    return out as StructValue<F>;
  }

  /**
   * Checks the extra rules of the uniform address space (WGSL §14.4.4): array strides and struct-typed members must be
   * 16-byte aligned, and a member after a struct member must start at least roundUp(16, SizeOf) after it. Throws with
   * the offending member; use storage buffers (or pad with vec4) for layouts that fail.
   */
  assertUniformLayout(): void {
    this.members.forEach((m, i) => {
      const where = `struct ${this.name}, member ${m.name}`;
      if (typeof m.type !== 'string' && m.type.kind === 'array') {
        if (arrayStride(m.type.element) % 16 !== 0)
          throw new Error(`${where}: uniform arrays need a 16-byte element stride, got ${arrayStride(m.type.element)}`);
      }
      const inner = innermostStruct(m.type);
      if (inner) {
        if (m.offset % 16 !== 0)
          throw new Error(`${where}: uniform struct members must be 16-byte aligned (offset ${m.offset})`);
        (inner as StructLayout).assertUniformLayout?.();
        const next = this.members[i + 1];
        if (next && next.offset < m.offset + roundUp(16, m.size))
          throw new Error(
            `${where}: the next member must start at ≥ ${m.offset + roundUp(16, m.size)} in a uniform buffer`,
          );
      }
    });
  }
}

function innermostStruct(type: WgslType): WgslStructType | null {
  if (typeof type === 'string') return null;
  if (type.kind === 'array') return innermostStruct(type.element);
  return type;
}

function toDataView(source: ArrayBuffer | ArrayBufferView): DataView {
  return source instanceof ArrayBuffer
    ? new DataView(source)
    : new DataView(source.buffer, source.byteOffset, source.byteLength);
}

/**
 * Defines a WGSL struct once for both sides and registers its declaration as `gen:struct:NAME`. Members keep the
 * order of `fields`.
 *
 * @example
 * const Params = defineStruct('Params', { key: 'vec2<u32>', count: 'u32', rate: 'f32' });
 * // WGSL: //! include gen:struct:Params   then   @group(0) @binding(0) var<uniform> params: Params;
 * const bytes = Params.write({ key: [1, 2], count: 10, rate: 0.5 });
 */
export function defineStruct<const F extends StructFields>(name: string, fields: F): StructLayout<F> {
  const layout = new StructLayout(name, fields);
  registerWgslSnippet(`gen:struct:${name}`, () => layout.wgsl());
  return layout;
}

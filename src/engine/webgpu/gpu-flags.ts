/**
 * WebGPU flag values fixed by the specification (GPUBufferUsage, GPUMapMode). Node has no such globals, and the
 * `webgpu` package only provides them by assigning to globalThis, which gradcode avoids.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  MAP_WRITE: 0x0002,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

/** GPUMapMode values. */
export const MapMode = { READ: 0x0001, WRITE: 0x0002 } as const;

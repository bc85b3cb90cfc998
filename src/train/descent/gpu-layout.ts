import { defineStruct } from '../../engine/layout/struct-layout.js';

/** Uniforms of shaders/train/gemm.wgsl (one batched product: sizes, strides in f32 or vec4 units, epilogue scalars). */
export const TrainGemmParams = defineStruct('TrainGemmParams', {
  rows: 'u32',
  cols4: 'u32',
  depth: 'u32',
  lda: 'u32',
  a_offset: 'u32',
  a_stride: 'u32',
  ldb4: 'u32',
  b_stride4: 'u32',
  c_stride4: 'u32',
  ldc4: 'u32',
  y_offset4: 'u32',
  ldy4: 'u32',
  ridge: 'f32',
  inv_n: 'f32',
});

/** Uniforms of shaders/train/step.wgsl shared by every iteration of a batch. */
export const TrainStepParams = defineStruct('TrainStepParams', {
  runs: 'u32',
  d: 'u32',
  d4: 'u32',
  m: 'u32',
  N: 'u32',
  parts: 'u32',
  s: 'u32',
  decode_len: 'u32',
  samples: 'u32',
  slots: 'u32',
  lambda: 'f32',
});

/** Per-iteration uniforms of shaders/train/step.wgsl (one small buffer per iteration of the batch). */
export const TrainIterParams = defineStruct('TrainIterParams', {
  slot: 'u32',
  final_slot: 'u32',
  next_final: 'u32',
  gamma: 'f32',
  theta: 'f32',
  theta_next: 'f32',
});

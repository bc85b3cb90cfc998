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

/**
 * Per-iteration uniforms of shaders/train/step.wgsl and complement-gemm.wgsl (one small buffer per iteration of the
 * batch). The complement form's work lists of every iteration share buffers: this iteration's pairs, product blocks
 * and per-run correction offsets start at `pair_base`, `block_base` and `corr_base`.
 */
export const TrainIterParams = defineStruct('TrainIterParams', {
  slot: 'u32',
  final_slot: 'u32',
  next_final: 'u32',
  gamma: 'f32',
  theta: 'f32',
  theta_next: 'f32',
  pair_base: 'u32',
  block_base: 'u32',
  corr_base: 'u32',
});

/**
 * Uniforms of shaders/train/complement-gemm.wgsl: vec4 columns of an operator row (d4/4), vec4 rows of the depth
 * (d4/4 groups of 4 rows), vec4 stride between operators (d4·d4/4), the query points' offset and row stride (vec4).
 */
export const TrainComplementParams = defineStruct('TrainComplementParams', {
  cols4: 'u32',
  depth4: 'u32',
  slot_stride4: 'u32',
  y_offset4: 'u32',
  ldy4: 'u32',
});

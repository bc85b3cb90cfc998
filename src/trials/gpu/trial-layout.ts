import { defineStruct } from '../../engine/layout/struct-layout.js';

/**
 * The uniform block of the trial kernels (shaders/trials/*.wgsl), defined once: the WGSL struct is generated from it
 * (`//! include gen:struct:TrialParams`) and the trial kernel's encoder writes its bytes. Every field is read by the
 * WGSL (test/trials/trial-layout.test.ts checks); protocol and model *choices* are pipeline-override constants
 * (src/trials/gpu/trial-tables.ts), not fields.
 *
 * Prefixes: `i_*` offsets into the `ints` buffer, `f_*` into `floats`, `s_*` per-trial f32 scratch slots and `u_*`
 * per-trial u32 scratch slots (slot k of the trial in lane l of workgroup g lives at (g·slots + k)·64 + l:
 * a workgroup's scratch is contiguous and neighbouring invocations touch neighbouring words). The scratch slots are
 * declared, with their sizes, in src/trials/gpu/trial-scratch.ts.
 */
export const TrialParams = defineStruct('TrialParams', {
  key: 'vec2<u32>',
  cell: 'u32',
  trial_first: 'u32',
  trials: 'u32',
  float_slots: 'u32',
  uint_slots: 'u32',
  workers: 'u32',
  chunks: 'u32',
  parts: 'u32',
  nnz: 'u32',
  grid_len: 'u32',
  stats: 'u32',
  // code and model tables
  i_offsets: 'u32',
  i_chunk_at: 'u32',
  i_chunks: 'u32',
  i_group: 'u32',
  i_curve: 'u32',
  i_fixed_mask: 'u32',
  i_failure: 'u32',
  i_private: 'u32',
  i_sub_offsets: 'u32',
  i_sub_chunks: 'u32',
  f_coef: 'u32',
  f_speed: 'u32',
  f_trace: 'u32',
  f_grid: 'u32',
  f_curve: 'u32',
  f_row_norm: 'u32',
  f_row_target: 'u32',
  f_sub_coef: 'u32',
  f_sub_norm: 'u32',
  f_sub_target: 'u32',
  f_complement: 'u32',
  // straggler model
  chunk_a: 'f32',
  chunk_b: 'f32',
  speed_dist: 'u32',
  speed_a: 'f32',
  speed_b: 'f32',
  slow_count: 'u32',
  slow_factor: 'f32',
  slow_threshold: 'vec2<u32>',
  fixed_s: 'u32',
  fixed_factor: 'f32',
  bursty_b: 'u32',
  bursty_w: 'u32',
  bursty_lambda: 'u32',
  bursty_factor: 'f32',
  trace_rounds: 'u32',
  // protocol and decoding
  stop_k: 'u32',
  groups: 'u32',
  coded_offset: 'u32',
  ls_capacity: 'u32',
  sub_capacity: 'u32',
  curve_a: 'f32',
  curve_b: 'f32',
  curve_flags: 'u32',
  exact_tol: 'f32',
  rank_tol: 'f32',
  // outputs
  hist_lo: 'f32',
  hist_hi: 'f32',
  hist_bins: 'u32',
  keep_raw: 'u32',
  // scratch slots
  s_errors: 'u32',
  s_finish: 'u32',
  s_best: 'u32',
  s_done: 'u32',
  s_message1: 'u32',
  s_factor: 'u32',
  s_l: 'u32',
  s_z: 'u32',
  s_dense: 'u32',
  s_alpha: 'u32',
  u_arrivals: 'u32',
  u_flags: 'u32',
  u_rows: 'u32',
  u_parent: 'u32',
  u_side0: 'u32',
  u_side1: 'u32',
  u_state: 'u32',
  u_covered: 'u32',
});

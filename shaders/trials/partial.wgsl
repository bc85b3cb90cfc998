// The `partial` protocol (Ramamoorthy, Meng & Girimaji 2024, our reconstruction; DESIGN §3), one trial per
// invocation, fused with the reduction: draw times → finishing times → the ℓ smallest finishing times of every
// chunk → completion time max_i t_{i,(ℓ)} and error(T) = #{(i, q) : t_{i,(q)} > T} → workgroup partials.
// CPU twin: src/protocols/partial.ts.
//
// Written for uniform control flow: every invocation runs a trial (those past the batch repeat its last trial in
// their own scratch and are not counted), loops have uniform trip counts and the insertion is branch-free
// (min/max), which lets lavapipe keep its SIMD lanes together; measured here this halved the cost per trial.
//! include trials/common.wgsl

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) workgroup_id: vec3<u32>,
  @builtin(num_workgroups) num_workgroups: vec3<u32>,
  @builtin(local_invocation_index) local_index: u32,
) {
  let group = workgroup_linear_index(workgroup_id, num_workgroups);
  local_trial = group * WORKGROUP_SIZE + local_index;
  let live = local_trial < params.trials;
  let trial = params.trial_first + min(local_trial, params.trials - 1u);
  worker_factors(trial);
  let l = params.parts;
  let values = params.chunks * l;
  for (var q = 0u; q < values; q++) {
    s_set(params.s_best + q, NEVER);
  }
  // Finishing times, each inserted into its chunk's ascending list of the ℓ smallest as it is produced.
  let word = stream_word(STREAM_CHUNK_TIMES, 0u);
  for (var j = 0u; j < params.workers; j++) {
    let start = ints[params.i_offsets + j];
    let end = ints[params.i_offsets + j + 1u];
    let f = s_get(params.s_factor + j);
    let failed = f >= NEVER;
    var t = 0.0;
    var block = vec4<u32>(0u);
    for (var k = 0u; k < end - start; k++) {
      let x = chunk_time(trial, j, k, &block, word);
      t = select(t + f * x, NEVER, failed || x >= NEVER || t >= NEVER);
      s_set(params.s_finish + start + k, t);
      let base = params.s_best + ints[params.i_chunk_at + start + k] * l;
      var v = t;
      for (var q = 0u; q < l; q++) {
        let current = s_get(base + q);
        s_set(base + q, min(current, v));
        v = max(current, v);
      }
    }
  }
  var completion = 0.0;
  for (var i = 0u; i < params.chunks; i++) {
    completion = max(completion, s_get(params.s_best + i * l + l - 1u));
  }
  for (var g = 0u; g < params.grid_len; g++) {
    let T = floats[params.f_grid + g];
    var missing = 0u;
    for (var q = 0u; q < values; q++) {
      missing = missing + select(1u, 0u, arrived_by(s_get(params.s_best + q), T));
    }
    s_set(params.s_errors + g, f32(missing));
  }
  let done = computations_done(completion);
  let wasted = done - f32(values);
  finish_trial(local_index, group, live, completion, completion, done, wasted);
}

// The `partial` protocol (Ramamoorthy, Meng & Girimaji 2024, our reconstruction; DESIGN §3), one trial per
// invocation, fused with the reduction: draw times → finishing times → the ℓ smallest finishing times of every
// chunk → completion time max_i t_{i,(ℓ)} and error(T) = #{(i, q) : t_{i,(q)} > T} → workgroup partials.
// CPU twin: src/protocols/partial.ts.
//! include trials/common.wgsl

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) workgroup_id: vec3<u32>,
  @builtin(num_workgroups) num_workgroups: vec3<u32>,
  @builtin(local_invocation_index) local_index: u32,
) {
  let group = workgroup_linear_index(workgroup_id, num_workgroups);
  let t_local = group * WORKGROUP_SIZE + local_index;
  let live = t_local < params.trials;
  local_trial = t_local;
  var completion = NEVER;
  var done = 0.0;
  var wasted = 0.0;
  if (live) {
    let trial = params.trial_first + t_local;
    worker_factors(trial);
    finish_times(trial);
    let l = params.parts;
    let values = params.chunks * l;
    for (var q = 0u; q < values; q++) {
      s_set(params.s_best + q, NEVER);
    }
    // Insert every finishing time into its chunk's ascending list of the ℓ smallest.
    for (var e = 0u; e < params.nnz; e++) {
      var t = s_get(params.s_finish + e);
      if (t >= NEVER) {
        continue;
      }
      let base = params.s_best + ints[params.i_chunk_at + e] * l;
      for (var q = 0u; q < l; q++) {
        let current = s_get(base + q);
        if (t < current) {
          s_set(base + q, t);
          t = current;
        }
      }
    }
    completion = 0.0;
    for (var i = 0u; i < params.chunks; i++) {
      completion = max(completion, s_get(params.s_best + i * l + l - 1u));
    }
    for (var g = 0u; g < params.grid_len; g++) {
      let T = floats[params.f_grid + g];
      var missing = 0u;
      for (var q = 0u; q < values; q++) {
        if (!arrived_by(s_get(params.s_best + q), T)) {
          missing = missing + 1u;
        }
      }
      s_set(params.s_errors + g, f32(missing));
    }
    if (completion < NEVER) {
      done = computations_done(completion);
      wasted = done - f32(values);
    }
  }
  finish_trial(local_index, group, live, completion, completion, done, wasted);
}

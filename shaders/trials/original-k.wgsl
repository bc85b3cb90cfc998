// The `original` protocol with an any-k stop rule and no error curve (Tandon et al. 2017; Ye & Abbe 2018; the
// kernel `trialShader` picks for that round plan, src/trials/gpu/trial-tables.ts): a worker's message counts once all its
// chunks are done, and any k messages decode, so the completion time is the k-th smallest worker completion time
// D_(k). A trial needs each worker's total time and one order statistic — not the per-chunk finishing times that
// trials/original.wgsl keeps for its error curves — so this kernel stores N times per trial instead of Σ_j δ_j and
// compiles a fraction of the general kernel's code.
//
// Same draws and same f32 operations as trials/original.wgsl (common.wgsl's chunk_time and finish_times'
// accumulation), so completion times, censoring and the computation counts equal the general kernel's; the CPU twin
// is src/protocols/original.ts (with src/protocols/order-statistic.ts).
//! include trials/common.wgsl
//! include trials/order-statistic.wgsl

// Worker j's completion time: the cumulative sum of f_j · X_{j,k} over its chunks, accumulated exactly as
// finish_times does; with `by` < NEVER, instead the number of its chunks finished by time `by` (computations_done's
// count for one worker). NEVER for a failed worker.
fn worker_pass(trial: u32, j: u32, word: u32, by: f32) -> vec2<f32> {
  let start = ints[params.i_offsets + j];
  let end = ints[params.i_offsets + j + 1u];
  let f = s_get(params.s_factor + j);
  let failed = f >= NEVER;
  var t = 0.0;
  var count = 0u;
  var block = vec4<u32>(0u);
  for (var k = 0u; k < end - start; k++) {
    let x = chunk_time(trial, j, k, &block, word);
    t = select(t + f * x, NEVER, failed || x >= NEVER || t >= NEVER);
    count = count + select(0u, 1u, t <= by);
  }
  return vec2<f32>(t, f32(count));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) workgroup_id: vec3<u32>,
  @builtin(num_workgroups) num_workgroups: vec3<u32>,
  @builtin(local_invocation_index) local_index: u32,
) {
  let group = workgroup_linear_index(workgroup_id, num_workgroups);
  local_trial = group * WORKGROUP_SIZE + local_index;
  let live = local_trial < params.trials;
  // Every invocation runs a trial (past the batch: a repeat of its last trial, in its own scratch, not counted).
  let trial = params.trial_first + min(local_trial, params.trials - 1u);
  worker_factors(trial);
  let n = params.workers;
  let word = stream_word(STREAM_CHUNK_TIMES, 0u);
  // Round 0: every worker's completion time, then the k-th smallest. Round 1: the computations done by the completion
  // time and those of the messages used (the workers done by then): a worker done by then finished all its chunks;
  // the others (about n − k of them) draw their chunk times again and count. One call site of worker_pass: llvmpipe
  // compiles each inlined copy of the chunk-time loop (Philox included) separately.
  var completion = NEVER;
  var done = 0.0;
  var used = 0.0;
  for (var round = 0u; round < 2u; round++) {
    if (round == 1u) {
      if (params.stop_k <= n) {
        completion = kth_done(params.stop_k);
      }
      if (completion >= NEVER) {
        break;
      }
    }
    for (var j = 0u; j < n; j++) {
      let load = f32(ints[params.i_offsets + j + 1u] - ints[params.i_offsets + j]);
      if (round == 1u && s_get(params.s_done + j) <= completion) {
        done = done + load;
        used = used + load;
        continue;
      }
      let r = worker_pass(trial, j, word, select(-1.0, completion, round == 1u));
      if (round == 0u) {
        s_set(params.s_done + j, r.x);
      } else {
        done = done + r.y;
      }
    }
  }
  let wasted = select(0.0, done - used, completion < NEVER);
  finish_trial(local_index, group, live, completion, completion, done, wasted);
}

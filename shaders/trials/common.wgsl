// Shared part of the straggler trial kernels: bindings, the sequential Philox reader, the straggler and time model,
// finishing times, and the fused per-workgroup reduction of the trial outputs. One invocation runs one trial.
// TypeScript side: src/trials/gpu/ (layout, encoding, decoding); CPU twin: src/stragglers/draws.ts and
// src/protocols/*.ts, whose comments give the formulas.
//! include lib/philox.wgsl
//! include lib/dispatch.wgsl
//! include gen:trial-constants
//! include gen:struct:TrialParams
//! include trials/scratch.wgsl

@group(0) @binding(0) var<uniform> params: TrialParams;
// Code and model tables (offsets in params.i_* / params.f_*).
@group(0) @binding(1) var<storage, read> ints: array<u32>;
@group(0) @binding(2) var<storage, read> floats: array<f32>;
// Per-trial scratch, blocked by workgroup: slot k of the trial in lane l of workgroup g lives at
// (g · slots + k) · WORKGROUP_SIZE + l, so a workgroup's scratch is one contiguous block (cache- and TLB-friendly on
// lavapipe's CPU cores) and the lanes of a slot are adjacent (coalesced on a GPU).
@group(0) @binding(3) var<storage, read_write> scratch: array<f32>;
@group(0) @binding(4) var<storage, read_write> scratch_u: array<u32>;
// Per workgroup and statistic: (n, mean, M2, decodable count) and (min, max, 0, 0).
@group(0) @binding(5) var<storage, read_write> partials: array<vec4<f32>>;
// Completion-time histogram: bins, then underflow, overflow, never, and scratch violations (trials/checked/).
@group(0) @binding(6) var<storage, read_write> histogram: array<atomic<u32>>;
// Completion time of every trial (keep_raw), NEVER when censored.
@group(0) @binding(7) var<storage, read_write> raw: array<f32>;

// Model and protocol selectors are pipeline-override constants (from the straggler model and the round plan,
// src/trials/gpu/trial-tables.ts), so each
// pipeline contains only the branches its cell uses: Mesa/LLVM compile time on lavapipe grows with every inlined
// Philox call site, and dead branches are removed at specialisation.
override CHUNK_DIST: u32 = 0u;
override SPEED_KIND: u32 = 0u;
override SLOW_MODE: u32 = 0u;
override FIXED_MODE: u32 = 0u;
override BURSTY: bool = false;
override FAILURES: bool = false;
override TRACE: bool = false;

var<private> local_trial: u32;

// ---- Sequential Philox reader (src/rng/stream.ts PhiloxStream): lanes 0, 1, … of one (trial, cell, stream word).

struct PhiloxReader {
  counter: vec4<u32>,
  block: vec4<u32>,
  index: u32,
}

fn reader_new(trial: u32, cell: u32, word: u32) -> PhiloxReader {
  return PhiloxReader(vec4<u32>(0u, trial, cell, word), vec4<u32>(0u), 4u);
}

fn reader_next(r: ptr<function, PhiloxReader>) -> u32 {
  if ((*r).index == 4u) {
    (*r).block = philox4x32_10((*r).counter, params.key);
    (*r).counter.x = (*r).counter.x + 1u;
    (*r).index = 0u;
  }
  let w = (*r).block[(*r).index];
  (*r).index = (*r).index + 1u;
  return w;
}

// Uniform integer in [0, n) by rejection: accept x < floor(2^32 / n)·n (PhiloxStream.integer).
fn reader_integer(r: ptr<function, PhiloxReader>, n: u32) -> u32 {
  let rem = (0u - n) % n;
  var x = reader_next(r);
  while (rem != 0u && x >= 0u - rem) {
    x = reader_next(r);
  }
  return x % n;
}

// Floyd's k-subset of [0, n) (src/stragglers/subset.ts) into flag slots u_flags + j (1 = chosen).
fn sample_subset(r: ptr<function, PhiloxReader>, n: u32, k: u32) {
  for (var j = 0u; j < n; j++) {
    u_set(params.u_flags + j, 0u);
  }
  for (var j = n - k; j < n; j++) {
    let t = reader_integer(r, j + 1u);
    if (u_get(params.u_flags + t) != 0u) {
      u_set(params.u_flags + j, 1u);
    } else {
      u_set(params.u_flags + t, 1u);
    }
  }
}

// ---- Straggler and time model (src/stragglers/).

const U24: f32 = 5.9604644775390625e-8;

fn uniform24(x: u32) -> f32 {
  return f32(x >> 8u) * U24;
}

// Inverse-CDF sample of a distribution family at u ∈ [0, 1) (src/stragglers/distribution.ts sampleDistribution).
fn sample_distribution(dist: u32, a: f32, b: f32, u: f32) -> f32 {
  switch dist {
    case DIST_DETERMINISTIC: { return a; }
    case DIST_UNIFORM: { return a + (b - a) * u; }
    case DIST_EXPONENTIAL, DIST_SHIFTED_EXPONENTIAL: { return a - log(1.0 - u) / b; }
    case DIST_PARETO: { return a * pow(1.0 - u, -1.0 / b); }
    case DIST_WEIBULL: { return a * pow(-log(1.0 - u), 1.0 / b); }
    // Unreachable: every DistributionCode has its case (test/stragglers/distribution-cases.test.ts).
    default: { return 0.0; }
  }
}

// Word j of the per-worker stream `stream` for this trial: lane j >> 2, component j & 3. Callers walk j = 0, 1, …, so
// the block is drawn at j & 3 == 0 and kept in `block` for the next three workers (TrialDrawer.workerWord).
fn worker_word(stream: u32, trial: u32, j: u32, block: ptr<function, vec4<u32>>) -> u32 {
  if ((j & 3u) == 0u) {
    *block = philox4x32_10(vec4<u32>(j >> 2u, trial, params.cell, stream_word(stream, 0u)), params.key);
  }
  return (*block)[j & 3u];
}

fn bernoulli(x: u32, threshold: vec2<u32>) -> bool {
  return threshold.y != 0u || x < threshold.x;
}

// Worker factors f_j of this trial into s_factor + j; NEVER for workers that never finish (TrialDrawer.workerFactors).
fn worker_factors(trial: u32) {
  let n = params.workers;
  var block = vec4<u32>(0u);
  for (var j = 0u; j < n; j++) {
    var f = 1.0;
    if (SPEED_KIND == SPEED_LIST) {
      f = floats[params.f_speed + j];
    } else if (SPEED_KIND == SPEED_DIST) {
      f = sample_distribution(params.speed_dist, params.speed_a, params.speed_b, uniform24(worker_word(STREAM_WORKER_SPEED, trial, j, &block)));
    }
    s_set(params.s_factor + j, f);
  }
  if (SLOW_MODE == SLOW_EXACT) {
    var r = reader_new(trial, params.cell, stream_word(STREAM_SLOW_WORKERS, 0u));
    sample_subset(&r, n, params.slow_count);
    for (var j = 0u; j < n; j++) {
      if (u_get(params.u_flags + j) != 0u) {
        scale_factor(j, params.slow_factor);
      }
    }
  } else if (SLOW_MODE == SLOW_BERNOULLI) {
    for (var j = 0u; j < n; j++) {
      if (bernoulli(worker_word(STREAM_SLOW_WORKERS, trial, j, &block), params.slow_threshold)) {
        scale_factor(j, params.slow_factor);
      }
    }
  }
  if (FIXED_MODE == FIXED_RANDOM) {
    var r = reader_new(trial, params.cell, stream_word(STREAM_STRAGGLER_SET, 0u));
    sample_subset(&r, n, params.fixed_s);
    for (var j = 0u; j < n; j++) {
      if (u_get(params.u_flags + j) != 0u) {
        scale_factor(j, params.fixed_factor);
      }
    }
  } else if (FIXED_MODE == FIXED_MASK) {
    for (var j = 0u; j < n; j++) {
      if (ints[params.i_fixed_mask + j] != 0u) {
        scale_factor(j, params.fixed_factor);
      }
    }
  }
  if (BURSTY) {
    let window = trial / params.bursty_w;
    let offset = trial - window * params.bursty_w;
    var r = reader_new(0u, params.cell, stream_word(STREAM_BURSTY, window));
    sample_subset(&r, n, params.bursty_lambda);
    for (var j = 0u; j < n; j++) {
      if (u_get(params.u_flags + j) == 0u) {
        continue;
      }
      let start = reader_integer(&r, params.bursty_w - params.bursty_b + 1u);
      if (offset >= start && offset < start + params.bursty_b) {
        scale_factor(j, params.bursty_factor);
      }
    }
  }
  if (FAILURES) {
    for (var j = 0u; j < n; j++) {
      let t = vec2<u32>(ints[params.i_failure + 2u * j], ints[params.i_failure + 2u * j + 1u]);
      if (bernoulli(worker_word(STREAM_FAILURES, trial, j, &block), t)) {
        s_set(params.s_factor + j, NEVER);
      }
    }
  }
}

// Multiplies worker j's factor; a factor of NEVER (or an infinite multiplier, sent as NEVER) stays NEVER.
fn scale_factor(j: u32, by: f32) {
  let f = s_get(params.s_factor + j);
  if (f >= NEVER || by >= NEVER) {
    s_set(params.s_factor + j, NEVER);
  } else {
    s_set(params.s_factor + j, f * by);
  }
}

// Base time X_{j,k} of worker j's k-th chunk: per (worker, position) lane (j << 10) | (k >> 2) of the chunk-time
// stream — `block` caches the Philox block across k — or the trace, or the deterministic value.
fn chunk_time(trial: u32, j: u32, k: u32, block: ptr<function, vec4<u32>>, word: u32) -> f32 {
  if (TRACE) {
    return floats[params.f_trace + (trial % params.trace_rounds) * params.workers + j];
  }
  if (CHUNK_DIST == DIST_DETERMINISTIC) {
    return params.chunk_a;
  }
  if ((k & 3u) == 0u) {
    *block = philox4x32_10(vec4<u32>((j << 10u) | (k >> 2u), trial, params.cell, word), params.key);
  }
  return sample_distribution(CHUNK_DIST, params.chunk_a, params.chunk_b, uniform24((*block)[k & 3u]));
}

// Finishing times F_j(k) of every (worker, position) into s_finish + entry (protocols/finish-times.ts): cumulative
// sums of f_j · X_{j,k}; NEVER for workers that never finish. Branch-free in the loop (see partial.wgsl).
fn finish_times(trial: u32) {
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
    }
  }
}

// Whether something finishing at t has arrived by grid time T (NEVER never arrives, even at T = NEVER).
fn arrived_by(t: f32, T: f32) -> bool {
  return t < NEVER && t <= T;
}

// Computations finished by time T (0 when T is NEVER: censored trials report no work).
fn computations_done(T: f32) -> f32 {
  if (T >= NEVER) {
    return 0.0;
  }
  var done = 0u;
  for (var e = 0u; e < params.nnz; e++) {
    done = done + select(0u, 1u, s_get(params.s_finish + e) <= T);
  }
  return f32(done);
}

// ---- Outputs and the fused reduction.

// Per-trial statistics: 0 completion (valid when finite), 1 done, 2 wasted (valid when completion is finite),
// 3 + g error at grid point g (always valid; kept in scratch slot s_errors + g until the reduction).
var<workgroup> moments: array<vec4<f32>, WORKGROUP_SIZE>;
var<workgroup> extremes: array<vec2<f32>, WORKGROUP_SIZE>;

// Chan et al.'s merge of (n, mean, M2) pairs, as in src/stats/moments.ts mergeMoments; w carries the count of
// decodable grid values.
fn merge_moments(a: vec4<f32>, b: vec4<f32>) -> vec4<f32> {
  if (b.x == 0.0) {
    return vec4<f32>(a.xyz, a.w + b.w);
  }
  if (a.x == 0.0) {
    return vec4<f32>(b.xyz, a.w + b.w);
  }
  let n = a.x + b.x;
  let delta = b.y - a.y;
  return vec4<f32>(n, a.y + delta * b.x / n, a.z + b.z + delta * delta * a.x * b.x / n, a.w + b.w);
}

// Reduces statistic `stat` over the workgroup and writes its two partial vectors.
fn reduce_stat(stat: u32, local_index: u32, group: u32, valid: bool, value: f32, decodable: f32) {
  if (valid) {
    moments[local_index] = vec4<f32>(1.0, value, 0.0, decodable);
    extremes[local_index] = vec2<f32>(value, value);
  } else {
    moments[local_index] = vec4<f32>(0.0, 0.0, 0.0, decodable);
    extremes[local_index] = vec2<f32>(NEVER, -NEVER);
  }
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride = stride / 2u) {
    if (local_index < stride) {
      moments[local_index] = merge_moments(moments[local_index], moments[local_index + stride]);
      let e = extremes[local_index + stride];
      extremes[local_index] = vec2<f32>(min(extremes[local_index].x, e.x), max(extremes[local_index].y, e.y));
    }
    workgroupBarrier();
  }
  if (local_index == 0u) {
    let base = (group * params.stats + stat) * 2u;
    partials[base] = moments[0];
    partials[base + 1u] = vec4<f32>(extremes[0], 0.0, 0.0);
  }
  workgroupBarrier();
}

// Records this trial's outputs (errors are already in scratch slots s_errors + g) and reduces every statistic. The
// trial is exactly decodable at grid time T when exact_at (its first exact time) has arrived by T. Every
// invocation of the workgroup must call it; `live` is false past the batch's last trial.
fn finish_trial(local_index: u32, group: u32, live: bool, completion: f32, exact_at: f32, done: f32, wasted: f32) {
  let finite = live && completion < NEVER;
  if (live) {
    let t = group * WORKGROUP_SIZE + local_index;
    if (params.keep_raw != 0u) {
      raw[t] = completion;
    }
    var bin: u32;
    if (completion >= NEVER) {
      bin = params.hist_bins + 2u;
    } else if (completion < params.hist_lo) {
      bin = params.hist_bins;
    } else if (completion >= params.hist_hi) {
      bin = params.hist_bins + 1u;
    } else {
      bin = min(params.hist_bins - 1u, u32(floor((completion - params.hist_lo) / (params.hist_hi - params.hist_lo) * f32(params.hist_bins))));
    }
    if (params.hist_bins > 0u) {
      atomicAdd(&histogram[bin], 1u);
    }
  }
  // One call site for the reduction: llvmpipe compiles every inlined barrier loop separately, so four call sites
  // cost seconds of compile time per pipeline.
  for (var stat = 0u; stat < params.stats; stat++) {
    var valid = finite;
    var value = completion;
    var decodable = 0.0;
    if (stat == 1u) {
      value = done;
    } else if (stat == 2u) {
      value = wasted;
    } else if (stat >= 3u) {
      valid = live;
      value = 0.0;
      if (live) {
        value = s_get(params.s_errors + stat - 3u);
      }
      decodable = select(0.0, 1.0, live && arrived_by(exact_at, floats[params.f_grid + stat - 3u]));
    }
    reduce_stat(stat, local_index, group, valid, value, decodable);
  }
}

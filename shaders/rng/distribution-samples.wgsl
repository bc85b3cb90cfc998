// Samples of one distribution from one Philox sequence (key; counter = (lane, trial, cell, stream word)), fused
// with a per-workgroup reduction (count, sum, sum of squares). Sample s uses word s (uniform, exponential,
// Bernoulli) or words 2s, 2s + 1 (normal), where word w is component w mod 4 of lane ⌊w/4⌋ — the order of
// src/rng/stream.ts. One invocation evaluates one Philox block and the samples inside the batch's range.
// The TypeScript side is src/engine/kernels/distribution-samples.ts.
//! include lib/philox.wgsl
//! include lib/distributions.wgsl
//! include lib/reductions.wgsl
//! include gen:struct:DistributionParams

// 0 uniform, 1 exponential, 2 normal, 3 Bernoulli (as 0/1).
override DISTRIBUTION: u32 = 0u;
// Philox blocks each invocation evaluates (amortises the workgroup reduction).
override BLOCKS_PER_INVOCATION: u32 = 16u;

@group(0) @binding(0) var<uniform> params: DistributionParams;
@group(0) @binding(1) var<storage, read_write> samples: array<f32>;
@group(0) @binding(2) var<storage, read_write> partials: array<vec4<f32>>;

fn sample_at(block: vec4<u32>, j: u32) -> f32 {
  switch DISTRIBUTION {
    case 1u: { return exponential_from_word(block[j], params.rate); }
    case 2u: { return normal_from_words(block[2u * j], block[2u * j + 1u]); }
    case 3u: { return select(0.0, 1.0, bernoulli_from_word(block[j], params.threshold)); }
    default: { return uniform_from_word(block[j]); }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) workgroup_id: vec3<u32>,
  @builtin(num_workgroups) num_workgroups: vec3<u32>,
  @builtin(local_invocation_index) local_index: u32,
) {
  let group = workgroup_linear_index(workgroup_id, num_workgroups);
  let per_block = select(4u, 2u, DISTRIBUTION == 2u);
  let end = params.first + params.count;
  var acc = vec4<f32>(0.0);
  for (var k = 0u; k < BLOCKS_PER_INVOCATION; k++) {
    let lane = params.lane_first + (group * BLOCKS_PER_INVOCATION + k) * WORKGROUP_SIZE + local_index;
    if (lane * per_block >= end) {
      break;
    }
    let block = philox4x32_10(vec4<u32>(lane, params.trial, params.cell, params.stream_word), params.key);
    for (var j = 0u; j < per_block; j++) {
      let s = lane * per_block + j;
      if (s >= params.first && s < end) {
        let x = sample_at(block, j);
        if (params.keep != 0u) {
          samples[s - params.first] = x;
        }
        acc = acc + vec4<f32>(1.0, x, x * x, 0.0);
      }
    }
  }
  let total = workgroup_sum_vec4(local_index, acc);
  if (local_index == 0u && group < arrayLength(&partials)) {
    partials[group] = total;
  }
}

// Raw Philox words for a range of lanes: block b of the batch is philox4x32(counter + (b, 0, 0, 0), key) with
// `rounds` rounds. Used by the known-answer and bit-identity tests (src/engine/kernels/philox-words.ts).
//! include lib/philox.wgsl
//! include lib/dispatch.wgsl
//! include gen:struct:PhiloxWordsParams

@group(0) @binding(0) var<uniform> params: PhiloxWordsParams;
@group(0) @binding(1) var<storage, read_write> words: array<vec4<u32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) workgroup_id: vec3<u32>,
  @builtin(num_workgroups) num_workgroups: vec3<u32>,
  @builtin(local_invocation_index) local_index: u32,
) {
  let b = workgroup_linear_index(workgroup_id, num_workgroups) * WORKGROUP_SIZE + local_index;
  if (b >= params.blocks) {
    return;
  }
  let c = params.counter;
  words[b] = philox4x32_rounds(vec4<u32>(c.x + b, c.y, c.z, c.w), params.key, params.rounds);
}

// Workgroup reductions: per-workgroup partial results that the host merges in f64 (one value per workgroup goes
// back, not one per item). WORKGROUP_SIZE must be a power of two.
//! include lib/dispatch.wgsl

var<workgroup> reduction_scratch: array<vec4<f32>, WORKGROUP_SIZE>;

// Sum of `value` over the workgroup, returned to every invocation. Every invocation of the workgroup must call it
// (uniform control flow): invocations with no work contribute zeros.
fn workgroup_sum_vec4(local_index: u32, value: vec4<f32>) -> vec4<f32> {
  reduction_scratch[local_index] = value;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride = stride / 2u) {
    if (local_index < stride) {
      reduction_scratch[local_index] = reduction_scratch[local_index] + reduction_scratch[local_index + stride];
    }
    workgroupBarrier();
  }
  let total = reduction_scratch[0];
  workgroupBarrier();
  return total;
}

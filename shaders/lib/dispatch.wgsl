// Workgroup size and grid indexing shared by gradcode kernels. WORKGROUP_SIZE is an override constant (set from
// TypeScript through the pipeline's constants; part of the pipeline cache key). Grids larger than 65535 workgroups
// are laid out in two dimensions by src/engine/webgpu/dispatch.ts (x fastest), so some trailing workgroups may lie
// past the work: kernels bound-check every index.

override WORKGROUP_SIZE: u32 = 64u;

// Linear index of this workgroup in the (x, y) grid.
fn workgroup_linear_index(workgroup_id: vec3<u32>, num_workgroups: vec3<u32>) -> u32 {
  return workgroup_id.x + workgroup_id.y * num_workgroups.x;
}

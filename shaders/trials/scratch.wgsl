// Per-trial scratch of the trial kernels: f32 slots in `scratch`, u32 slots in `scratch_u` (common.wgsl binds them).
// Slot k of the trial in lane l of workgroup g lives at (g · slots + k) · WORKGROUP_SIZE + l, so a workgroup's
// scratch is one contiguous block (cache- and TLB-friendly on lavapipe's CPU cores) and the lanes of a slot are
// adjacent (coalesced on a GPU). The slots of a cell are laid out by src/trials/gpu/trial-scratch.ts; the test build
// trials/checked/*.wgsl replaces this file with scratch-checked.wgsl, which counts accesses outside that layout.

fn scratch_index(slot: u32, slots: u32) -> u32 {
  return ((local_trial / WORKGROUP_SIZE) * slots + slot) * WORKGROUP_SIZE + local_trial % WORKGROUP_SIZE;
}

fn s_get(slot: u32) -> f32 {
  return scratch[scratch_index(slot, params.float_slots)];
}

fn s_set(slot: u32, value: f32) {
  scratch[scratch_index(slot, params.float_slots)] = value;
}

fn u_get(slot: u32) -> u32 {
  return scratch_u[scratch_index(slot, params.uint_slots)];
}

fn u_set(slot: u32, value: u32) {
  scratch_u[scratch_index(slot, params.uint_slots)] = value;
}

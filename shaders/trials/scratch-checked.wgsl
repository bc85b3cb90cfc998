// The scratch accessors of trials/scratch.wgsl, counting every access outside the cell's slot layout
// (src/trials/gpu/trial-scratch.ts: slots a configuration does not use sit far beyond its allocation) in histogram
// word hist_bins + 3. Test builds only (trials/checked/*.wgsl; TrialKernelParams.checkScratch): the check costs
// compile time on every inlined access, so production kernels do not carry it.
//! replaces trials/scratch.wgsl

fn scratch_index(slot: u32, slots: u32) -> u32 {
  return ((local_trial / WORKGROUP_SIZE) * slots + slot) * WORKGROUP_SIZE + local_trial % WORKGROUP_SIZE;
}

fn check_slot(slot: u32, slots: u32) {
  if (slot >= slots) {
    atomicAdd(&histogram[params.hist_bins + 3u], 1u);
  }
}

fn s_get(slot: u32) -> f32 {
  check_slot(slot, params.float_slots);
  return scratch[scratch_index(slot, params.float_slots)];
}

fn s_set(slot: u32, value: f32) {
  check_slot(slot, params.float_slots);
  scratch[scratch_index(slot, params.float_slots)] = value;
}

fn u_get(slot: u32) -> u32 {
  check_slot(slot, params.uint_slots);
  return scratch_u[scratch_index(slot, params.uint_slots)];
}

fn u_set(slot: u32, value: u32) {
  check_slot(slot, params.uint_slots);
  scratch_u[scratch_index(slot, params.uint_slots)] = value;
}

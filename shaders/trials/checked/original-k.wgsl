// trials/original-k.wgsl with every scratch access checked against the slot layout (tests: TrialKernelParams.checkScratch).
//! include trials/scratch-checked.wgsl
//! include trials/original-k.wgsl

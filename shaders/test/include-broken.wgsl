// Test-only kernel whose error sits in an included file (test/broken-snippet.wgsl, line 4).
//! include lib/dispatch.wgsl
//! include test/broken-snippet.wgsl

@group(0) @binding(0) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main() {
  out[0] = broken_helper();
}

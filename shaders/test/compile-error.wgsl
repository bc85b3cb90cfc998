// Test-only kernel with a deliberate type error on line 9, after an include that expands to many lines: the
// compile error must name this file and line 9, not the composed line (test/engine/shader-compile.gpu.test.ts).
//! include lib/philox.wgsl

@group(0) @binding(0) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(1)
fn main() {
  let wrong: u32 = 1.5;
  out[0] = philox4x32_10(vec4<u32>(wrong), vec2<u32>(0u)).x;
}

// Test-only kernel for the struct layouts (test/engine/struct-echo.gpu.test.ts): reads every member of EchoParams by
// name and writes its bits to `fields` in declaration order, then writes a transformed copy to `output`.
//! include gen:struct:EchoParams

@group(0) @binding(0) var<storage, read> input: EchoParams;
@group(0) @binding(1) var<storage, read_write> fields: array<u32>;
@group(0) @binding(2) var<storage, read_write> output: EchoParams;

@compute @workgroup_size(1)
fn main() {
  let p = input;
  fields[0] = p.u;
  fields[1] = bitcast<u32>(p.v2.x);
  fields[2] = bitcast<u32>(p.v2.y);
  fields[3] = bitcast<u32>(p.i);
  fields[4] = p.v4.x;
  fields[5] = p.v4.y;
  fields[6] = p.v4.z;
  fields[7] = p.v4.w;
  fields[8] = bitcast<u32>(p.f);
  fields[9] = p.arr[0];
  fields[10] = p.arr[1];
  fields[11] = p.arr[2];
  fields[12] = bitcast<u32>(p.inner.a);
  fields[13] = bitcast<u32>(p.inner.b.x);
  fields[14] = bitcast<u32>(p.inner.b.y);
  fields[15] = bitcast<u32>(p.inner.b.z);
  fields[16] = bitcast<u32>(p.tail);

  var o = p;
  o.u = p.u + 1u;
  o.v2 = p.v2 * 2.0;
  o.i = -p.i;
  o.v4 = p.v4.wzyx;
  o.f = p.f + 0.5;
  o.arr = array<u32, 3>(p.arr[2], p.arr[1], p.arr[0]);
  o.inner.a = p.inner.b.z;
  o.inner.b = vec3<f32>(p.inner.a, p.inner.b.x, p.inner.b.y);
  o.tail = p.tail * 4.0;
  output = o;
}

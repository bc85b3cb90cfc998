// The products of the complement form of coded descent (src/train/descent/complement-operators.ts): for every pair
// (operator slot, run) of one iteration, P[pair] = K_slot · y_run (K symmetric, d4 × d4 rows of vec4 columns,
// zero-padded; y the run's query point). Pairs come in blocks of Q = 8 that share one operator; a workgroup is one
// block × 32 columns: lane l owns the vec4 column c4 = 8·wid.x + l of all 8 pairs, so every operator value a lane
// loads is used 8 times and every query-point vec4 4 times (4 rows per step of k). Sums run over k in order, f32.
// The f64 twin is src/train/descent/cpu-complement-descent.ts.
//! include gen:struct:TrainComplementParams
//! include gen:struct:TrainIterParams

@group(0) @binding(0) var<uniform> p: TrainComplementParams;
@group(0) @binding(1) var<uniform> iter: TrainIterParams;
// Operators, slot-major, row k, vec4 column: slot·slot_stride4 + k·cols4 + c4.
@group(0) @binding(2) var<storage, read> operators: array<vec4<f32>>;
// x | u | y, each runs × d4: y of run r at y_offset4 + r·ldy4.
@group(0) @binding(3) var<storage, read> state: array<vec4<f32>>;
// The run of every pair (all iterations of the batch; this iteration's from pair_base).
@group(0) @binding(4) var<storage, read> pair_runs: array<u32>;
// Blocks of 8 pairs: (operator slot, first pair within the iteration).
@group(0) @binding(5) var<storage, read> blocks: array<vec2<u32>>;
// Products of this iteration: pair × cols4.
@group(0) @binding(6) var<storage, read_write> products: array<vec4<f32>>;

@compute @workgroup_size(8)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let block = blocks[iter.block_base + wid.y];
  let c4 = wid.x * 8u + li;
  let live = c4 < p.cols4;
  let column = block.x * p.slot_stride4 + select(0u, c4, live);
  let pairs = iter.pair_base + block.y;
  let y0 = p.y_offset4 + pair_runs[pairs] * p.ldy4;
  let y1 = p.y_offset4 + pair_runs[pairs + 1u] * p.ldy4;
  let y2 = p.y_offset4 + pair_runs[pairs + 2u] * p.ldy4;
  let y3 = p.y_offset4 + pair_runs[pairs + 3u] * p.ldy4;
  let y4 = p.y_offset4 + pair_runs[pairs + 4u] * p.ldy4;
  let y5 = p.y_offset4 + pair_runs[pairs + 5u] * p.ldy4;
  let y6 = p.y_offset4 + pair_runs[pairs + 6u] * p.ldy4;
  let y7 = p.y_offset4 + pair_runs[pairs + 7u] * p.ldy4;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  var a4 = vec4<f32>(0.0);
  var a5 = vec4<f32>(0.0);
  var a6 = vec4<f32>(0.0);
  var a7 = vec4<f32>(0.0);
  for (var k4 = 0u; k4 < p.depth4; k4++) {
    let row = column + 4u * k4 * p.cols4;
    let h0 = operators[row];
    let h1 = operators[row + p.cols4];
    let h2 = operators[row + 2u * p.cols4];
    let h3 = operators[row + 3u * p.cols4];
    let x0 = state[y0 + k4];
    let x1 = state[y1 + k4];
    let x2 = state[y2 + k4];
    let x3 = state[y3 + k4];
    let x4 = state[y4 + k4];
    let x5 = state[y5 + k4];
    let x6 = state[y6 + k4];
    let x7 = state[y7 + k4];
    // One sum per accumulator update (a single masked store each on llvmpipe, not four).
    a0 += h0 * x0.x + h1 * x0.y + h2 * x0.z + h3 * x0.w;
    a1 += h0 * x1.x + h1 * x1.y + h2 * x1.z + h3 * x1.w;
    a2 += h0 * x2.x + h1 * x2.y + h2 * x2.z + h3 * x2.w;
    a3 += h0 * x3.x + h1 * x3.y + h2 * x3.z + h3 * x3.w;
    a4 += h0 * x4.x + h1 * x4.y + h2 * x4.z + h3 * x4.w;
    a5 += h0 * x5.x + h1 * x5.y + h2 * x5.z + h3 * x5.w;
    a6 += h0 * x6.x + h1 * x6.y + h2 * x6.z + h3 * x6.w;
    a7 += h0 * x7.x + h1 * x7.y + h2 * x7.z + h3 * x7.w;
  }
  if (!live) {
    return;
  }
  let o = block.y * p.cols4 + c4;
  products[o] = a0;
  products[o + p.cols4] = a1;
  products[o + 2u * p.cols4] = a2;
  products[o + 3u * p.cols4] = a3;
  products[o + 4u * p.cols4] = a4;
  products[o + 5u * p.cols4] = a5;
  products[o + 6u * p.cols4] = a6;
  products[o + 7u * p.cols4] = a7;
}

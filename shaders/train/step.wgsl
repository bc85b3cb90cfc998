// One iteration of coded gradient descent after the chunk gradients (shaders/train/gemm.wgsl): per run (one
// workgroup each) the exact gradient g = Σ_i g_i, the decoded estimate ĝ (PATH 0: coefficient path Σ_i α_i g_i;
// PATH 1: message path Σ_j w_j msg_j with msg_j = Σ_i B_ji g_i formed in f32; PATH 2: the complement form from the
// products P of shaders/train/complement-gemm.wgsl, g = H̄y − b̄ and ĝ = g − Σ_e c_e (P_e − β_e) over the run's
// correction entries — the failed workers' K_j, and for a₀ ≠ 1 the pair (H̄, +1), (K_a, −1) that turns g into
// K_a y − β_a; src/train/descent/complement-operators.ts), the metrics (loss, ‖x − x*‖²,
// ‖ĝ − g‖², ‖g‖², Σ_j ω_j ‖msg_j‖²) reduced over the coordinates, and the GD or AGD update, which also writes the
// next query point. With ℓ > 1 parts coordinate c lies in block c / s at offset c % s (s = d/ℓ). The f64 twin is
// src/train/descent/cpu-descent.ts.
//! include lib/reductions.wgsl
//! include gen:struct:TrainStepParams
//! include gen:struct:TrainIterParams

// 0 coefficient path, 1 message path, 2 complement form (the products of shaders/train/complement-gemm.wgsl).
override PATH: u32 = 0u;
// Accelerated (Tandon et al.'s AGD) instead of plain GD.
override AGD: bool = false;
// Gram form (loss from the gradient) instead of the direct form (loss from the forward pass's per-sample losses).
override GRAM: bool = true;
// Compute the message energy Σ_j ω_j ‖msg_j‖².
override ENERGY: bool = false;

@group(0) @binding(0) var<uniform> params: TrainStepParams;
@group(0) @binding(1) var<uniform> iter: TrainIterParams;
// Chunk gradients: chunk i, run r, coordinate c at (i·runs + r)·d4 + c. PATH 2: the complement products, pair q at
// q·d4 (pair r < runs: H̄y_r).
@group(0) @binding(2) var<storage, read> G: array<f32>;
// x (β for AGD), u, and the query point y, each runs × d4.
@group(0) @binding(3) var<storage, read_write> state: array<f32>;
// CSR row offsets (N + 1) then chunk indices (nnz).
@group(0) @binding(4) var<storage, read> ints: array<u32>;
// Coefficients (nnz·ℓ), ω (N), x* (d4), Σ_i b_i (d4).
@group(0) @binding(5) var<storage, read> floats: array<f32>;
// Decoding weights (message path, N·ℓ) or coefficients (coefficient path, ℓ·m·ℓ) per (iteration, run); PATH 2: the
// correction coefficient c of every correction entry.
@group(0) @binding(6) var<storage, read> decoding: array<f32>;
// Direct form: per-sample losses, runs × samples.
@group(0) @binding(7) var<storage, read> losses: array<f32>;
// Per (run, slot): (loss, distance, gradient error, ‖g‖²), (message energy, 0, 0, 0).
@group(0) @binding(8) var<storage, read_write> metrics: array<vec4<f32>>;
// PATH 2: correction entries (pair, operator slot), this iteration's per-run entry offsets (runs + 1 from
// iter.corr_base), and the operators' linear terms (slot·d4: b̄, β_a, β_j).
@group(0) @binding(9) var<storage, read> corrections: array<vec2<u32>>;
@group(0) @binding(10) var<storage, read> correction_offsets: array<u32>;
@group(0) @binding(11) var<storage, read> linear: array<f32>;

fn grad(i: u32, run: u32, c: u32) -> f32 {
  return G[(i * params.runs + run) * params.d4 + c];
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) workgroup_id: vec3<u32>,
  @builtin(num_workgroups) num_workgroups: vec3<u32>,
  @builtin(local_invocation_index) li: u32,
) {
  let run_raw = workgroup_linear_index(workgroup_id, num_workgroups);
  let live = run_raw < params.runs;
  let run = select(0u, run_raw, live);
  let stride = params.runs * params.d4;
  let xo = run * params.d4;
  let uo = stride + xo;
  let yo = 2u * stride + xo;
  let entry = (iter.slot * params.runs + run) * params.decode_len;
  let ml = params.m * params.parts;
  let nnz = ints[params.N];
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  for (var c = li; c < params.d && live; c += WORKGROUP_SIZE) {
    var g = 0.0;
    var ghat = 0.0;
    if (PATH == 2u) {
      g = G[run * params.d4 + c] - linear[c];
      if (iter.final_slot == 0u) {
        ghat = g;
        let first = correction_offsets[iter.corr_base + run];
        let last = correction_offsets[iter.corr_base + run + 1u];
        for (var e = first; e < last; e++) {
          let pair = corrections[e];
          ghat -= decoding[e] * (G[pair.x * params.d4 + c] - linear[pair.y * params.d4 + c]);
        }
      }
    } else {
      for (var i = 0u; i < params.m; i++) {
        g += grad(i, run, c);
      }
    }
    let x = state[xo + c];
    let y = state[yo + c];
    let block = c / params.s;
    let o = c - block * params.s;
    if (PATH == 0u && iter.final_slot == 0u) {
      for (var i = 0u; i < params.m; i++) {
        for (var q = 0u; q < params.parts; q++) {
          let a = decoding[entry + block * ml + i * params.parts + q];
          ghat += a * grad(i, run, q * params.s + o);
        }
      }
    }
    if (PATH == 1u || (ENERGY && c < params.s)) {
      for (var j = 0u; j < params.N; j++) {
        var msg = 0.0;
        for (var e = ints[j]; e < ints[j + 1u]; e++) {
          let chunk = ints[params.N + 1u + e];
          for (var q = 0u; q < params.parts; q++) {
            msg += floats[e * params.parts + q] * grad(chunk, run, q * params.s + o);
          }
        }
        if (PATH == 1u && iter.final_slot == 0u) {
          ghat += decoding[entry + block * params.N + j] * msg;
        }
        if (ENERGY && c < params.s) {
          acc1.x += floats[nnz * params.parts + j] * msg * msg;
        }
      }
    }
    let xs = floats[nnz * params.parts + params.N + c];
    if (GRAM) {
      acc0.x += 0.5 * y * (g - floats[nnz * params.parts + params.N + params.d4 + c]);
    } else {
      acc0.x += 0.5 * params.lambda * y * y;
    }
    acc0.y += (x - xs) * (x - xs);
    acc0.w += g * g;
    if (iter.final_slot == 0u) {
      acc0.z += (ghat - g) * (ghat - g);
      if (AGD) {
        let next = y - iter.gamma * ghat;
        let u = x + (next - x) / iter.theta;
        state[xo + c] = next;
        state[uo + c] = u;
        state[yo + c] = select((1.0 - iter.theta_next) * next + iter.theta_next * u, next, iter.next_final != 0u);
      } else {
        let next = x - iter.gamma * ghat;
        state[xo + c] = next;
        state[yo + c] = next;
      }
    }
  }
  if (!GRAM) {
    for (var t = li; t < params.samples && live; t += WORKGROUP_SIZE) {
      acc0.x += losses[run * params.samples + t];
    }
  }
  // One call site of the barrier-containing reduction: a loop over the two vec4 statistics.
  for (var k = 0u; k < 2u; k++) {
    let total = workgroup_sum_vec4(li, select(acc0, acc1, k == 1u));
    if (li == 0u && live) {
      metrics[(run * params.slots + iter.slot) * 2u + k] = total;
    }
  }
}

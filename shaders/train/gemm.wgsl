// Batched matrix products of coded gradient descent (src/train/descent/gpu-encode.ts), C[z] = A[z] · B[z] with
// A (rows × K, f32, row stride lda) and B (K × cols, vec4 columns, row stride ldb) and a per-MODE epilogue:
//   MODE 0 gram:     G_i = Y · H_i − b_i + (λ/m) Y          (least squares from per-chunk Gram matrices)
//   MODE 1 forward:  Z = Y · Xᵀ, then per sample the residual r = ∂ℓ/∂z / n and the loss ℓ/n
//   MODE 2 backward: G_i = R_i · X_i + (λ/m) Y               (chunk gradients from the residuals of chunk i)
// Rows are runs (one query point per row); every workgroup handles ROWS = 8 consecutive runs, so the loads of A are
// uniform across the workgroup (broadcast on lavapipe), and each invocation 4 consecutive columns (one vec4 of B).
// Measured on lavapipe (2 cores): ~6 GFLOP/s; a shared-memory 64×64 tile ran at ~1 GFLOP/s and 1×16 register
// tiles at ~3 (workgroup-varying loads become gathers there). MODE is an override constant: the other epilogues
// are compiled out.

//! include gen:struct:TrainGemmParams

override MODE: u32 = 0u;
// MODE 1: the logistic loss (else least squares).
override LOGISTIC: bool = false;
override WORKGROUP_SIZE: u32 = 16u;
const ROWS: u32 = 8u;

@group(0) @binding(0) var<uniform> p: TrainGemmParams;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> C: array<vec4<f32>>;
// MODE 0: b_i (m × cols4 vec4); MODE 1: targets (cols4 vec4; 0 marks a padding sample).
@group(0) @binding(4) var<storage, read> side: array<vec4<f32>>;
// The query points Y as vec4 (the same buffer as A in modes 0 and 2).
@group(0) @binding(5) var<storage, read> Yv: array<vec4<f32>>;
// MODE 1: per-sample losses (rows × cols4 vec4).
@group(0) @binding(6) var<storage, read_write> losses: array<vec4<f32>>;

fn softplus4(t: vec4<f32>) -> vec4<f32> {
  return max(t, vec4<f32>(0.0)) + log(vec4<f32>(1.0) + exp(-abs(t)));
}

fn sigmoid4(t: vec4<f32>) -> vec4<f32> {
  let e = exp(-abs(t));
  return select(e / (vec4<f32>(1.0) + e), vec4<f32>(1.0) / (vec4<f32>(1.0) + e), t >= vec4<f32>(0.0));
}

// The epilogue of one output vec4 (row `row`, column group `j4`, batch `z`).
fn finish(acc: vec4<f32>, row: u32, j4: u32, z: u32) {
  let o = z * p.c_stride4 + row * p.ldc4 + j4;
  if (MODE == 1u) {
    let t = side[j4];
    var res: vec4<f32>;
    var loss: vec4<f32>;
    if (LOGISTIC) {
      let u = -t * acc;
      res = -t * sigmoid4(u) * p.inv_n;
      loss = select(softplus4(u) * p.inv_n, vec4<f32>(0.0), t == vec4<f32>(0.0));
    } else {
      let r = acc - t;
      res = r * p.inv_n;
      loss = 0.5 * r * r * p.inv_n;
    }
    C[o] = res;
    losses[o] = loss;
    return;
  }
  var g = acc + p.ridge * Yv[p.y_offset4 + row * p.ldy4 + j4];
  if (MODE == 0u) {
    g = g - side[z * p.cols4 + j4];
  }
  C[o] = g;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let z = wid.z;
  let j4 = wid.x * WORKGROUP_SIZE + li;
  let i0 = wid.y * ROWS;
  let live = j4 < p.cols4;
  let jj = select(0u, j4, live);
  let last = p.rows - 1u - i0;
  let r0 = p.a_offset + z * p.a_stride + i0 * p.lda;
  let r1 = r0 + min(1u, last) * p.lda;
  let r2 = r0 + min(2u, last) * p.lda;
  let r3 = r0 + min(3u, last) * p.lda;
  let r4 = r0 + min(4u, last) * p.lda;
  let r5 = r0 + min(5u, last) * p.lda;
  let r6 = r0 + min(6u, last) * p.lda;
  let r7 = r0 + min(7u, last) * p.lda;
  var c0 = vec4<f32>(0.0);
  var c1 = vec4<f32>(0.0);
  var c2 = vec4<f32>(0.0);
  var c3 = vec4<f32>(0.0);
  var c4 = vec4<f32>(0.0);
  var c5 = vec4<f32>(0.0);
  var c6 = vec4<f32>(0.0);
  var c7 = vec4<f32>(0.0);
  var bi = z * p.b_stride4 + jj;
  for (var k = 0u; k < p.depth; k++) {
    let b = B[bi];
    bi += p.ldb4;
    c0 = fma(vec4<f32>(A[r0 + k]), b, c0);
    c1 = fma(vec4<f32>(A[r1 + k]), b, c1);
    c2 = fma(vec4<f32>(A[r2 + k]), b, c2);
    c3 = fma(vec4<f32>(A[r3 + k]), b, c3);
    c4 = fma(vec4<f32>(A[r4 + k]), b, c4);
    c5 = fma(vec4<f32>(A[r5 + k]), b, c5);
    c6 = fma(vec4<f32>(A[r6 + k]), b, c6);
    c7 = fma(vec4<f32>(A[r7 + k]), b, c7);
  }
  if (!live) {
    return;
  }
  // One call site of the epilogue (a loop over the 8 rows), so it is inlined once.
  for (var r = 0u; r < ROWS; r++) {
    if (r > last) {
      break;
    }
    var acc = c0;
    switch r {
      case 1u: { acc = c1; }
      case 2u: { acc = c2; }
      case 3u: { acc = c3; }
      case 4u: { acc = c4; }
      case 5u: { acc = c5; }
      case 6u: { acc = c6; }
      case 7u: { acc = c7; }
      default: {}
    }
    finish(acc, i0 + r, j4, z);
  }
}

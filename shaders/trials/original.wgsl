// Whole-message protocols, one trial per invocation, fused with the reduction: `original` (Tandon et al. 2017,
// Ye & Abbe 2018), `tandon-partial` (private + coded messages) and `erasure` (ErasureHead). Workers arrive in
// order of their completion times; the completion time follows the round plan's stop rule, and the error curve
// streams the arrivals through the plan's curve decoder (the streaming forms of src/decoders):
//   least squares — bordered Cholesky of the Gram matrix of the received rows (src/decoders/gram-least-squares.ts),
//   graph         — union–find with 2-colourings (GraphUnionFind),
//   fixed / bibd  — uniform weight c(|S|) (UniformArrivals),
//   unbiased / erasure / ignore-stragglers — per-arrival weights (WeightedArrivals).
// CPU twins: src/protocols/original.ts, tandon-partial.ts, erasure.ts, src/decoders/streaming.ts.
//! include trials/common.wgsl
//! include trials/order-statistic.wgsl

// The round plan (src/protocols/round-plan.ts), one constant per plan field (src/trials/gpu/trial-tables.ts
// planConstants): protocol, stop rule, curve decoder, and whether the f32 final-set shortcut applies.
override PROTOCOL: u32 = 1u;
override STOP: u32 = 0u;
override CURVE: u32 = 0u;
override COMPLEMENT: bool = false;
// Floor of a Cholesky pivot of (G⁻¹)_FF (positive definite; the floor only guards f32 roundoff).
const MIN_PIVOT: f32 = 1.0e-30;

// ---- Least squares over a code view (the full code, or the coded part of a Tandon partial code).

struct CodeView {
  offsets: u32,
  chunks: u32,
  coef: u32,
  norm: u32,
  target_sum: u32,
  capacity: u32,
}

fn main_view() -> CodeView {
  return CodeView(params.i_offsets, params.i_chunks, params.f_coef, params.f_row_norm, params.f_row_target, params.ls_capacity);
}

fn sub_view() -> CodeView {
  return CodeView(params.i_sub_offsets, params.i_sub_chunks, params.f_sub_coef, params.f_sub_norm, params.f_sub_target, params.sub_capacity);
}

// State: rank in u_state + 0; accepted rows in u_rows; packed L in s_l; z_p in s_z (k·ℓ + p); captured ‖z_p‖² in
// s_z + capacity·ℓ + p; the dense scatter of the arriving row in s_dense (kept zero between arrivals).
fn ls_reset(view: CodeView, m: u32, l: u32) {
  u_set(params.u_state, 0u);
  for (var p = 0u; p < l; p++) {
    s_set(params.s_z + view.capacity * l + p, 0.0);
  }
  for (var q = 0u; q < m * l; q++) {
    s_set(params.s_dense + q, 0.0);
  }
}

fn ls_error(view: CodeView, m: u32, l: u32) -> f32 {
  var e = 0.0;
  for (var p = 0u; p < l; p++) {
    e = e + max(0.0, f32(m) - s_get(params.s_z + view.capacity * l + p));
  }
  return e;
}

fn ls_add(view: CodeView, l: u32, j: u32) {
  let norm = floats[view.norm + j];
  let k = u_get(params.u_state);
  if (norm == 0.0 || k >= view.capacity) {
    return;
  }
  let start = ints[view.offsets + j];
  let end = ints[view.offsets + j + 1u];
  for (var e = start; e < end; e++) {
    for (var p = 0u; p < l; p++) {
      s_set(params.s_dense + ints[view.chunks + e] * l + p, floats[view.coef + e * l + p]);
    }
  }
  // y = L⁻¹ (B_S b) by forward substitution, with the overlaps g_r = b_r · b from the sparse rows.
  var yy = 0.0;
  for (var r = 0u; r < k; r++) {
    let w = u_get(params.u_rows + r);
    var g = 0.0;
    for (var e = ints[view.offsets + w]; e < ints[view.offsets + w + 1u]; e++) {
      for (var p = 0u; p < l; p++) {
        g = g + floats[view.coef + e * l + p] * s_get(params.s_dense + ints[view.chunks + e] * l + p);
      }
    }
    let base = params.s_l + r * (r + 1u) / 2u;
    for (var c = 0u; c < r; c++) {
      g = g - s_get(base + c) * s_get(params.s_l + k * (k + 1u) / 2u + c);
    }
    let y = g / s_get(base + r);
    s_set(params.s_l + k * (k + 1u) / 2u + r, y);
    yy = yy + y * y;
  }
  for (var e = start; e < end; e++) {
    for (var p = 0u; p < l; p++) {
      s_set(params.s_dense + ints[view.chunks + e] * l + p, 0.0);
    }
  }
  let d = norm - yy;
  if (d <= params.rank_tol * norm) {
    return;
  }
  let diag = sqrt(d);
  let row = params.s_l + k * (k + 1u) / 2u;
  s_set(row + k, diag);
  for (var p = 0u; p < l; p++) {
    var s = floats[view.target_sum + j * l + p];
    for (var c = 0u; c < k; c++) {
      s = s - s_get(row + c) * s_get(params.s_z + c * l + p);
    }
    let z = s / diag;
    s_set(params.s_z + k * l + p, z);
    let captured = params.s_z + view.capacity * l + p;
    s_set(captured, s_get(captured) + z * z);
  }
  u_set(params.u_rows + k, j);
  u_set(params.u_state, k + 1u);
}

// The optimal error of the final survivor set from the missing workers F = u_arrivals[0 .. count) alone
// (src/protocols/complement-error.ts ComplementError.errorWithout):
//   Σ_p max(0, e_p + v_{p,F}ᵀ ((G⁻¹)_FF)⁻¹ v_{p,F}),
// with G⁻¹ (N × N), v (N × ℓ) and e (ℓ) at floats[f_complement ..]. The Cholesky factor of (G⁻¹)_FF is built in the
// packed slots of s_l (row a at a(a+1)/2), the forward substitution in s_z; neither is in use on this path.
fn complement_error(count: u32) -> f32 {
  let n = params.workers;
  let l = params.parts;
  let inverse = params.f_complement;
  let v = inverse + n * n;
  let full = v + n * l;
  for (var a = 0u; a < count; a++) {
    let row = inverse + u_get(params.u_arrivals + a) * n;
    let packed = params.s_l + a * (a + 1u) / 2u;
    for (var b = 0u; b <= a; b++) {
      s_set(packed + b, floats[row + u_get(params.u_arrivals + b)]);
    }
  }
  for (var c = 0u; c < count; c++) {
    let rc = params.s_l + c * (c + 1u) / 2u;
    var s = s_get(rc + c);
    for (var k = 0u; k < c; k++) {
      s = s - s_get(rc + k) * s_get(rc + k);
    }
    let diag = sqrt(max(s, MIN_PIVOT));
    s_set(rc + c, diag);
    for (var r = c + 1u; r < count; r++) {
      let rr = params.s_l + r * (r + 1u) / 2u;
      var t = s_get(rr + c);
      for (var k = 0u; k < c; k++) {
        t = t - s_get(rr + k) * s_get(rc + k);
      }
      s_set(rr + c, t / diag);
    }
  }
  var error = 0.0;
  for (var p = 0u; p < l; p++) {
    var q = 0.0;
    for (var a = 0u; a < count; a++) {
      let ra = params.s_l + a * (a + 1u) / 2u;
      var t = floats[v + u_get(params.u_arrivals + a) * l + p];
      for (var k = 0u; k < a; k++) {
        t = t - s_get(ra + k) * s_get(params.s_z + k);
      }
      let y = t / s_get(ra + a);
      s_set(params.s_z + a, y);
      q = q + y * y;
    }
    error = error + max(0.0, floats[full + p] + q);
  }
  return error;
}

// ---- The other streaming decoders of the error curve (ℓ = 1).

// Linear decoders keep α in s_alpha (m entries); the running error at s_alpha + m, and for the uniform ones
// Σa at s_alpha + m + 1; the arrival count in u_state + 1; covered flags in u_covered.
fn curve_reset() {
  let m = params.chunks;
  if (CURVE == CURVE_LEAST_SQUARES) {
    ls_reset(main_view(), m, params.parts);
    return;
  }
  if (CURVE == CURVE_GRAPH) {
    for (var v = 0u; v < m; v++) {
      u_set(params.u_parent + v, v);
      u_set(params.u_side0 + v, 1u);
      u_set(params.u_side1 + v, 0u);
      u_set(params.u_covered + v, 2u); // bit 0: parity to parent; bit 1: component is bipartite (roots)
    }
    s_set(params.s_alpha, f32(m));
    return;
  }
  for (var i = 0u; i < m; i++) {
    s_set(params.s_alpha + i, 0.0);
  }
  // Weighted decoders start from the error ‖0 − 1‖² = m; uniform ones from ‖a‖² = 0.
  s_set(params.s_alpha + m, select(f32(m), 0.0, CURVE == CURVE_FIXED || CURVE == CURVE_BIBD));
  s_set(params.s_alpha + m + 1u, 0.0);
  u_set(params.u_state + 1u, 0u);
  for (var c = 0u; c < params.curve_flags; c++) {
    u_set(params.u_covered + c, 0u);
  }
}

fn curve_error() -> f32 {
  let m = params.chunks;
  switch CURVE {
    case CURVE_LEAST_SQUARES: { return ls_error(main_view(), m, params.parts); }
    case CURVE_GRAPH: { return max(0.0, s_get(params.s_alpha)); }
    case CURVE_FIXED, CURVE_BIBD: {
      let count = u_get(params.u_state + 1u);
      if (count == 0u) {
        return f32(m);
      }
      var c: f32;
      if (CURVE == CURVE_FIXED) {
        c = f32(params.workers) / f32(count) * params.curve_a;
      } else {
        c = params.curve_a / (params.curve_a + params.curve_b * f32(count - 1u));
      }
      return max(0.0, c * c * s_get(params.s_alpha + m) - 2.0 * c * s_get(params.s_alpha + m + 1u) + f32(m));
    }
    default: { return max(0.0, s_get(params.s_alpha + m)); }
  }
}

// α += w·b_j with the running error ‖α − 1‖² (WeightedArrivals).
fn weighted_add(j: u32, w: f32) {
  let m = params.chunks;
  for (var e = ints[params.i_offsets + j]; e < ints[params.i_offsets + j + 1u]; e++) {
    let slot = params.s_alpha + ints[params.i_chunks + e];
    let before = s_get(slot) - 1.0;
    s_set(slot, s_get(slot) + w * floats[params.f_coef + e]);
    let after = s_get(slot) - 1.0;
    s_set(params.s_alpha + m, s_get(params.s_alpha + m) + after * after - before * before);
  }
}

// Union–find root of v with v's parity relative to it (GraphUnionFind.find).
fn graph_find(v0: u32) -> vec2<u32> {
  var v = v0;
  var parity = 0u;
  loop {
    let p = u_get(params.u_parent + v);
    if (p == v) {
      break;
    }
    parity = parity ^ (u_get(params.u_covered + v) & 1u);
    v = p;
  }
  return vec2<u32>(v, parity);
}

fn graph_contribution(root: u32) -> f32 {
  if ((u_get(params.u_covered + root) & 2u) == 0u) {
    return 0.0;
  }
  let a = f32(u_get(params.u_side0 + root));
  let b = f32(u_get(params.u_side1 + root));
  return (a - b) * (a - b) / (a + b);
}

fn graph_add(j: u32) {
  let fu = graph_find(ints[params.i_curve + 2u * j]);
  let fv = graph_find(ints[params.i_curve + 2u * j + 1u]);
  var err = s_get(params.s_alpha);
  if (fu.x == fv.x) {
    let flags = u_get(params.u_covered + fu.x);
    if (fu.y == fv.y && (flags & 2u) != 0u) {
      err = err - graph_contribution(fu.x);
      u_set(params.u_covered + fu.x, flags & 1u);
    }
    s_set(params.s_alpha, err);
    return;
  }
  err = err - graph_contribution(fu.x) - graph_contribution(fv.x);
  var a = fu.x;
  var b = fv.x;
  if (u_get(params.u_side0 + a) + u_get(params.u_side1 + a) < u_get(params.u_side0 + b) + u_get(params.u_side1 + b)) {
    a = fv.x;
    b = fu.x;
  }
  let flip = fu.y ^ fv.y ^ 1u;
  let bip = (u_get(params.u_covered + a) & u_get(params.u_covered + b)) & 2u;
  u_set(params.u_parent + b, a);
  u_set(params.u_covered + b, (u_get(params.u_covered + b) & 2u) | flip);
  if (flip != 0u) {
    u_set(params.u_side0 + a, u_get(params.u_side0 + a) + u_get(params.u_side1 + b));
    u_set(params.u_side1 + a, u_get(params.u_side1 + a) + u_get(params.u_side0 + b));
  } else {
    u_set(params.u_side0 + a, u_get(params.u_side0 + a) + u_get(params.u_side0 + b));
    u_set(params.u_side1 + a, u_get(params.u_side1 + a) + u_get(params.u_side1 + b));
  }
  u_set(params.u_covered + a, (u_get(params.u_covered + a) & 1u) | bip);
  s_set(params.s_alpha, err + graph_contribution(a));
}

fn curve_add(j: u32) {
  let m = params.chunks;
  switch CURVE {
    case CURVE_LEAST_SQUARES: { ls_add(main_view(), params.parts, j); }
    case CURVE_GRAPH: { graph_add(j); }
    case CURVE_FIXED, CURVE_BIBD: {
      for (var e = ints[params.i_offsets + j]; e < ints[params.i_offsets + j + 1u]; e++) {
        let slot = params.s_alpha + ints[params.i_chunks + e];
        let b = floats[params.f_coef + e];
        s_set(params.s_alpha + m, s_get(params.s_alpha + m) + 2.0 * s_get(slot) * b + b * b);
        s_set(slot, s_get(slot) + b);
        s_set(params.s_alpha + m + 1u, s_get(params.s_alpha + m + 1u) + b);
      }
      u_set(params.u_state + 1u, u_get(params.u_state + 1u) + 1u);
    }
    case CURVE_UNBIASED: { weighted_add(j, floats[params.f_curve + j]); }
    case CURVE_ERASURE: {
      let g = ints[params.i_curve + j];
      if (u_get(params.u_covered + g) == 0u) {
        u_set(params.u_covered + g, 1u);
        weighted_add(j, 1.0);
      }
    }
    case CURVE_IGNORE_STRAGGLERS: {
      // Keep j only if its support is disjoint from what is covered.
      let start = ints[params.i_offsets + j];
      let end = ints[params.i_offsets + j + 1u];
      for (var e = start; e < end; e++) {
        if (u_get(params.u_covered + ints[params.i_chunks + e]) != 0u) {
          return;
        }
      }
      for (var e = start; e < end; e++) {
        u_set(params.u_covered + ints[params.i_chunks + e], 1u);
      }
      weighted_add(j, 1.0);
    }
    default: {}
  }
}

// ---- Arrivals.

// The arrival order of the completion times in s_done (ascending, ties by worker index) into u_arrivals: insertion
// into the sorted prefix (stable).
fn sort_arrivals() {
  for (var j = 0u; j < params.workers; j++) {
    let d = s_get(params.s_done + j);
    var b = j;
    while (b > 0u && s_get(params.s_done + u_get(params.u_arrivals + b - 1u)) > d) {
      u_set(params.u_arrivals + b, u_get(params.u_arrivals + b - 1u));
      b = b - 1u;
    }
    u_set(params.u_arrivals + b, j);
  }
}

// Worker completion times into s_done (message 2 for tandon-partial; message 1 into s_message1) and, when `ordered`,
// the arrival order (ascending time, ties by worker index) into u_arrivals.
fn arrivals(tandon: bool, ordered: bool) {
  let n = params.workers;
  for (var j = 0u; j < n; j++) {
    let start = ints[params.i_offsets + j];
    let end = ints[params.i_offsets + j + 1u];
    var d = 0.0;
    var m1 = 0.0;
    if (tandon) {
      for (var e = start; e < end; e++) {
        let t = s_get(params.s_finish + e);
        if (ints[params.i_chunk_at + e] >= params.coded_offset) {
          d = max(d, t);
        } else {
          m1 = max(m1, t);
        }
      }
      s_set(params.s_message1 + j, m1);
    } else if (end > start) {
      d = s_get(params.s_finish + end - 1u);
    }
    s_set(params.s_done + j, d);
  }
  if (ordered) {
    sort_arrivals();
  }
}

fn arrival_time(a: u32) -> f32 {
  return s_get(params.s_done + u_get(params.u_arrivals + a));
}

// Time at which every replication group has an arrival (u_covered as scratch flags).
fn cover_time() -> f32 {
  for (var g = 0u; g < params.groups; g++) {
    u_set(params.u_covered + g, 0u);
  }
  var covered = 0u;
  for (var a = 0u; a < params.workers; a++) {
    let t = arrival_time(a);
    if (t >= NEVER) {
      break;
    }
    let g = ints[params.i_group + u_get(params.u_arrivals + a)];
    if (u_get(params.u_covered + g) == 0u) {
      u_set(params.u_covered + g, 1u);
      covered = covered + 1u;
      if (covered == params.groups) {
        return t;
      }
    }
  }
  return NEVER;
}

fn load_of(j: u32) -> f32 {
  return f32(ints[params.i_offsets + j + 1u] - ints[params.i_offsets + j]);
}

// ---- Protocols.

fn run_original(completion: ptr<function, f32>, used: ptr<function, f32>) {
  let n = params.workers;
  arrivals(false, false);
  // Final-set shortcut (src/protocols/original.ts): when no grid time falls before the last arrival, the least
  // squares needs only the final survivor set, whose error complement_error computes from the missing workers; above
  // the exactness threshold, the least-squares completion is NEVER without streaming an arrival.
  var final_error = -1.0;
  var survivors = n;
  if (COMPLEMENT && (STOP == STOP_LEAST_SQUARES || (CURVE == CURVE_LEAST_SQUARES && params.grid_len > 0u))) {
    var count = 0u;
    var last = 0.0;
    for (var j = 0u; j < n; j++) {
      let d = s_get(params.s_done + j);
      if (d >= NEVER) {
        u_set(params.u_arrivals + count, j);
        count = count + 1u;
      } else {
        last = max(last, d);
      }
    }
    survivors = n - count;
    if (2u * count <= n && (params.grid_len == 0u || arrived_by(last, floats[params.f_grid]))) {
      final_error = complement_error(count);
    }
    if (STOP == STOP_LEAST_SQUARES && !(final_error > params.exact_tol)) {
      final_error = -1.0;
    }
  }
  let resolved = final_error >= 0.0;
  let ls_resolved = STOP == STOP_LEAST_SQUARES && resolved;
  let curve_resolved = CURVE == CURVE_LEAST_SQUARES && params.grid_len > 0u && resolved;
  // The arrival order is needed by the groups and least-squares rules and by the error curve (unless resolved
  // above); an any-k completion alone is an order statistic.
  let ordered = STOP == STOP_GROUPS || (STOP == STOP_LEAST_SQUARES && !ls_resolved) ||
    (params.grid_len > 0u && !curve_resolved);
  if (ordered) {
    sort_arrivals();
  }
  let fused_curve = STOP == STOP_LEAST_SQUARES && CURVE == CURVE_LEAST_SQUARES && params.grid_len > 0u;
  var c = NEVER;
  if (curve_resolved) {
    // Every grid time is at or after the last arrival: the final set's error throughout (0 from k messages of an
    // any-k code, as in the streaming pass below).
    let exact = STOP == STOP_ANY_K && survivors >= params.stop_k;
    for (var g = 0u; g < params.grid_len; g++) {
      s_set(params.s_errors + g, select(final_error, 0.0, exact));
    }
  }
  if (STOP == STOP_ANY_K) {
    if (params.stop_k <= n) {
      if (ordered) {
        c = arrival_time(params.stop_k - 1u);
      } else {
        c = kth_done(params.stop_k);
      }
    }
  } else if (STOP == STOP_GROUPS) {
    c = cover_time();
  } else if (!ls_resolved) {
    ls_reset(main_view(), params.chunks, params.parts);
    // With the optimal decoder on the curve, the completion rule and the error curve stream the same arrivals, in
    // the same order, through the same decoder: one pass records both (each T sees exactly the state a separate
    // curve pass would), instead of factorising every arrival twice.
    var g = 0u;
    for (var a = 0u; a < n; a++) {
      let t = arrival_time(a);
      if (fused_curve) {
        while (g < params.grid_len && !arrived_by(t, floats[params.f_grid + g])) {
          s_set(params.s_errors + g, ls_error(main_view(), params.chunks, params.parts));
          g = g + 1u;
        }
        if (g == params.grid_len && c < NEVER) {
          break;
        }
      }
      if (t >= NEVER) {
        break;
      }
      ls_add(main_view(), params.parts, u_get(params.u_arrivals + a));
      if (c >= NEVER && ls_error(main_view(), params.chunks, params.parts) <= params.exact_tol) {
        c = t;
        if (!fused_curve) {
          break;
        }
      }
    }
    for (; g < params.grid_len; g++) {
      s_set(params.s_errors + g, ls_error(main_view(), params.chunks, params.parts));
    }
  }
  if (params.grid_len > 0u && !fused_curve && !curve_resolved) {
    curve_reset();
    var a = 0u;
    for (var g = 0u; g < params.grid_len; g++) {
      let T = floats[params.f_grid + g];
      while (a < n && arrived_by(arrival_time(a), T)) {
        curve_add(u_get(params.u_arrivals + a));
        a = a + 1u;
      }
      // An any-k code decodes exactly from k messages: the optimal error is 0 there by construction, whatever the
      // f32 roundoff of the Gram factorisation (src/protocols/original.ts does the same in f64).
      if (CURVE == CURVE_LEAST_SQUARES && STOP == STOP_ANY_K && a >= params.stop_k) {
        s_set(params.s_errors + g, 0.0);
      } else {
        s_set(params.s_errors + g, curve_error());
      }
    }
  }
  *completion = c;
  var u = 0.0;
  for (var j = 0u; j < n; j++) {
    if (s_get(params.s_done + j) <= c) {
      u = u + load_of(j);
    }
  }
  *used = u;
}

fn run_tandon(completion: ptr<function, f32>, used: ptr<function, f32>) {
  let n = params.workers;
  arrivals(true, true);
  var all_private = 0.0;
  for (var j = 0u; j < n; j++) {
    all_private = max(all_private, s_get(params.s_message1 + j));
  }
  let c = max(all_private, arrival_time(params.stop_k - 1u));
  if (params.grid_len > 0u) {
    let view = sub_view();
    let m = params.chunks - params.coded_offset;
    ls_reset(view, m, 1u);
    var a = 0u;
    for (var g = 0u; g < params.grid_len; g++) {
      let T = floats[params.f_grid + g];
      while (a < n && arrived_by(arrival_time(a), T)) {
        ls_add(view, 1u, u_get(params.u_arrivals + a));
        a = a + 1u;
      }
      var missing = 0.0;
      for (var j = 0u; j < n; j++) {
        if (!arrived_by(s_get(params.s_message1 + j), T)) {
          missing = missing + f32(ints[params.i_private + j]);
        }
      }
      s_set(params.s_errors + g, missing + ls_error(view, m, 1u));
    }
  }
  *completion = c;
  var u = 0.0;
  for (var j = 0u; j < n; j++) {
    let private_units = f32(ints[params.i_private + j]);
    if (s_get(params.s_message1 + j) <= c) {
      u = u + private_units;
    }
    if (s_get(params.s_done + j) <= c) {
      u = u + load_of(j) - private_units;
    }
  }
  *used = u;
}

fn run_erasure(completion: ptr<function, f32>, used: ptr<function, f32>, exact_at: ptr<function, f32>) {
  let n = params.workers;
  arrivals(false, true);
  let cover = cover_time();
  let stop = min(arrival_time(params.stop_k - 1u), cover);
  *exact_at = select(NEVER, cover, cover <= stop);
  if (CURVE != CURVE_NONE) {
    curve_reset();
    var a = 0u;
    for (var g = 0u; g < params.grid_len; g++) {
      let T = min(floats[params.f_grid + g], stop);
      while (a < n && arrived_by(arrival_time(a), T)) {
        curve_add(u_get(params.u_arrivals + a));
        a = a + 1u;
      }
      s_set(params.s_errors + g, curve_error());
    }
  }
  *completion = stop;
  // Used: the first arrival of each group by the stop time (u_covered reused as flags).
  for (var g = 0u; g < params.groups; g++) {
    u_set(params.u_covered + g, 0u);
  }
  var u = 0.0;
  for (var b = 0u; b < n; b++) {
    if (!arrived_by(arrival_time(b), stop)) {
      break;
    }
    let j = u_get(params.u_arrivals + b);
    let g = ints[params.i_group + j];
    if (u_get(params.u_covered + g) == 0u) {
      u_set(params.u_covered + g, 1u);
      u = u + load_of(j);
    }
  }
  *used = u;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) workgroup_id: vec3<u32>,
  @builtin(num_workgroups) num_workgroups: vec3<u32>,
  @builtin(local_invocation_index) local_index: u32,
) {
  let group = workgroup_linear_index(workgroup_id, num_workgroups);
  local_trial = group * WORKGROUP_SIZE + local_index;
  let live = local_trial < params.trials;
  // Every invocation runs a trial (past the batch: a repeat of its last trial, in its own scratch, not counted).
  let trial = params.trial_first + min(local_trial, params.trials - 1u);
  var completion = NEVER;
  var exact_at = NEVER;
  worker_factors(trial);
  finish_times(trial);
  var used = 0.0;
  if (PROTOCOL == PROTOCOL_TANDON_PARTIAL) {
    run_tandon(&completion, &used);
  } else if (PROTOCOL == PROTOCOL_ERASURE) {
    run_erasure(&completion, &used, &exact_at);
  } else {
    run_original(&completion, &used);
  }
  if (PROTOCOL != PROTOCOL_ERASURE) {
    exact_at = completion;
  }
  let done = computations_done(completion);
  let wasted = select(0.0, done - used, completion < NEVER);
  finish_trial(local_index, group, live, completion, exact_at, done, wasted);
}

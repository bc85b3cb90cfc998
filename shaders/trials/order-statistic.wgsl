// The k-th smallest worker completion time of a trial (the any-k stop rule's completion), shared by
// trials/original.wgsl and trials/original-k.wgsl. Needs common.wgsl's scratch accessors.

// The k-th smallest (1-based) completion time in s_done without sorting (src/protocols/order-statistic.ts): one pass
// with a max-heap of the h = min(k, n − k + 1) most extreme values (negated for the upper side), kept in u_arrivals
// as f32 bits.
fn kth_done(k: u32) -> f32 {
  let n = params.workers;
  let lower = k <= n - k + 1u;
  let h = select(n - k + 1u, k, lower);
  let sign = select(-1.0, 1.0, lower);
  var size = 0u;
  for (var j = 0u; j < n; j++) {
    let w = sign * s_get(params.s_done + j);
    if (size < h) {
      var i = size;
      size = size + 1u;
      while (i > 0u) {
        let parent = (i - 1u) / 2u;
        let pv = bitcast<f32>(u_get(params.u_arrivals + parent));
        if (pv >= w) {
          break;
        }
        u_set(params.u_arrivals + i, bitcast<u32>(pv));
        i = parent;
      }
      u_set(params.u_arrivals + i, bitcast<u32>(w));
    } else if (w < bitcast<f32>(u_get(params.u_arrivals))) {
      var i = 0u;
      loop {
        let l = 2u * i + 1u;
        if (l >= h) {
          break;
        }
        var c = l;
        var cv = bitcast<f32>(u_get(params.u_arrivals + l));
        if (l + 1u < h) {
          let rv = bitcast<f32>(u_get(params.u_arrivals + l + 1u));
          if (rv > cv) {
            c = l + 1u;
            cv = rv;
          }
        }
        if (cv <= w) {
          break;
        }
        u_set(params.u_arrivals + i, bitcast<u32>(cv));
        i = c;
      }
      u_set(params.u_arrivals + i, bitcast<u32>(w));
    }
  }
  return sign * bitcast<f32>(u_get(params.u_arrivals));
}

/**
 * Gram matrix of a row range of a row-major matrix: G = Σ_{r ∈ [from, to)} x_r x_rᵀ (d × d, row-major, both
 * triangles filled). The symmetric update touches only the lower triangle (n·d²/2 multiply–adds).
 */
export function gramOfRows(X: Float64Array, d: number, from: number, to: number, scale = 1): Float64Array {
  const G = new Float64Array(d * d);
  for (let r = from; r < to; r++) {
    const base = r * d;
    for (let i = 0; i < d; i++) {
      const xi = X[base + i];
      if (xi === 0) continue;
      const gi = i * d;
      for (let j = 0; j <= i; j++) G[gi + j] += xi * X[base + j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const v = G[i * d + j] * scale;
      G[i * d + j] = v;
      G[j * d + i] = v;
    }
  }
  return G;
}

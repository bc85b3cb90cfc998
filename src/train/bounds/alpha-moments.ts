import { fromRows } from '../../linalg/dense-matrix.js';
import { symmetricEigen } from '../../linalg/symmetric-eigen.js';
import { planWindow, type StragglerPlanSetup } from '../plan/decoding-plan.js';

/**
 * Moments of the decoder's coefficient vector α ∈ R^m under random stragglers, as Glasgow & Wootters' Prop. VI.1
 * needs them (core-gc.md §D.4): with c = E[α_i] averaged over i and the normalised β = α/c (so E[β] ≈ 1),
 *   r = (1/m)·E‖β − 1‖²,   s = ‖E[(β − 1)(β − 1)ᵀ]‖₂,
 * and `maxBias` = max_i |E[α_i]/c − 1| to check the assumption E[β] = 1 (exactly 0 for vertex-transitive graph
 * schemes and unbiased decoders). GCOD with step γ is then SGD-ALG with step γc (their Alg. 2/3 equivalence).
 */
export interface AlphaMoments {
  /** `exact`: all 2^N survivor sets weighted by their probability; `monte-carlo`: `samples` draws of the plan. */
  readonly method: 'exact' | 'monte-carlo';
  readonly samples: number;
  readonly c: number;
  readonly r: number;
  readonly s: number;
  readonly maxBias: number;
  /** E‖α − 1‖² (unnormalised coefficient-space error). */
  readonly meanError: number;
}

/** Accumulates weighted α samples. */
class MomentSum {
  readonly mean: Float64Array;
  readonly second: Float64Array;
  total = 0;
  error = 0;
  constructor(readonly m: number) {
    this.mean = new Float64Array(m);
    this.second = new Float64Array(m * m);
  }
  add(alpha: Float64Array, offset: number, weight: number): void {
    const { m } = this;
    this.total += weight;
    for (let i = 0; i < m; i++) {
      const a = alpha[offset + i];
      this.mean[i] += weight * a;
      this.error += weight * (a - 1) ** 2;
      for (let j = 0; j <= i; j++) this.second[i * m + j] += weight * a * alpha[offset + j];
    }
  }
  finish(method: AlphaMoments['method'], samples: number): AlphaMoments {
    const { m, total } = this;
    const mean = this.mean.map((v) => v / total);
    const c = mean.reduce((a, b) => a + b, 0) / m;
    // E[(β−1)(β−1)ᵀ] = E[ααᵀ]/c² − (E[α]1ᵀ + 1E[α]ᵀ)/c + 11ᵀ.
    const rows: number[][] = [];
    let trace = 0;
    for (let i = 0; i < m; i++) {
      const row: number[] = [];
      for (let j = 0; j < m; j++) {
        const second = (i >= j ? this.second[i * m + j] : this.second[j * m + i]) / total;
        row.push(second / (c * c) - (mean[i] + mean[j]) / c + 1);
      }
      trace += row[i];
      rows.push(row);
    }
    const s = m > 0 ? Math.max(0, symmetricEigen(fromRows(rows)).values[0]) : 0;
    let maxBias = 0;
    for (let i = 0; i < m; i++) maxBias = Math.max(maxBias, Math.abs(mean[i] / c - 1));
    return { method, samples, c, r: trace / m, s, maxBias, meanError: this.error / total };
  }
}

/**
 * Exact moments when the received set is the set of non-failed workers and workers fail independently with
 * probabilities p_j (the `all` wait policy under a failures-only model): every survivor mask S weighted by
 * Π_{j∈S}(1 − p_j) Π_{j∉S} p_j. `decode(mask)` returns α (length m) for a mask. 2^N decodes: N ≤ 20.
 */
export function exactAlphaMoments(
  N: number,
  m: number,
  p: ArrayLike<number>,
  decode: (survivors: Uint8Array) => Float64Array,
): AlphaMoments {
  if (N > 20) throw new RangeError(`exact α moments enumerate 2^N sets; N = ${N} is too large`);
  const sum = new MomentSum(m);
  const mask = new Uint8Array(N);
  for (let bits = 0; bits < 2 ** N; bits++) {
    let weight = 1;
    for (let j = 0; j < N; j++) {
      mask[j] = (bits >>> j) & 1;
      weight *= mask[j] ? 1 - p[j] : p[j];
    }
    if (weight === 0) continue;
    sum.add(decode(mask), 0, weight);
  }
  return sum.finish('exact', 2 ** N);
}

/**
 * Monte-Carlo moments from `samples` independent plan draws (one iteration each), at trial indices starting at
 * `setup.trialBase`, so they never reuse the draws of the runs.
 */
export function monteCarloAlphaMoments(setup: StragglerPlanSetup, m: number, samples: number): AlphaMoments {
  const sum = new MomentSum(m);
  const block = 4096;
  for (let first = 0; first < samples; first += block) {
    const n = Math.min(block, samples - first);
    const plan = planWindow({ ...setup, trialBase: (setup.trialBase ?? 0) + first }, 1, 0, 1, n, { weights: false });
    for (let r = 0; r < n; r++) sum.add(plan.alpha, r * m, 1);
  }
  return sum.finish('monte-carlo', samples);
}

import { requireInput } from '../../errors.js';
import type { Dataset } from './dataset.js';
import { philoxNormals, philoxUniforms } from './philox-fill.js';

/** Parameters of {@link gaussianLogistic}. */
export interface GaussianLogisticParams {
  readonly rows: number;
  readonly features: number;
  /** Separation α of the class means ±(α/d)β* (Tandon et al.'s code: 1.5). */
  readonly separation: number;
  readonly seed: number | bigint;
}

/** Philox parts of this generator. */
const PART = { beta: 0, component: 1, features: 2, labels: 3 } as const;

/**
 * The synthetic logistic-regression data of Tandon et al. (ICML 2017; `generate_data.py` / `util.py` of
 * rashisht1/gradient_coding, core-gc.md §A.8): β* ∈ {±1}^d with independent fair signs; each row comes from a
 * two-component Gaussian mixture with means ±(α/d)β* (α = 1.5) and covariance (10/√d)²·I; its label is
 * y = 2·Bernoulli(σ(xᵀβ*)) − 1. The reference code draws Binomial(n, ½) rows per component and concatenates them;
 * here each row picks its component by a fair coin, which has the same distribution up to row order.
 */
export function gaussianLogistic(params: GaussianLogisticParams): Dataset {
  const { rows: n, features: d, separation, seed } = params;
  requireInput(Number.isInteger(n) && n >= 1, 'dataset.rows', `must be a positive integer, got ${n}`);
  requireInput(Number.isInteger(d) && d >= 1, 'dataset.features', `must be a positive integer, got ${d}`);
  requireInput(Number.isFinite(separation), 'dataset.separation', `must be a number, got ${separation}`);
  const betaU = philoxUniforms(seed, PART.beta, d);
  const beta = Float64Array.from(betaU, (u) => (u < 0.5 ? -1 : 1));
  const component = philoxUniforms(seed, PART.component, n);
  const z = philoxNormals(seed, PART.features, n * d);
  const u = philoxUniforms(seed, PART.labels, n);
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  const spread = 10 / Math.sqrt(d);
  const shift = separation / d;
  for (let r = 0; r < n; r++) {
    const sign = component[r] < 0.5 ? 1 : -1;
    let dot = 0;
    for (let c = 0; c < d; c++) {
      const x = sign * shift * beta[c] + spread * z[r * d + c];
      X[r * d + c] = x;
      dot += x * beta[c];
    }
    y[r] = u[r] < 1 / (1 + Math.exp(-dot)) ? 1 : -1;
  }
  return {
    name: 'gaussian-logistic',
    task: 'classification',
    n,
    d,
    X,
    y,
    features: Array.from({ length: d }, (_, c) => `x${c}`),
    provenance: {
      source: 'Tandon, Lei, Dimakis & Karampatziakis, Gradient Coding (ICML 2017), synthetic data of the authors’ code',
      licence: 'generated data; no third-party terms',
      construction: `two-Gaussian mixture, means ±(${separation}/d)β*, sd 10/√d; y = 2·Bernoulli(σ(xᵀβ*)) − 1`,
      params: { rows: n, features: d, separation, seed: String(seed) },
    },
  };
}

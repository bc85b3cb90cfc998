import { Decimal } from 'decimal.js';
import { Stream } from '../rng/counters.js';
import { PhiloxStream } from '../rng/stream.js';

/**
 * Polynomial interpolation carried out in a chosen number of significant decimal digits (decimal.js, every operation
 * rounded half-even to that precision): the experiment behind Ramamoorthy et al.'s appendix figure (reconstruction
 * error of Lagrange interpolation against the number of decimal places, degree 20/25/30, 100 trials), and the decoding
 * step of Ye & Abbe's polynomial code (the PS recovers the top ℓ coefficients of a degree-D polynomial from D + 1
 * evaluations; codes/ye-abbe.ts solves the same Vandermonde system).
 */

/** Where the D + 1 interpolation nodes lie. */
export type NodeFamily = 'integer' | 'chebyshev';

/** Node j of D + 1 in `digits` digits: integers 1 … D + 1, or Chebyshev points cos((2j + 1)π / (2(D + 1))) on [−1, 1]. */
function node(D: Decimal.Constructor, family: NodeFamily, j: number, count: number): Decimal {
  if (family === 'integer') return new D(j + 1);
  const pi = D.acos(-1);
  return D.cos(pi.times(2 * j + 1).div(2 * count));
}

/** Lagrange weights of a node set: 1/Π_{k≠j}(x_j − x_k) and Σ_{k≠j} x_k, all in the constructor's precision. */
interface LagrangeWeights {
  readonly x: Decimal[];
  readonly inverse: Decimal[];
  readonly others: Decimal[];
}

function lagrangeWeights(D: Decimal.Constructor, family: NodeFamily, degree: number): LagrangeWeights {
  const count = degree + 1;
  const x = Array.from({ length: count }, (_, j) => node(D, family, j, count));
  const total = x.reduce((s, v) => s.plus(v), new D(0));
  const inverse = x.map((xj, j) => {
    let den = new D(1);
    for (let k = 0; k < count; k++) if (k !== j) den = den.times(xj.minus(x[k]));
    return new D(1).div(den);
  });
  return { x, inverse, others: x.map((xj) => total.minus(xj)) };
}

/**
 * A random degree-`degree` polynomial's coefficients (highest first), exact in decimal: c_e = u/1000 with u uniform
 * in {−1000 … 1000} from PhiloxStream(seed, construction stream, cell = degree, trial).
 */
export function randomPolynomial(degree: number, seed: number, trial: number): number[] {
  const stream = new PhiloxStream(seed, Stream.construction, degree, trial);
  return Array.from({ length: degree + 1 }, () => (stream.integer(2001) - 1000) / 1000);
}

/** The node families' and precisions' precomputed weights, for one degree. */
export class LagrangeDecoder {
  private readonly D: Decimal.Constructor;
  private readonly weights: LagrangeWeights;

  /** Nodes and Lagrange weights of degree `degree` computed in `digits` significant digits. */
  constructor(
    readonly family: NodeFamily,
    readonly degree: number,
    readonly digits: number,
  ) {
    this.D = Decimal.clone({ precision: digits, rounding: Decimal.ROUND_HALF_EVEN });
    this.weights = lagrangeWeights(this.D, family, degree);
  }

  /**
   * The top two coefficients (x^D and x^(D−1)) of the interpolant through the polynomial's values at the nodes, the
   * values and the interpolation both computed in `digits` digits (Horner, then the Lagrange form: c_D = Σ_j y_j w_j,
   * c_(D−1) = −Σ_j y_j w_j Σ_{k≠j} x_k with w_j = 1/Π_{k≠j}(x_j − x_k)).
   */
  topCoefficients(coefficients: readonly number[]): [Decimal, Decimal] {
    const { x, inverse, others } = this.weights;
    const D = this.D;
    let top = new D(0);
    let next = new D(0);
    for (let j = 0; j < x.length; j++) {
      let y = new D(0);
      for (const c of coefficients) y = y.times(x[j]).plus(c);
      const t = y.times(inverse[j]);
      top = top.plus(t);
      next = next.minus(t.times(others[j]));
    }
    return [top, next];
  }

  /**
   * Relative error ‖ĉ − c‖/‖c‖ of the two top coefficients (the gradient block sums of Ye–Abbe decoding with ℓ = 2),
   * evaluated in 60 digits against the exact coefficients; +∞ when the interpolation overflowed.
   */
  relativeError(coefficients: readonly number[]): number {
    const [top, next] = this.topCoefficients(coefficients);
    const E = Decimal.clone({ precision: 60 });
    const c0 = new E(coefficients[0]);
    const c1 = new E(coefficients[1]);
    const err = new E(top.toString()).minus(c0).pow(2).plus(new E(next.toString()).minus(c1).pow(2)).sqrt();
    const norm = c0.pow(2).plus(c1.pow(2)).sqrt();
    const r = err.div(norm).toNumber();
    return Number.isFinite(r) ? r : Number.POSITIVE_INFINITY;
  }
}

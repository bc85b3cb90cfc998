import type { GradientCode } from '../codes/types.js';
import { InputError } from '../errors.js';

/**
 * A decoder fed one worker message at a time, in arrival order, whose coefficient-space error ‖α − 1‖² can be read
 * after every arrival. This is how the trial engine evaluates a decoder over the whole T grid in one pass per trial
 * (both backends): the batch form of the same decoder gives the same error for the same received set.
 */
export interface ArrivalDecoder {
  reset(): void;
  add(j: number): void;
  error(): number;
}

/** Options of a streaming form's f64 twin. */
export interface StreamingOptions {
  /** Relative rank tolerance of the least-squares forms (a row with d ≤ tolerance·‖b‖² is dependent). */
  readonly rankTolerance: number;
}

/** Per-code data a WGSL curve decoder reads (shaders/trials/original.wgsl, uniform fields `i_curve` … `curve_flags`). */
export interface CurveTables {
  /** u32 table at `params.i_curve` (graph edges, replication groups). */
  readonly ints?: ArrayLike<number>;
  /** f32 table at `params.f_curve` (per-worker weights). */
  readonly floats?: ArrayLike<number>;
  /** Scalars `params.curve_a`, `params.curve_b`. */
  readonly a?: number;
  readonly b?: number;
  /** Per-trial flags (`u_covered`) the form clears on reset: covered chunks or groups. */
  readonly flags?: number;
}

/**
 * Per-trial scratch of a WGSL curve decoder: the Gram factorisation of the least squares, the union–find arrays of
 * the graph decoder, or α with running sums (linear decoders). src/trials/gpu/trial-scratch.ts sizes the slots.
 */
export type CurveScratch = 'least-squares' | 'union-find' | 'weights';

/** The WGSL twin of a streaming form: `curve_reset`, `curve_add` and `curve_error` in shaders/trials/original.wgsl. */
export interface GpuCurve {
  /**
   * The value of the `CURVE` override constant; the WGSL constant `CURVE_<KIND>` (src/trials/gpu/constants.ts
   * generates them from the registry). Unique per kind; 0 means no curve.
   */
  readonly code: number;
  readonly scratch: CurveScratch;
  /** The per-code data it reads. */
  tables(code: GradientCode): CurveTables;
}

/**
 * How the trial engine draws a decoder's error curve one arrival at a time: an f64 twin and its WGSL form. Decoders
 * sharing an algorithm share a form (optimal and exact: the streaming least squares).
 */
export interface StreamingForm {
  /** Name of the form (`least-squares`, `graph`, …): the WGSL constant is CURVE_ + its upper-snake-case. */
  readonly kind: string;
  /**
   * The streamed error is the optimal (least-squares) error of the received set, so an any-k code's error is 0 from
   * k arrivals (set by construction rather than left to roundoff, on both backends).
   */
  readonly optimal: boolean;
  /** The f64 twin for `code`. Throws an InputError when the form does not apply to the code. */
  create(code: GradientCode, options: StreamingOptions): ArrivalDecoder;
  readonly gpu: GpuCurve;
}

/**
 * Linear decoders whose weight for an arriving worker is fixed once it arrives (ErasureHead's first-per-group,
 * Song–Choi's 1/(1 − p_j), ignore-stragglers' greedy disjoint rule): α += w_j·b_j, and the error ‖α − 1‖² is
 * updated on the row's support in O(δ_j). The WGSL twin is `weighted_add` in shaders/trials/original.wgsl.
 */
export class WeightedArrivals implements ArrivalDecoder {
  private readonly alpha: Float64Array;
  private err = 0;

  constructor(
    private readonly code: GradientCode,
    /** Weight of worker j given the workers received before it (0 = ignore); called once per arrival. */
    private readonly weightOf: (j: number) => number,
    private readonly onReset: () => void = () => {},
  ) {
    if (code.parts !== 1) throw new InputError('decoder', 'linear arrival decoders need ℓ = 1');
    this.alpha = new Float64Array(code.m);
    this.reset();
  }

  reset(): void {
    this.alpha.fill(0);
    this.err = this.code.m;
    this.onReset();
  }

  add(j: number): void {
    const w = this.weightOf(j);
    if (w === 0) return;
    const { offsets, chunks, coefficients } = this.code;
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      const i = chunks[e];
      const before = this.alpha[i] - 1;
      this.alpha[i] += w * coefficients[e];
      const after = this.alpha[i] - 1;
      this.err += after * after - before * before;
    }
  }

  error(): number {
    return Math.max(0, this.err);
  }
}

/**
 * Uniform decoders (fixed n/(n − s), BIBD r/(r + λ(|S| − 1))): every received worker gets the same weight c(|S|).
 * With a = Σ_{j∈S} b_j, ‖c·a − 1‖² = c²‖a‖² − 2c·Σa + m, so ‖a‖² and Σa are kept incrementally in O(δ_j).
 */
export class UniformArrivals implements ArrivalDecoder {
  private readonly a: Float64Array;
  private sumSquares = 0;
  private sum = 0;
  private count = 0;

  constructor(
    private readonly code: GradientCode,
    /** Weight c given the number of received workers. */
    private readonly scale: (received: number) => number,
  ) {
    if (code.parts !== 1) throw new InputError('decoder', 'uniform arrival decoders need ℓ = 1');
    this.a = new Float64Array(code.m);
  }

  reset(): void {
    this.a.fill(0);
    this.sumSquares = 0;
    this.sum = 0;
    this.count = 0;
  }

  add(j: number): void {
    const { offsets, chunks, coefficients } = this.code;
    for (let e = offsets[j]; e < offsets[j + 1]; e++) {
      const i = chunks[e];
      const b = coefficients[e];
      this.sumSquares += 2 * this.a[i] * b + b * b;
      this.a[i] += b;
      this.sum += b;
    }
    this.count++;
  }

  error(): number {
    if (this.count === 0) return this.code.m;
    const c = this.scale(this.count);
    return Math.max(0, c * c * this.sumSquares - 2 * c * this.sum + this.code.m);
  }
}

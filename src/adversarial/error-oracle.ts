import type { GradientCode } from '../codes/types.js';
import { exactTolerance, survivorsFromStragglers, workerRow } from '../decoders/coefficient-space.js';
import { leastSquaresStream } from '../decoders/gram-least-squares.js';
import { getDecoder } from '../decoders/registry.js';
import type { Decoder } from '../decoders/types.js';
import { IncrementalProjector } from '../linalg/incremental-projector.js';

/** Options shared by the straggler-set searches and statistics. */
export interface ErrorOracleOptions {
  /** Decoder name (registry). Default `optimal`. */
  readonly decoder?: string;
  /** Per-worker straggling probabilities for the `unbiased` decoder. */
  readonly p?: ArrayLike<number>;
  /** Arrival order for order-sensitive decoders (default: by index). */
  readonly arrivalOrder?: ArrayLike<number>;
  /** Exactness tolerance on the squared error (default 1e-9 · m · ℓ). */
  readonly tolerance?: number;
}

/**
 * The decoding error ‖B_Sᵀw − 1‖² (summed over parts) of one decoder as a function of the survivor set. For the
 * least-squares decoders (`optimal`, `exact`) it runs the incremental projector over the survivors' rows instead
 * of a batch solve (same value, err*(S) = Σ_p ‖(I − P_S)u_p‖²), and {@link enumerateStragglerSets} shares
 * prefixes between sets; other decoders go through their `decode`.
 */
export class ErrorOracle {
  readonly decoder: Decoder;
  readonly tolerance: number;
  /** Whether the projector fast path applies (optimal / exact decoders). */
  readonly projected: boolean;
  /** Dense coefficient rows of every worker (N × m·ℓ), for the projector path. */
  readonly rows: Float64Array[];
  readonly projector: IncrementalProjector;
  evaluations = 0;

  constructor(
    readonly code: GradientCode,
    readonly options: ErrorOracleOptions = {},
  ) {
    this.decoder = getDecoder(options.decoder ?? 'optimal');
    this.decoder.check(code, { survivors: new Uint8Array(code.N), p: options.p });
    this.tolerance = exactTolerance(code, { survivors: new Uint8Array(code.N), tolerance: options.tolerance });
    this.projected = this.decoder.stream === leastSquaresStream;
    this.rows = this.projected
      ? Array.from({ length: code.N }, (_, j) => workerRow(code, j, new Float64Array(code.m * code.parts)))
      : [];
    this.projector = new IncrementalProjector(code.m, code.parts);
  }

  get name(): string {
    return this.decoder.name;
  }

  /** Error for a survivor mask. */
  error(survivors: Uint8Array): number {
    this.evaluations++;
    if (this.projected) {
      this.projector.reset();
      for (let j = 0; j < this.code.N; j++) if (survivors[j] !== 0) this.projector.add(this.rows[j]);
      return this.finishProjected(this.projector.error);
    }
    return this.decoder.decode(this.code, {
      survivors,
      p: this.options.p,
      arrivalOrder: this.options.arrivalOrder,
      tolerance: this.options.tolerance,
    }).error;
  }

  /** Error for a straggler list. */
  errorOfStragglers(stragglers: ArrayLike<number>): number {
    return this.error(survivorsFromStragglers(this.code.N, stragglers));
  }

  /**
   * For every survivor j: the error after j also straggles. With the projector this is a divide-and-conquer
   * leave-one-out walk (each half's rows are added while the other half is solved), O(|S| log |S|) row additions
   * instead of |S|².
   */
  removalErrors(survivors: Uint8Array, visit: (j: number, error: number) => void): void {
    const list: number[] = [];
    for (let j = 0; j < this.code.N; j++) if (survivors[j] !== 0) list.push(j);
    if (!this.projected) {
      const mask = survivors.slice();
      for (const j of list) {
        mask[j] = 0;
        visit(j, this.error(mask));
        mask[j] = 1;
      }
      return;
    }
    this.projector.reset();
    this.leaveOneOut(list, 0, list.length, (j) => visit(j, this.finishProjected(this.projector.error)));
  }

  /**
   * For every straggler t and survivor u: the error when t recovers and u straggles instead (one swap move).
   * With the projector: leave-one-out over the survivors, then each straggler's row is added and rewound.
   */
  swapErrors(survivors: Uint8Array, visit: (t: number, u: number, error: number) => void): void {
    const alive: number[] = [];
    const dead: number[] = [];
    for (let j = 0; j < this.code.N; j++) (survivors[j] !== 0 ? alive : dead).push(j);
    if (!this.projected) {
      const mask = survivors.slice();
      for (const t of dead) {
        for (const u of alive) {
          mask[t] = 1;
          mask[u] = 0;
          visit(t, u, this.error(mask));
          mask[t] = 0;
          mask[u] = 1;
        }
      }
      return;
    }
    this.projector.reset();
    this.leaveOneOut(alive, 0, alive.length, (u) => {
      for (const t of dead) {
        const mark = this.projector.mark();
        this.projector.add(this.rows[t]);
        this.evaluations++;
        visit(t, u, this.finishProjected(this.projector.error));
        this.projector.rewind(mark);
      }
    });
  }

  /** Calls `atLeaf(list[k])` with the projector holding every row of list[lo..hi) except list[k] (plus the caller's). */
  private leaveOneOut(list: number[], lo: number, hi: number, atLeaf: (j: number) => void): void {
    if (hi - lo === 0) return;
    if (hi - lo === 1) {
      this.evaluations++;
      atLeaf(list[lo]);
      return;
    }
    const mid = (lo + hi) >> 1;
    let mark = this.projector.mark();
    for (let k = mid; k < hi; k++) this.projector.add(this.rows[list[k]]);
    this.leaveOneOut(list, lo, mid, atLeaf);
    this.projector.rewind(mark);
    mark = this.projector.mark();
    for (let k = lo; k < mid; k++) this.projector.add(this.rows[list[k]]);
    this.leaveOneOut(list, mid, hi, atLeaf);
    this.projector.rewind(mark);
  }

  /** An all-or-nothing decoder (`exact`) reports m·ℓ (nothing decoded) when the residual is above tolerance. */
  finishProjected(residual: number): number {
    if (this.decoder.allOrNothing && residual > this.tolerance) return this.code.m * this.code.parts;
    return residual;
  }
}

/**
 * Visits every straggler set of size s (lexicographic) with its decoding error. With a least-squares decoder this
 * is a depth-first walk over workers that adds each survivor's row to the incremental projector once per tree
 * node and rewinds on the way back, so sets sharing a prefix share the work: C(20,4) = 4845 sets of a 20-worker code
 * cost about C(21,5) row additions instead of 4845 factorisations. The straggler array passed to `visit` is reused.
 * Returns the number of sets.
 */
export function enumerateStragglerSets(
  oracle: ErrorOracle,
  s: number,
  visit: (stragglers: Int32Array, error: number) => void,
): number {
  const N = oracle.code.N;
  if (s < 0 || s > N) return 0;
  const stragglers = new Int32Array(s);
  let count = 0;
  if (!oracle.projected) {
    const mask = new Uint8Array(N);
    const stack = Int32Array.from({ length: s }, (_, i) => i);
    for (;;) {
      mask.fill(1);
      for (let k = 0; k < s; k++) mask[stack[k]] = 0;
      stragglers.set(stack);
      visit(stragglers, oracle.error(mask));
      count++;
      let i = s - 1;
      while (i >= 0 && stack[i] === N - s + i) i--;
      if (i < 0) return count;
      stack[i]++;
      for (let t = i + 1; t < s; t++) stack[t] = stack[t - 1] + 1;
    }
  }
  const projector = oracle.projector;
  projector.reset();
  let placed = 0;
  const walk = (j: number): void => {
    if (j === N) {
      oracle.evaluations++;
      visit(stragglers, oracle.finishProjected(projector.error));
      count++;
      return;
    }
    if (placed < s) {
      stragglers[placed++] = j;
      walk(j + 1);
      placed--;
    }
    if (N - j - 1 >= s - placed) {
      const mark = projector.mark();
      projector.add(oracle.rows[j]);
      walk(j + 1);
      projector.rewind(mark);
    }
  };
  walk(0);
  return count;
}

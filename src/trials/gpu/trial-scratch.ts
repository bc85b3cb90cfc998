import type { CurveScratch } from '../../decoders/streaming.js';
import type { RoundPlan } from '../../protocols/round-plan.js';

/**
 * What sizes a cell's per-trial scratch in the trial kernels: the round plan rendered for the GPU (protocol, curve
 * decoder, least squares) and the code's dimensions.
 */
export interface ScratchShape {
  readonly protocol: RoundPlan['protocol'];
  /**
   * Which kernel of the protocol runs: the general one, or `order-statistic` (shaders/trials/original-k.wgsl: the
   * any-k rule without an error curve, which keeps each worker's total time, not its finishing times).
   */
  readonly kernel: 'general' | 'order-statistic';
  readonly workers: number;
  readonly chunks: number;
  /** Entries of the code (Σ_j δ_j). */
  readonly nnz: number;
  /** T grid points. */
  readonly grid: number;
  /** ℓ of the plan (the `partial` protocol's results per chunk). */
  readonly parts: number;
  /** Scratch of the error curve's WGSL decoder, or null without a curve. */
  readonly curve: CurveScratch | null;
  /**
   * The streaming Gram least squares (`ls_*` in shaders/trials/original.wgsl, and `complement_error` in its slots):
   * rank capacity, parts and dense row width; null when the kernel runs none.
   */
  readonly leastSquares: { readonly capacity: number; readonly parts: number; readonly width: number } | null;
  /** Replication groups of the stop rule (`cover_time` flags), else 0. */
  readonly groups: number;
  /** Flags the curve decoder clears on reset (CurveTables.flags), else 0. */
  readonly curveFlags: number;
}

type SlotSize = (s: ScratchShape) => number;

const whole = (s: ScratchShape) => s.protocol !== 'partial';
const linearOrGraph = (s: ScratchShape) => s.curve === 'weights' || s.curve === 'union-find';
const triangle = (n: number) => (n * (n + 1)) / 2;

/**
 * Every f32 scratch slot of the trial kernels and its size per trial (0: the kernel configuration never touches it),
 * in layout order. This table is the TypeScript half of the slot contract; shaders/trials/*.wgsl is the other, and
 * test/trials/trial-scratch.gpu.test.ts runs every kernel configuration in the checked build
 * (shaders/trials/checked/), which counts any access outside the allocated slots (an unused slot's offset is
 * {@link UNUSED_SLOT}).
 */
export const FLOAT_SLOTS = {
  /** Error at each grid point, until the reduction. */
  s_errors: (s) => s.grid,
  /** Finishing times F_j(k), position-major. */
  s_finish: (s) => (s.kernel === 'general' ? s.nnz : 0),
  /** Worker factors f_j. */
  s_factor: (s) => s.workers,
  /** `partial`: the ℓ smallest finishing times of every chunk. */
  s_best: (s) => (s.protocol === 'partial' ? s.chunks * s.parts : 0),
  /** Whole-message protocols: completion times D_j (tandon-partial: message 2). */
  s_done: (s) => (whole(s) ? s.workers : 0),
  /** `tandon-partial`: message-1 times. */
  s_message1: (s) => (s.protocol === 'tandon-partial' ? s.workers : 0),
  /** Packed Cholesky factor L of the least squares (and of (G⁻¹)_FF in `complement_error`). */
  s_l: (s) => (s.leastSquares ? triangle(s.leastSquares.capacity) : 0),
  /** z_p per accepted row, then the captured ‖z_p‖² per part. */
  s_z: (s) => (s.leastSquares ? (s.leastSquares.capacity + 1) * s.leastSquares.parts : 0),
  /** The dense scatter of an arriving row. */
  s_dense: (s) => (s.leastSquares ? s.leastSquares.width : 0),
  /** Linear curve decoders: α, the running error, Σa; union–find: the running error. */
  s_alpha: (s) => (linearOrGraph(s) ? s.chunks + 2 : 0),
} satisfies Record<string, SlotSize>;

/** Every u32 scratch slot of the trial kernels and its size per trial, in layout order (see {@link FLOAT_SLOTS}). */
export const UINT_SLOTS = {
  /** Subset flags of the straggler model (sample_subset). */
  u_flags: (s) => s.workers,
  /** The arrival order (and the k-th-arrival heap, the missing workers of `complement_error`). */
  u_arrivals: (s) => (whole(s) ? s.workers : 0),
  /** Rows accepted by the least squares. */
  u_rows: (s) => (s.leastSquares ? s.leastSquares.capacity : 0),
  /** Least-squares rank, curve arrival count. */
  u_state: () => 2,
  /** Union–find parents and side counts. */
  u_parent: (s) => (s.curve === 'union-find' ? s.chunks : 0),
  u_side0: (s) => (s.curve === 'union-find' ? s.chunks : 0),
  u_side1: (s) => (s.curve === 'union-find' ? s.chunks : 0),
  /** Covered flags: groups (cover_time), the curve decoder's flags, union–find parity and bipartite bits. */
  u_covered: (s) => (whole(s) && s.kernel === 'general' ? Math.max(s.chunks, s.groups, s.curveFlags, 1) : 0),
} satisfies Record<string, SlotSize>;

export type FloatSlot = keyof typeof FLOAT_SLOTS;
export type UintSlot = keyof typeof UINT_SLOTS;

/**
 * The offset of a slot the configuration does not use: far beyond any allocation, so an access to it is out of range
 * (and counted by the checked build) instead of aliasing another slot.
 */
export const UNUSED_SLOT = 0x40000000;

/** The per-trial scratch layout of a cell: slot offsets and the slot counts per trial. */
export interface ScratchLayout {
  readonly offsets: Readonly<Record<FloatSlot | UintSlot, number>>;
  /** f32 slots per trial (≥ 1). */
  readonly floatSlots: number;
  /** u32 slots per trial (≥ 1). */
  readonly uintSlots: number;
}

/**
 * Lays out the slots of `shape` in table order; `tables` substitutes other slot tables (a test shows that a slot
 * missing from the TypeScript side is caught).
 */
export function scratchLayout(
  shape: ScratchShape,
  tables: { floats: Record<FloatSlot, SlotSize>; uints: Record<UintSlot, SlotSize> } = {
    floats: FLOAT_SLOTS,
    uints: UINT_SLOTS,
  },
): ScratchLayout {
  const offsets = {} as Record<FloatSlot | UintSlot, number>;
  const place = (table: Record<string, SlotSize>): number => {
    let at = 0;
    for (const [name, size] of Object.entries(table)) {
      const n = size(shape);
      offsets[name as FloatSlot | UintSlot] = n > 0 ? at : UNUSED_SLOT;
      at += n;
    }
    return Math.max(1, at);
  };
  const floatSlots = place(tables.floats);
  const uintSlots = place(tables.uints);
  return { offsets, floatSlots, uintSlots };
}

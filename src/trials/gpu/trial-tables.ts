import type { GradientCode } from '../../codes/types.js';
import { replicationGroups } from '../../decoders/erasure.js';
import { graphStructure } from '../../decoders/graph-optimal.js';
import { stragglingProbabilities } from '../../decoders/unbiased.js';
import { ComplementLeastSquares } from '../../protocols/complement-least-squares.js';
import { tandonParts } from '../../protocols/tandon-partial.js';
import { seedKey } from '../../rng/counters.js';
import type { TrialCell } from '../cell.js';
import { CurveDecoderCode, FixedSetCode, NEVER, ProtocolCode, RecoveryCode, SlowCode, SpeedCode } from './constants.js';
import type { TrialParams } from './trial-layout.js';

type ParamValues = Parameters<typeof TrialParams.write>[0];

/** Relative rank tolerance of the f32 Gram decoder on the GPU (d ≤ tol·‖b‖² ⇒ dependent row). */
export const GPU_RANK_TOLERANCE = 1e-4;
/** Exactness threshold relative to ‖1‖² = m·ℓ for f32 decoding on the GPU. */
export const GPU_EXACT_TOLERANCE = 1e-4;

/**
 * The f32 kernel takes the final-set shortcut (ComplementLeastSquares) only where every pivot its streaming Gram
 * decoder could meet clears its rank tolerance by this factor, so that both reach the same full-rank answer.
 */
const GPU_COMPLEMENT_PIVOT_MARGIN = 10;

/**
 * Everything about a cell the trial kernels need that does not change between batches: the packed `ints` and
 * `floats` tables, the uniform fields that describe them, and the per-trial scratch layout (slot counts).
 */
export interface TrialTables {
  readonly ints: Uint32Array;
  readonly floats: Float32Array;
  /** Uniform fields fixed for the cell (batch fields are filled by the encoder). */
  readonly fields: Omit<
    ParamValues,
    'trial_first' | 'trials' | 'float_slots' | 'uint_slots' | 'hist_lo' | 'hist_hi' | 'hist_bins' | 'keep_raw'
  >;
  /** f32 scratch slots per trial. */
  readonly floatSlots: number;
  /** u32 scratch slots per trial. */
  readonly uintSlots: number;
  /** Pipeline-override selectors (model features and protocol branches compiled into the pipeline). */
  readonly constants: Readonly<Record<string, number>>;
  /** Shader file of the protocol. */
  readonly shader: 'trials/partial.wgsl' | 'trials/original.wgsl';
  /** Statistics per trial: completion, done, wasted, one error per grid point. */
  readonly stats: number;
}

const tableCache = new WeakMap<TrialCell, TrialTables>();

/** Converts +∞ (and anything at or above the sentinel) to the f32 "never" sentinel. */
function f32Time(x: number): number {
  return Math.min(x, NEVER);
}

/** Appends typed data to a growing list and returns its offset. */
class Packer {
  private readonly values: number[] = [];
  push(data: ArrayLike<number>): number {
    const offset = this.values.length;
    for (let i = 0; i < data.length; i++) this.values.push(data[i]);
    return offset;
  }
  get length(): number {
    return this.values.length;
  }
  toUint32(): Uint32Array {
    return Uint32Array.from(this.values.length ? this.values : [0]);
  }
  toFloat32(): Float32Array {
    return Float32Array.from(this.values.length ? this.values : [0]);
  }
}

/** Per-worker ‖b_j‖² and u_p·b_j of a code (the Gram decoder's row norms and targets). */
function rowSums(code: GradientCode): { norms: Float64Array; targets: Float64Array } {
  const l = code.parts;
  const norms = new Float64Array(code.N);
  const targets = new Float64Array(code.N * l);
  for (let j = 0; j < code.N; j++) {
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
      for (let p = 0; p < l; p++) {
        const c = code.coefficients[e * l + p];
        norms[j] += c * c;
        targets[j * l + p] += c;
      }
    }
  }
  return { norms, targets };
}

/** The GPU curve decoder for an `original` cell's decoder name. */
function curveCode(code: GradientCode, decoder: string): number {
  switch (decoder) {
    case 'graph':
      return CurveDecoderCode.graph;
    case 'fixed':
      return CurveDecoderCode.fixed;
    case 'bibd':
      return CurveDecoderCode.bibd;
    case 'unbiased':
      return CurveDecoderCode.unbiased;
    case 'erasure':
      return CurveDecoderCode.erasure;
    case 'ignore-stragglers':
      return CurveDecoderCode.ignoreStragglers;
    default:
      return code.parts >= 1 ? CurveDecoderCode.leastSquares : CurveDecoderCode.none;
  }
}

/** Builds (and caches per cell object) the kernel tables of a cell. */
export function trialTables(cell: TrialCell): TrialTables {
  const cached = tableCache.get(cell);
  if (cached) return cached;
  const { schedule, stragglers: model, protocol, grid } = cell;
  const { code } = schedule;
  const N = code.N;
  const m = code.m;
  const ints = new Packer();
  const floats = new Packer();

  const i_offsets = ints.push(code.offsets);
  const i_chunk_at = ints.push(schedule.chunkAt);
  const i_chunks = ints.push(code.chunks);
  const f_coef = floats.push(code.coefficients);
  const f_grid = floats.push(Array.from(grid, f32Time));
  const f_speed = model.speed.kind === 'list' ? floats.push(model.speed.values) : 0;
  const f_trace = model.trace ? floats.push(Array.from(model.trace.times, f32Time)) : 0;
  const i_fixed_mask = model.fixedSet?.mode === 'mask' ? ints.push(model.fixedSet.mask) : 0;
  const i_failure = model.failureThresholds
    ? ints.push(Array.from(model.failureThresholds).flatMap((t) => (t >= 4294967296 ? [0, 1] : [t, 0])))
    : 0;

  const parts = protocol.kind === 'partial' ? protocol.parts : code.parts;
  let curve: number = CurveDecoderCode.none;
  let groups = 0;
  let i_group = 0;
  let i_edges = 0;
  let i_private = 0;
  let i_sub_offsets = 0;
  let i_sub_chunks = 0;
  let f_sub_coef = 0;
  let f_sub_norm = 0;
  let f_sub_target = 0;
  let f_weight = 0;
  let coded_offset = 0;
  let sub_k = 0;
  let sub_capacity = 0;
  let fixed_scale = 0;
  let bibd_r = 0;
  let bibd_lambda = 0;
  const { norms, targets } = rowSums(code);
  const f_row_norm = floats.push(norms);
  const f_row_target = floats.push(targets);
  const ls_capacity = Math.min(N, m * code.parts);

  if (protocol.kind === 'original' || protocol.kind === 'erasure') {
    if (code.recovery.kind === 'groups') {
      groups = code.recovery.groups;
      i_group = ints.push(code.recovery.group);
    }
  }
  if (protocol.kind === 'original' && grid.length > 0) {
    curve = curveCode(code, protocol.decoder);
    if (curve === CurveDecoderCode.graph) {
      const g = graphStructure(code);
      const edges = new Int32Array(2 * N);
      for (let j = 0; j < N; j++) {
        edges[2 * j] = g.from[j];
        edges[2 * j + 1] = g.to[j];
      }
      i_edges = ints.push(edges);
    } else if (curve === CurveDecoderCode.fixed) {
      let total = 0;
      for (const c of code.coefficients) total += c;
      fixed_scale = m / total;
    } else if (curve === CurveDecoderCode.bibd) {
      const extra = code.meta.extra as { r: number; lambda: number };
      bibd_r = extra.r;
      bibd_lambda = extra.lambda;
    } else if (curve === CurveDecoderCode.unbiased) {
      const p = stragglingProbabilities(code);
      f_weight = floats.push(Array.from(p, (x) => 1 / (1 - x)));
    } else if (curve === CurveDecoderCode.erasure && groups === 0) {
      const group = replicationGroups(code);
      groups = Math.max(...group) + 1;
      i_group = ints.push(group);
    }
  }
  if (protocol.kind === 'erasure') {
    curve = CurveDecoderCode.erasure;
    if (groups === 0) {
      const group = replicationGroups(code);
      groups = Math.max(...group) + 1;
      i_group = ints.push(group);
    }
  }
  if (protocol.kind === 'tandon-partial') {
    const tp = tandonParts(code);
    coded_offset = tp.codedChunkOffset;
    sub_k = tp.k;
    i_private = ints.push(tp.privateCount);
    i_sub_offsets = ints.push(tp.coded.offsets);
    i_sub_chunks = ints.push(tp.coded.chunks);
    f_sub_coef = floats.push(tp.coded.coefficients);
    const sums = rowSums(tp.coded);
    f_sub_norm = floats.push(sums.norms);
    f_sub_target = floats.push(sums.targets);
    sub_capacity = Math.min(N, tp.coded.m);
  }

  // The final-set shortcut of the `original` protocol's least squares: G⁻¹ (N × N), v (N × ℓ), the full-set error (ℓ).
  let complement = 0;
  let f_complement = 0;
  const leastSquaresUsed =
    code.recovery.kind === 'least-squares' || (grid.length > 0 && curve === CurveDecoderCode.leastSquares);
  if (protocol.kind === 'original' && leastSquaresUsed) {
    const form = ComplementLeastSquares.forCode(code);
    if (form && form.smallestPivot >= GPU_COMPLEMENT_PIVOT_MARGIN * GPU_RANK_TOLERANCE) {
      complement = 1;
      f_complement = floats.push(form.inverse);
      floats.push(form.v);
      floats.push(form.fullError);
    }
  }

  // Per-trial scratch layout (f32 slots, then u32 slots).
  let fs = 0;
  const fslot = (n: number) => {
    const at = fs;
    fs += n;
    return at;
  };
  let us = 0;
  const uslot = (n: number) => {
    const at = us;
    us += n;
    return at;
  };
  const s_errors = fslot(grid.length);
  const s_finish = fslot(code.chunks.length);
  const s_factor = fslot(N);
  const s_best = protocol.kind === 'partial' ? fslot(m * parts) : 0;
  const whole = protocol.kind !== 'partial';
  const s_done = whole ? fslot(N) : 0;
  const s_message1 = protocol.kind === 'tandon-partial' ? fslot(N) : 0;
  const needsLs =
    (protocol.kind === 'original' &&
      (code.recovery.kind === 'least-squares' || curve === CurveDecoderCode.leastSquares)) ||
    (protocol.kind === 'tandon-partial' && grid.length > 0);
  const capacity = protocol.kind === 'tandon-partial' ? sub_capacity : ls_capacity;
  const lsParts = protocol.kind === 'tandon-partial' ? 1 : code.parts;
  const lsDim = protocol.kind === 'tandon-partial' ? m - coded_offset : m * code.parts;
  const s_l = needsLs ? fslot((capacity * (capacity + 1)) / 2) : 0;
  const s_z = needsLs ? fslot(capacity * lsParts + lsParts) : 0;
  const s_dense = needsLs ? fslot(lsDim) : 0;
  const linear = curve !== CurveDecoderCode.none && curve !== CurveDecoderCode.leastSquares;
  const s_alpha = linear ? fslot(m + 2) : 0;

  const u_flags = uslot(N);
  const u_arrivals = whole ? uslot(N) : 0;
  const u_rows = needsLs ? uslot(capacity) : 0;
  const u_state = uslot(2);
  const graph = curve === CurveDecoderCode.graph;
  const u_parent = graph ? uslot(m) : 0;
  const u_side0 = graph ? uslot(m) : 0;
  const u_side1 = graph ? uslot(m) : 0;
  const u_covered = whole ? uslot(Math.max(m, groups, 1)) : 0;

  const [k0, k1] = seedKey(cell.seed);
  const slow = model.slow;
  const fixed = model.fixedSet;
  const tables: TrialTables = {
    ints: ints.toUint32(),
    floats: floats.toFloat32(),
    floatSlots: Math.max(1, fs),
    uintSlots: Math.max(1, us),
    shader: protocol.kind === 'partial' ? 'trials/partial.wgsl' : 'trials/original.wgsl',
    constants: {
      CHUNK_DIST: model.chunkTime.code,
      SPEED_KIND: SpeedCode[model.speed.kind],
      SLOW_MODE: slow ? SlowCode[slow.mode] : SlowCode.none,
      FIXED_MODE: fixed ? FixedSetCode[fixed.mode] : FixedSetCode.none,
      BURSTY: model.bursty ? 1 : 0,
      FAILURES: model.failureThresholds ? 1 : 0,
      TRACE: model.trace ? 1 : 0,
      ...(protocol.kind === 'partial'
        ? {}
        : {
            PROTOCOL: ProtocolCode[protocol.kind],
            RECOVERY: RecoveryCode[code.recovery.kind],
            CURVE: curve,
            COMPLEMENT: complement,
          }),
    },
    stats: 3 + grid.length,
    fields: {
      key: [k0, k1],
      cell: cell.index >>> 0,
      workers: N,
      chunks: m,
      parts,
      nnz: code.chunks.length,
      grid_len: grid.length,
      stats: 3 + grid.length,
      i_offsets,
      i_chunk_at,
      i_chunks,
      i_group,
      i_fixed_mask,
      i_failure,
      i_edges,
      i_private,
      i_sub_offsets,
      i_sub_chunks,
      f_coef,
      f_speed,
      f_trace,
      f_grid,
      f_row_norm,
      f_row_target,
      f_weight,
      f_sub_coef,
      f_sub_norm,
      f_sub_target,
      f_complement,
      chunk_dist: model.chunkTime.code,
      chunk_a: model.chunkTime.a,
      chunk_b: model.chunkTime.b,
      speed_kind: SpeedCode[model.speed.kind],
      speed_dist: model.speed.kind === 'dist' ? model.speed.code : 0,
      speed_a: model.speed.kind === 'dist' ? model.speed.a : 0,
      speed_b: model.speed.kind === 'dist' ? model.speed.b : 0,
      slow_mode: slow ? SlowCode[slow.mode] : SlowCode.none,
      slow_count: slow?.mode === 'exact' ? slow.count : 0,
      slow_factor: slow ? f32Time(slow.factor) : 1,
      slow_threshold: slow?.mode === 'bernoulli' ? thresholdWords(slow.threshold) : [0, 0],
      failures: model.failureThresholds ? 1 : 0,
      fixed_mode: fixed ? FixedSetCode[fixed.mode] : FixedSetCode.none,
      fixed_s: fixed?.mode === 'random' ? fixed.s : 0,
      fixed_factor: fixed ? f32Time(fixed.factor) : 1,
      bursty_b: model.bursty?.B ?? 0,
      bursty_w: model.bursty?.W ?? 0,
      bursty_lambda: model.bursty?.lambda ?? 0,
      bursty_factor: model.bursty ? f32Time(model.bursty.factor) : 1,
      trace_rounds: model.trace?.rounds ?? 0,
      protocol: ProtocolCode[protocol.kind],
      recovery: RecoveryCode[code.recovery.kind],
      recovery_k: code.recovery.kind === 'any-k' ? code.recovery.k : 0,
      groups,
      collect: protocol.kind === 'erasure' ? protocol.collect : 0,
      curve,
      coded_offset,
      sub_k,
      ls_capacity,
      sub_capacity,
      fixed_scale,
      bibd_r,
      bibd_lambda,
      exact_tol: GPU_EXACT_TOLERANCE * m * parts,
      rank_tol: GPU_RANK_TOLERANCE,
      s_errors,
      s_finish,
      s_best,
      s_done,
      s_message1,
      s_factor,
      s_l,
      s_z,
      s_dense,
      s_alpha,
      u_arrivals,
      u_flags,
      u_rows,
      u_parent,
      u_side0,
      u_side1,
      u_state,
      u_covered,
    },
  };
  tableCache.set(cell, tables);
  return tables;
}

function thresholdWords(threshold: number): [number, number] {
  return threshold >= 4294967296 ? [0, 1] : [threshold, 0];
}

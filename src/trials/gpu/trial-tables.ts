import type { GradientCode } from '../../codes/types.js';
import { decoders } from '../../decoders/registry.js';
import type { CurveTables, StreamingForm } from '../../decoders/streaming.js';
import { ComplementLeastSquares } from '../../protocols/complement-least-squares.js';
import type { RoundPlan } from '../../protocols/round-plan.js';
import { tandonParts } from '../../protocols/tandon-partial.js';
import { seedKey } from '../../rng/counters.js';
import type { ResolvedStragglerModel } from '../../stragglers/resolve.js';
import type { TrialCell } from '../cell.js';
import { FixedSetCode, NEVER, ProtocolCode, SlowCode, SpeedCode, StopCode } from './constants.js';
import type { TrialParams } from './trial-layout.js';
import { type ScratchShape, scratchLayout } from './trial-scratch.js';

type ParamValues = Parameters<typeof TrialParams.write>[0];
/** Uniform fields written per batch by the encoder (src/trials/trial-kernel.ts). */
type BatchFields =
  | 'trial_first'
  | 'trials'
  | 'float_slots'
  | 'uint_slots'
  | 'hist_lo'
  | 'hist_hi'
  | 'hist_bins'
  | 'keep_raw';

/**
 * Everything about a cell the trial kernels need that does not change between batches: the packed `ints` and
 * `floats` tables, the uniform fields that describe them, the pipeline-override constants and the per-trial scratch
 * layout (slot counts).
 */
export interface TrialTables {
  readonly ints: Uint32Array;
  readonly floats: Float32Array;
  /** Uniform fields fixed for the cell (batch fields are filled by the encoder). */
  readonly fields: Omit<ParamValues, BatchFields>;
  /** f32 scratch slots per trial. */
  readonly floatSlots: number;
  /** u32 scratch slots per trial. */
  readonly uintSlots: number;
  /** Pipeline-override selectors (model features and the round plan's rules compiled into the pipeline). */
  readonly constants: Readonly<Record<string, number>>;
  /** Shader file of the cell's kernel ({@link trialShader}). */
  readonly shader: TrialShader;
  /** Statistics per trial: completion, done, wasted, one error per grid point. */
  readonly stats: number;
}

const tableCache = new WeakMap<TrialCell, TrialTables>();

/** The trial kernels: `partial`, the whole-message protocols, and `original`'s any-k rule without an error curve. */
export type TrialShader = 'trials/partial.wgsl' | 'trials/original.wgsl' | 'trials/original-k.wgsl';

/**
 * The kernel a round plan runs (issue 18, "kernels chosen per cell from the round plan"): the `original` protocol
 * whose round ends at the k-th arrival and draws no error curve needs only each worker's total time and one order
 * statistic (W1's `original` cells), which trials/original-k.wgsl computes without per-chunk finishing times; every
 * other whole-message plan runs trials/original.wgsl.
 */
export function trialShader(plan: RoundPlan): TrialShader {
  if (plan.protocol === 'partial') return 'trials/partial.wgsl';
  if (plan.protocol === 'original' && plan.stop.kind === 'any-k' && plan.curve === null)
    return 'trials/original-k.wgsl';
  return 'trials/original.wgsl';
}

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

/**
 * The pipeline-override constants of a plan, each a function of one plan field: PROTOCOL, STOP (the stop rule),
 * CURVE (the curve decoder's WGSL code, 0 without a curve) and COMPLEMENT (the f32 final-set shortcut).
 */
export function planConstants(plan: RoundPlan): Record<string, number> {
  const stop = StopCode[plan.stop.kind as keyof typeof StopCode];
  if (stop === undefined) throw new RangeError(`the trial kernels have no stop rule ${plan.stop.kind}`);
  return {
    PROTOCOL: ProtocolCode[plan.protocol],
    STOP: stop,
    CURVE: plan.curve === null ? 0 : decoders[plan.curve].stream.gpu.code,
    COMPLEMENT: plan.complement.f32 ? 1 : 0,
  };
}

/** The pipeline-override constants of a straggler model (shaders/trials/common.wgsl). */
function modelConstants(model: ResolvedStragglerModel): Record<string, number> {
  return {
    CHUNK_DIST: model.chunkTime.code,
    SPEED_KIND: SpeedCode[model.speed.kind],
    SLOW_MODE: model.slow ? SlowCode[model.slow.mode] : SlowCode.none,
    FIXED_MODE: model.fixedSet ? FixedSetCode[model.fixedSet.mode] : FixedSetCode.none,
    BURSTY: model.bursty ? 1 : 0,
    FAILURES: model.failureThresholds ? 1 : 0,
    TRACE: model.trace ? 1 : 0,
  };
}

/** Builds (and caches per cell object) the kernel tables of a cell: its code, straggler model and round plan packed. */
export function trialTables(cell: TrialCell, layout = scratchLayout): TrialTables {
  const cached = layout === scratchLayout ? tableCache.get(cell) : undefined;
  if (cached) return cached;
  const { schedule, stragglers: model, plan, grid } = cell;
  const { code } = schedule;
  const { stop } = plan;
  const N = code.N;
  const m = code.m;
  const ints = new Packer();
  const floats = new Packer();
  const whole = plan.protocol !== 'partial';

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
  const { norms, targets } = rowSums(code);
  const f_row_norm = floats.push(norms);
  const f_row_target = floats.push(targets);

  // The stop rule: its k and its replication groups.
  const stop_k = 'k' in stop ? stop.k : 0;
  const groups = stop.kind === 'groups' || stop.kind === 'collect-k' ? stop.groups : 0;
  const i_group = groups > 0 && 'group' in stop ? ints.push(stop.group) : 0;

  // The curve decoder: its WGSL form and per-code tables.
  const curveForm: StreamingForm | null = plan.curve === null ? null : decoders[plan.curve].stream;
  const curveTables: CurveTables = curveForm && whole ? curveForm.gpu.tables(code) : {};
  const i_curve = curveTables.ints ? ints.push(curveTables.ints) : 0;
  const f_curve = curveTables.floats ? floats.push(curveTables.floats) : 0;

  // The streaming least squares: the stop rule's or the curve's (original), the coded part's (tandon-partial).
  const ls_capacity = Math.min(N, m * code.parts);
  let sub_capacity = 0;
  let coded_offset = 0;
  let i_private = 0;
  let i_sub_offsets = 0;
  let i_sub_chunks = 0;
  let f_sub_coef = 0;
  let f_sub_norm = 0;
  let f_sub_target = 0;
  let leastSquares: ScratchShape['leastSquares'] = null;
  const leastSquaresCurve = curveForm?.gpu.scratch === 'least-squares';
  if (plan.protocol === 'tandon-partial') {
    const tp = tandonParts(code);
    coded_offset = tp.codedChunkOffset;
    i_private = ints.push(tp.privateCount);
    i_sub_offsets = ints.push(tp.coded.offsets);
    i_sub_chunks = ints.push(tp.coded.chunks);
    f_sub_coef = floats.push(tp.coded.coefficients);
    const sums = rowSums(tp.coded);
    f_sub_norm = floats.push(sums.norms);
    f_sub_target = floats.push(sums.targets);
    sub_capacity = Math.min(N, tp.coded.m);
    if (leastSquaresCurve) leastSquares = { capacity: sub_capacity, parts: 1, width: m - coded_offset };
  } else if (plan.protocol === 'original' && (stop.kind === 'least-squares' || leastSquaresCurve)) {
    leastSquares = { capacity: ls_capacity, parts: code.parts, width: m * code.parts };
  }

  // The final-set shortcut of the least squares: G⁻¹ (N × N), v (N × ℓ), the full-set error (ℓ).
  let f_complement = 0;
  if (plan.complement.f32) {
    const form = ComplementLeastSquares.forCode(code).gram;
    if (!form) throw new RangeError(`the plan of cell ${cell.index} takes a complement shortcut its code lacks`);
    f_complement = floats.push(form.inverse);
    floats.push(form.v);
    floats.push(form.fullError);
  }

  const shader = trialShader(plan);
  const scratch = layout({
    protocol: plan.protocol,
    kernel: shader === 'trials/original-k.wgsl' ? 'order-statistic' : 'general',
    workers: N,
    chunks: m,
    nnz: code.chunks.length,
    grid: grid.length,
    parts: plan.parts,
    curve: whole && curveForm ? curveForm.gpu.scratch : null,
    leastSquares,
    groups,
    curveFlags: curveTables.flags ?? 0,
  });

  const [k0, k1] = seedKey(cell.seed);
  const slow = model.slow;
  const fixed = model.fixedSet;
  const tables: TrialTables = {
    ints: ints.toUint32(),
    floats: floats.toFloat32(),
    floatSlots: scratch.floatSlots,
    uintSlots: scratch.uintSlots,
    shader,
    constants: { ...modelConstants(model), ...(shader === 'trials/original.wgsl' ? planConstants(plan) : {}) },
    stats: 3 + grid.length,
    fields: {
      key: [k0, k1],
      cell: cell.index >>> 0,
      workers: N,
      chunks: m,
      parts: plan.parts,
      nnz: code.chunks.length,
      grid_len: grid.length,
      stats: 3 + grid.length,
      i_offsets,
      i_chunk_at,
      i_chunks,
      i_group,
      i_curve,
      i_fixed_mask,
      i_failure,
      i_private,
      i_sub_offsets,
      i_sub_chunks,
      f_coef,
      f_speed,
      f_trace,
      f_grid,
      f_curve,
      f_row_norm,
      f_row_target,
      f_sub_coef,
      f_sub_norm,
      f_sub_target,
      f_complement,
      chunk_a: model.chunkTime.a,
      chunk_b: model.chunkTime.b,
      speed_dist: model.speed.kind === 'dist' ? model.speed.code : 0,
      speed_a: model.speed.kind === 'dist' ? model.speed.a : 0,
      speed_b: model.speed.kind === 'dist' ? model.speed.b : 0,
      slow_count: slow?.mode === 'exact' ? slow.count : 0,
      slow_factor: slow ? f32Time(slow.factor) : 1,
      slow_threshold: slow?.mode === 'bernoulli' ? thresholdWords(slow.threshold) : [0, 0],
      fixed_s: fixed?.mode === 'random' ? fixed.s : 0,
      fixed_factor: fixed ? f32Time(fixed.factor) : 1,
      bursty_b: model.bursty?.B ?? 0,
      bursty_w: model.bursty?.W ?? 0,
      bursty_lambda: model.bursty?.lambda ?? 0,
      bursty_factor: model.bursty ? f32Time(model.bursty.factor) : 1,
      trace_rounds: model.trace?.rounds ?? 0,
      stop_k,
      groups,
      coded_offset,
      ls_capacity,
      sub_capacity,
      curve_a: curveTables.a ?? 0,
      curve_b: curveTables.b ?? 0,
      curve_flags: curveTables.flags ?? 0,
      exact_tol: plan.tolerances.f32.exact * m * plan.parts,
      rank_tol: plan.tolerances.f32.rank,
      ...scratch.offsets,
    },
  };
  if (layout === scratchLayout) tableCache.set(cell, tables);
  return tables;
}

function thresholdWords(threshold: number): [number, number] {
  return threshold >= 4294967296 ? [0, 1] : [threshold, 0];
}

import type { BatchTarget, WorkRange } from '../../engine/kernel.js';
import type { BatchPass, BatchReadback, BatchSpec } from '../../engine/webgpu/batch.js';
import { dispatchGrid } from '../../engine/webgpu/dispatch.js';
import type { TrainProblem } from '../problem/problem.js';
import type { ComplementOperators } from './complement-operators.js';
import { COMPLEMENT_BLOCK, complementLists } from './gpu-complement-lists.js';
import { TrainComplementParams, TrainGemmParams, TrainIterParams, TrainStepParams } from './gpu-layout.js';
import { agdTheta, type DescentParams, type DescentResult, METRIC_COUNT } from './params.js';

/** Invocations per workgroup of the product kernel (4 columns each) and of the step kernel (one run each). */
const GEMM_WORKGROUP = 16;
const STEP_WORKGROUP = 64;
/** Rows (runs) per workgroup of the product kernel (shaders/train/gemm.wgsl ROWS). */
const GEMM_ROWS = 8;
/**
 * Floating-point operations one GPU batch may hold on a software adapter. On lavapipe (~6 GFLOP/s on 2 cores) this
 * is about half a second, which keeps every batch far below the 10 s error-scope timeout of the runtime.
 */
export const FLOPS_PER_BATCH = 3e9;
/**
 * The same on a hardware GPU: ≈ 5 ms of f32 arithmetic on an H200 (≈ 60 TFLOP/s), still under a second on a
 * 0.5 TFLOP/s integrated GPU. With the software budget W3 ran on an H200 in 80 batches of ≈ 14 ms, most of it
 * per-batch overhead (BENCHMARKS.md, 2026-12-04).
 */
export const HARDWARE_FLOPS_PER_BATCH = 3e11;

/** The flop budget of one GPU batch on this adapter kind. */
export function flopsPerBatch(software: boolean): number {
  return software ? FLOPS_PER_BATCH : HARDWARE_FLOPS_PER_BATCH;
}

const roundUp4 = (v: number) => Math.ceil(v / 4) * 4;

/** Padded GPU shapes of a problem: d4 = d rounded up to 4; direct form: rows per chunk and samples, padded to 4. */
export interface GpuShape {
  readonly d4: number;
  /** Direct form: rows per padded chunk (multiple of 4) and total padded samples m·rows. */
  readonly chunkRows: number;
  readonly samples: number;
}

/** The padded GPU shapes of a problem (vec4 columns of shaders/train/gemm.wgsl; padding rows have target 0). */
export function gpuShape(problem: TrainProblem): GpuShape {
  const d4 = roundUp4(problem.d);
  if (problem.form === 'gram') return { d4, chunkRows: 0, samples: 0 };
  let rows = 0;
  for (let i = 0; i < problem.m; i++) rows = Math.max(rows, problem.chunkStart[i + 1] - problem.chunkStart[i]);
  const chunkRows = roundUp4(rows);
  return { d4, chunkRows, samples: chunkRows * problem.m };
}

/** Bytes of the problem's data buffers on the device (the Gram matrices, or X and Xᵀ). */
export function problemDeviceBytes(problem: TrainProblem): { largest: number; total: number } {
  const { d4, samples } = gpuShape(problem);
  if (problem.form === 'gram') {
    const h = 4 * problem.m * problem.d * d4;
    return { largest: h, total: h + 4 * problem.m * d4 };
  }
  const x = 4 * samples * d4;
  return { largest: x, total: 2 * x + 4 * samples };
}

/** Flops of one run's chunk gradients per iteration, 2 per multiply–add (2·m·d·d4 Gram, 4·n·d4 direct). */
export function flopsPerRunIteration(problem: TrainProblem): number {
  const { d4, samples } = gpuShape(problem);
  return problem.form === 'gram' ? 2 * problem.m * problem.d * d4 : 4 * samples * d4;
}

/** The per-problem device arrays, converted to f32 once per problem object. */
interface ProblemArrays {
  /** Gram: m × d × d4 (H_i rows); direct: X padded, samples × d4. */
  readonly matrix: Float32Array;
  /** Direct: Xᵀ padded, d × samples. */
  readonly transposed: Float32Array | null;
  /** Gram: b_i, m × d4; direct: targets, samples (0 on padding). */
  readonly side: Float32Array;
}

const problemArrays = new WeakMap<TrainProblem, ProblemArrays>();

function arraysOf(problem: TrainProblem): ProblemArrays {
  const hit = problemArrays.get(problem);
  if (hit) return hit;
  const { d, m } = problem;
  const { d4, chunkRows, samples } = gpuShape(problem);
  let arrays: ProblemArrays;
  if (problem.gram) {
    const { H, b } = problem.gram;
    const matrix = new Float32Array(m * d * d4);
    const side = new Float32Array(m * d4);
    for (let i = 0; i < m; i++) {
      for (let r = 0; r < d; r++) {
        for (let c = 0; c < d; c++) matrix[(i * d + r) * d4 + c] = H[(i * d + r) * d + c];
        side[i * d4 + r] = b[i * d + r];
      }
    }
    arrays = { matrix, transposed: null, side };
  } else {
    const matrix = new Float32Array(samples * d4);
    const transposed = new Float32Array(d * samples);
    const side = new Float32Array(samples);
    for (let i = 0; i < m; i++) {
      for (let r = problem.chunkStart[i]; r < problem.chunkStart[i + 1]; r++) {
        const t = i * chunkRows + (r - problem.chunkStart[i]);
        side[t] = problem.y[r];
        for (let c = 0; c < d; c++) {
          const v = problem.X[r * d + c];
          matrix[t * d4 + c] = v;
          transposed[c * samples + t] = v;
        }
      }
    }
    arrays = { matrix, transposed, side };
  }
  problemArrays.set(problem, arrays);
  return arrays;
}

const operatorArrays = new WeakMap<
  ComplementOperators,
  { readonly matrices: Float32Array; readonly linear: Float32Array }
>();

/** The complement operators in f32 (converted once per operator set). */
function operatorsOf(ops: ComplementOperators) {
  let hit = operatorArrays.get(ops);
  if (!hit) {
    hit = { matrices: Float32Array.from(ops.matrices), linear: Float32Array.from(ops.vectors) };
    operatorArrays.set(ops, hit);
  }
  return hit;
}

/**
 * Floating-point operations per run of one window (its iterations and the final evaluation). Full form: every
 * chunk gradient, (count + 1) · flopsPerRunIteration. Complement form: the listed d4 × d4 operator products — H̄
 * per iteration and the final evaluation, K_a per iteration unless a₀ = 1, one K_j per nonzero correction (averaged
 * over the runs).
 */
export function windowFlopsPerRun(params: DescentParams): number {
  const ops = params.complement;
  if (!ops) return (params.count + 1) * flopsPerRunIteration(params.problem);
  let terms = 0;
  for (let k = 0; k < params.correction.length; k++) if (params.correction[k] !== 0) terms++;
  const products = params.count + 1 + (ops.baseIsOnes ? 0 : params.count) + terms / params.runs;
  return 2 * products * ops.d4 * ops.d4;
}

/** The most runs one batch may hold: device memory for the per-run buffers, and the flop budget of a batch. */
export function maxRunsPerBatch(params: DescentParams, { limits, software }: BatchTarget): number {
  const { problem } = params;
  const { d4, samples } = gpuShape(problem);
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const terms = params.complement ? params.complement.N + 2 : 0;
  const perRun = Math.max(4 * problem.m * d4, 4 * samples, 4 * 3 * d4, 4 * terms * d4);
  const memory = Math.floor(binding / perRun);
  const flops = Math.floor(flopsPerBatch(software) / Math.max(1, windowFlopsPerRun(params)));
  return Math.max(1, Math.min(memory, flops, 65535));
}

function gemmUniform(fields: Partial<Parameters<typeof TrainGemmParams.write>[0]>): ArrayBuffer {
  return TrainGemmParams.write({
    rows: 0,
    cols4: 0,
    depth: 0,
    lda: 0,
    a_offset: 0,
    a_stride: 0,
    ldb4: 0,
    b_stride4: 0,
    c_stride4: 0,
    ldc4: 0,
    y_offset4: 0,
    ldy4: 0,
    ridge: 0,
    inv_n: 0,
    ...fields,
  });
}

/**
 * The GPU batch of runs [start, end) over the window's iterations: per iteration the chunk-gradient products
 * (one Gram pass, or a forward and a backward pass) and one step pass; a last evaluation when `evaluateFinal`.
 * Every iteration reads its index and step from its own small uniform buffer, so one batch runs many iterations
 * with one read-back.
 */
export function encodeDescent(params: DescentParams, range: WorkRange): BatchSpec {
  const { problem, code, optimizer, count } = params;
  const { d, m } = problem;
  const { d4, chunkRows, samples } = gpuShape(problem);
  const R = range.end - range.start;
  const slots = count + (params.evaluateFinal ? 1 : 0);
  const arrays = arraysOf(problem);
  const agd = optimizer === 'agd';

  // State: x | u | y, each R × d4, y the first query point of the window.
  const state = new Float32Array(3 * R * d4);
  const theta0 = agdTheta(params.first);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < d; c++) {
      const x = params.state[(range.start + r) * d + c];
      const u = agd ? params.aux[(range.start + r) * d + c] : 0;
      state[r * d4 + c] = x;
      state[(R + r) * d4 + c] = u;
      state[(2 * R + r) * d4 + c] = agd && count > 0 ? (1 - theta0) * x + theta0 * u : x;
    }
  }
  const { N, parts, offsets, chunks, coefficients } = code;
  const nnz = chunks.length;
  const ints = new Uint32Array(N + 1 + nnz);
  ints.set(offsets, 0);
  ints.set(chunks, N + 1);
  const floats = new Float32Array(nnz * parts + N + 2 * d4);
  floats.set(coefficients, 0);
  floats.set(params.omega, nnz * parts);
  floats.set(params.xStar, nnz * parts + N);
  if (problem.gram) {
    for (let i = 0; i < m; i++)
      for (let c = 0; c < d; c++) floats[nnz * parts + N + d4 + c] += problem.gram.b[i * d + c];
  }
  const message = params.path === 'message';
  const ops = params.complement;
  const lists = ops ? complementLists(params, range, ops) : null;
  const len = message ? N * parts : parts * m * parts;
  let decoding: Float32Array;
  if (lists) decoding = lists.coefficients.length > 0 ? lists.coefficients : new Float32Array(1);
  else {
    const source = message ? params.weights : params.alpha;
    decoding = new Float32Array(Math.max(1, count * R * len));
    for (let k = 0; k < count; k++) {
      for (let r = 0; r < R; r++) {
        const from = (k * params.runs + range.start + r) * len;
        decoding.set(source.subarray(from, from + len), (k * R + r) * len);
      }
    }
  }

  const buffers: Record<string, BatchSpec['buffers'][string]> = {
    step: {
      usage: 'uniform',
      data: TrainStepParams.write({
        runs: R,
        d,
        d4,
        m,
        N,
        parts,
        s: d / parts,
        decode_len: len,
        samples,
        slots,
        lambda: problem.lambda,
      }),
    },
    state: { usage: 'storage', data: state, readback: true },
    grads: { usage: 'storage', size: lists ? 16 : 4 * m * R * d4 },
    matrix: { usage: 'storage', data: arrays.matrix },
    side: { usage: 'storage', data: arrays.side },
    ints: { usage: 'storage', data: ints },
    floats: { usage: 'storage', data: floats },
    decoding: { usage: 'storage', data: decoding },
    metrics: { usage: 'storage', size: 4 * 8 * R * slots, readback: true },
    dummySide: { usage: 'storage', size: 16 },
    dummyLosses: { usage: 'storage', size: 16 },
  };
  const nonEmpty = (a: Uint32Array) => (a.length > 0 ? a : new Uint32Array(4));
  if (ops && lists) {
    const f32 = operatorsOf(ops);
    buffers.operators = { usage: 'storage', data: f32.matrices };
    buffers.linear = { usage: 'storage', data: f32.linear };
    buffers.pairRuns = { usage: 'storage', data: nonEmpty(lists.pairRuns) };
    buffers.blocks = { usage: 'storage', data: nonEmpty(lists.blocks) };
    buffers.corrections = { usage: 'storage', data: nonEmpty(lists.corrections) };
    buffers.correctionOffsets = { usage: 'storage', data: lists.offsets };
    buffers.products = { usage: 'storage', size: 4 * Math.max(1, lists.maxPairs) * d4, uninitialized: true };
    buffers.complement = {
      usage: 'uniform',
      data: TrainComplementParams.write({
        cols4: d4 / 4,
        depth4: d4 / 4,
        slot_stride4: (d4 * d4) / 4,
        y_offset4: (2 * R * d4) / 4,
        ldy4: d4 / 4,
      }),
    };
  }
  const rowBlocks = Math.ceil(R / GEMM_ROWS);
  const gemmPasses: BatchPass[] = [];
  const gemm = (constants: Record<string, number>, bindings: string[], cols4: number, z: number): BatchPass => ({
    shader: 'train/gemm.wgsl',
    constants: { WORKGROUP_SIZE: GEMM_WORKGROUP, ...constants },
    bindings,
    dispatch: [Math.ceil(cols4 / GEMM_WORKGROUP), rowBlocks, z],
  });
  const yOffset = 2 * R * d4;
  if (problem.gram) {
    buffers.gemm = {
      usage: 'uniform',
      data: gemmUniform({
        rows: R,
        cols4: d4 / 4,
        depth: d,
        lda: d4,
        a_offset: yOffset,
        ldb4: d4 / 4,
        b_stride4: (d * d4) / 4,
        c_stride4: (R * d4) / 4,
        ldc4: d4 / 4,
        y_offset4: yOffset / 4,
        ldy4: d4 / 4,
        ridge: problem.lambda / m,
      }),
    };
    gemmPasses.push(gemm({ MODE: 0 }, ['gemm', 'state', 'matrix', 'grads', 'side', 'state', 'dummyLosses'], d4 / 4, m));
  } else {
    buffers.transposed = { usage: 'storage', data: arrays.transposed! };
    buffers.residuals = { usage: 'storage', size: 4 * R * samples };
    buffers.losses = { usage: 'storage', size: 4 * R * samples };
    buffers.forward = {
      usage: 'uniform',
      data: gemmUniform({
        rows: R,
        cols4: samples / 4,
        depth: d,
        lda: d4,
        a_offset: yOffset,
        ldb4: samples / 4,
        ldc4: samples / 4,
        y_offset4: yOffset / 4,
        ldy4: d4 / 4,
        inv_n: 1 / problem.n,
      }),
    };
    buffers.backward = {
      usage: 'uniform',
      data: gemmUniform({
        rows: R,
        cols4: d4 / 4,
        depth: chunkRows,
        lda: samples,
        a_stride: chunkRows,
        ldb4: d4 / 4,
        b_stride4: (chunkRows * d4) / 4,
        c_stride4: (R * d4) / 4,
        ldc4: d4 / 4,
        y_offset4: yOffset / 4,
        ldy4: d4 / 4,
        ridge: problem.lambda / m,
      }),
    };
    const logistic = problem.loss === 'logistic' ? 1 : 0;
    gemmPasses.push(
      gemm(
        { MODE: 1, LOGISTIC: logistic },
        ['forward', 'state', 'transposed', 'residuals', 'side', 'state', 'losses'],
        samples / 4,
        1,
      ),
      gemm({ MODE: 2 }, ['backward', 'residuals', 'matrix', 'grads', 'dummySide', 'state', 'dummyLosses'], d4 / 4, m),
    );
  }
  const stepConstants = {
    WORKGROUP_SIZE: STEP_WORKGROUP,
    PATH: ops ? 2 : message ? 1 : 0,
    AGD: agd ? 1 : 0,
    GRAM: problem.gram ? 1 : 0,
    ENERGY: params.omega.some((w) => w !== 0) ? 1 : 0,
  };
  const passes: BatchPass[] = [];
  for (let slot = 0; slot < slots; slot++) {
    const k = params.first + slot;
    const name = `iteration${slot}`;
    buffers[name] = {
      usage: 'uniform',
      data: TrainIterParams.write({
        slot,
        final_slot: slot === count ? 1 : 0,
        next_final: slot + 1 === count && params.evaluateFinal ? 1 : 0,
        gamma: slot < count ? params.steps[slot] : 0,
        theta: agdTheta(k),
        theta_next: agdTheta(k + 1),
        pair_base: lists ? lists.pairBase[slot] : 0,
        block_base: lists ? lists.blockBase[slot] : 0,
        corr_base: lists ? slot * (R + 1) : 0,
      }),
    };
    if (lists) {
      passes.push({
        shader: 'train/complement-gemm.wgsl',
        bindings: ['complement', name, 'operators', 'state', 'pairRuns', 'blocks', 'products'],
        dispatch: [Math.ceil(d4 / 4 / COMPLEMENT_BLOCK), lists.blockCount[slot], 1],
      });
    } else passes.push(...gemmPasses);
    passes.push({
      shader: 'train/step.wgsl',
      constants: stepConstants,
      bindings: [
        'step',
        name,
        lists ? 'products' : 'grads',
        'state',
        'ints',
        'floats',
        'decoding',
        problem.gram ? 'dummySide' : 'losses',
        'metrics',
        lists ? 'corrections' : 'dummySide',
        lists ? 'correctionOffsets' : 'dummySide',
        lists ? 'linear' : 'dummySide',
      ],
      dispatch: dispatchGrid(R),
    });
  }
  return {
    label: `train ${problem.form} ${params.path} runs [${range.start}, ${range.end}) iterations [${params.first}, ${params.first + count})`,
    buffers,
    passes,
  };
}

/** Turns the batch's read-back (f32 metrics and state) into a {@link DescentResult}. */
export function decodeDescent(params: DescentParams, range: WorkRange, readback: BatchReadback): DescentResult {
  const { problem } = params;
  const { d } = problem;
  const { d4 } = gpuShape(problem);
  const R = range.end - range.start;
  const slots = params.count + (params.evaluateFinal ? 1 : 0);
  const raw = new Float32Array(readback.metrics);
  const metrics = new Float64Array(R * slots * METRIC_COUNT);
  const constant = problem.gram ? params.lossConstant : 0;
  for (let r = 0; r < R; r++) {
    for (let s = 0; s < slots; s++) {
      const src = (r * slots + s) * 8;
      const dst = (r * slots + s) * METRIC_COUNT;
      metrics[dst] = raw[src] + constant;
      metrics[dst + 1] = raw[src + 1];
      metrics[dst + 2] = s === params.count ? Number.NaN : raw[src + 2];
      metrics[dst + 3] = raw[src + 3];
      metrics[dst + 4] = raw[src + 4];
    }
  }
  const stateRaw = new Float32Array(readback.state);
  const state = new Float64Array(R * d);
  const aux = params.optimizer === 'agd' ? new Float64Array(R * d) : new Float64Array(0);
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < d; c++) {
      state[r * d + c] = stateRaw[r * d4 + c];
      if (aux.length) aux[r * d + c] = stateRaw[(R + r) * d4 + c];
    }
  }
  return { start: range.start, end: range.end, slots, metrics, state, aux };
}

import type { Backend } from '../../engine/backend.js';
import { InputError } from '../../errors.js';
import { type AlphaMoments, exactAlphaMoments, monteCarloAlphaMoments } from '../bounds/alpha-moments.js';
import type { ProblemConstants } from '../bounds/constants.js';
import { propositionVII1Step } from '../bounds/glasgow-wootters.js';
import { type ComplementOperators, complementOperators } from '../descent/complement-operators.js';
import { descentKernel } from '../descent/descent-kernel.js';
import { flopsPerBatch, flopsPerRunIteration } from '../descent/gpu-encode.js';
import { codeMatrix, type DescentParams, METRIC_COUNT } from '../descent/params.js';
import { complementOf, planWindow, type StragglerPlanSetup } from '../plan/decoding-plan.js';
import type { ResolvedScheme, ResolvedTrain } from '../spec/resolve-train.js';
import type { PreparedProblem } from './build-problem.js';

/** Per-run tables of one scheme, run-major: entry r·(K + 1) + k is run r at iteration k (x_k, before step k). */
export interface SchemeTables {
  readonly runs: number;
  /** K + 1. */
  readonly points: number;
  /** f(x_k) (AGD: f at the query point y_k). */
  readonly loss: Float64Array;
  /** ‖x_k − x*‖². */
  readonly distance: Float64Array;
  /** ‖ĝ_k − g_k‖² (NaN at k = K). */
  readonly gradientError: Float64Array;
  /** ‖g_k‖² = ‖∇f(x_k)‖² (AGD: at y_k). */
  readonly gradientNorm: Float64Array;
  /** Σ_j ω_j ‖msg_j‖² (Song–Choi variance or ErasureHead's Σ_b ‖G_b‖²; 0 when no bound needs it). */
  readonly messageEnergy: Float64Array;
  /** Simulated wall clock after k rounds (sum of the straggler model's round times). */
  readonly time: Float64Array;
}

/** What the straggler plan of a scheme looked like over all runs and iterations. */
export interface PlanSummary {
  /** Fraction of rounds decoded exactly. */
  readonly exactFraction: number;
  /** Mean number of messages received per round. */
  readonly meanReceived: number;
  /** Largest ‖α − 1‖² of any round (r of Cor. VII.2). */
  readonly maxAlphaError: number;
  /** Mean ‖α − 1‖². */
  readonly meanAlphaError: number;
  /** Rounds where the `exact` wait fell back to waiting for all. */
  readonly censored: number;
}

/** The raw outcome of one scheme. */
export interface SchemeRun {
  readonly steps: Float64Array;
  readonly tables: SchemeTables;
  readonly plan: PlanSummary;
  /** x_K of every run (runs × d). */
  readonly finalState: Float64Array;
  /** α moments (when a bound or the step rule needed them). */
  readonly moments: AlphaMoments | null;
  /** The per-worker weights ω of `messageEnergy`. */
  readonly omega: Float64Array;
  /** Seconds of planning (straggler draws + decoding) and of descent (kernel). */
  readonly planSeconds: number;
  readonly descentSeconds: number;
}

/** Bytes of plan arrays (weights + α) held at once. */
const PLAN_BYTES = 64 * 2 ** 20;
/** Runs a GPU batch should hold at least (so the product kernel's 8-run row blocks fill). */
const GPU_RUNS = 64;
/**
 * Full-form flops of one CPU window over all runs: ≈ 60 s of one JS thread for the full form; W3 (256 runs, Gram
 * form, d = 256, m = 32) gets windows of 93 iterations, whose complement-form products take ≈ 1.2 s on one thread.
 * The earlier bound (the GPU's 3·10⁹ per 64 runs) gave 10-iteration windows, estimated at ≈ 0.2 s and so cut into
 * two tasks each: on the H200 host's 16 cores the descent used two threads.
 */
const CPU_WINDOW_FLOPS = 1e11;
/** Largest N for exact (2^N-set) α moments. */
const EXACT_MOMENT_WORKERS = 16;

/** The straggler-plan setup of a scheme. */
export function planSetup(resolved: ResolvedTrain, scheme: ResolvedScheme): StragglerPlanSetup {
  const failures = scheme.stragglerSpec.failures?.p;
  const p =
    failures === undefined
      ? undefined
      : Array.isArray(failures)
        ? Float64Array.from(failures)
        : new Float64Array(scheme.code.N).fill(failures);
  return {
    schedule: scheme.schedule,
    stragglers: scheme.stragglers,
    seed: resolved.seed,
    cell: scheme.cell,
    plan: scheme.plan,
    p,
  };
}

/**
 * Moments of α for Glasgow & Wootters' Prop. VI.1 (c, r, s; core-gc.md §D.4): exact over all 2^N survivor sets when
 * workers fail independently and the PS waits for all non-failed workers (N ≤ 16), else Monte Carlo over
 * `boundDraws` plan draws at trial indices after the runs' (never reusing their draws).
 */
export function schemeMoments(resolved: ResolvedTrain, scheme: ResolvedScheme): AlphaMoments {
  const setup = planSetup(resolved, scheme);
  const { code, decoder } = scheme;
  if (scheme.failureOnly && scheme.wait.kind === 'all' && code.N <= EXACT_MOMENT_WORKERS) {
    return exactAlphaMoments(
      code.N,
      code.m,
      scheme.failureOnly,
      (survivors) => decoder.decode(code, { survivors, p: setup.p }).alpha,
    );
  }
  return monteCarloAlphaMoments(
    { ...setup, trialBase: resolved.runs * resolved.iterations },
    code.m,
    resolved.boundDraws,
  );
}

/** Largest ‖α − 1‖² over every round of the runs (a pass over the plan without descent). */
function maxPlanError(setup: StragglerPlanSetup, K: number, R: number, window: number): number {
  let max = 0;
  for (let first = 0; first < K; first += window) {
    const plan = planWindow(setup, K, first, Math.min(window, K - first), R, { weights: false });
    for (const e of plan.alphaError) max = Math.max(max, e);
  }
  return max;
}

/**
 * The step sizes γ_0 … γ_{K−1} of a scheme: a constant, or a rule on the data's constants — `smoothness` factor/L,
 * `prop-vi1` factor/(c(sL′ + L)) (the largest step of Glasgow & Wootters Prop. VI.1 through the GCOD ≡ SGD-ALG
 * equivalence, step γc), `prop-vii1` factor × Prop. VII.1's step for ε = 1 with r = the largest ‖α − 1‖² of the run,
 * `inverse-time` factor/(μ(k + 1)) (Song & Choi's strongly convex schedule, core-gc.md §B.4).
 */
export function stepSizes(
  scheme: ResolvedScheme,
  K: number,
  constants: ProblemConstants,
  moments: () => AlphaMoments,
  maxError: () => number,
): Float64Array {
  const steps = new Float64Array(K);
  const step = scheme.step;
  if (typeof step === 'number') return steps.fill(step);
  const { mu, L, Lprime } = constants;
  switch (step.rule) {
    case 'smoothness':
      if (!(L > 0)) throw new InputError('step', 'rule smoothness (γ = factor/L) needs L > 0; the data are all zero');
      return steps.fill(step.factor / L);
    case 'prop-vi1': {
      if (scheme.code.parts !== 1) {
        throw new InputError(
          'step',
          `rule prop-vi1 needs a one-part code (ℓ = 1); ${scheme.code.name} has ℓ = ${scheme.code.parts}`,
        );
      }
      const m = moments();
      return steps.fill(step.factor / (m.c * (m.s * Lprime + L)));
    }
    case 'prop-vii1': {
      const r = maxError();
      if (!(mu > r * Lprime)) {
        throw new InputError(
          'step',
          `rule prop-vii1 needs μ > rL′ (Glasgow & Wootters Prop. VII.1); here μ = ${mu.toPrecision(4)} and ` +
            `rL′ = ${(r * Lprime).toPrecision(4)} (r = the largest ‖α − 1‖² = ${r.toPrecision(4)}); use another rule`,
        );
      }
      return steps.fill(step.factor * propositionVII1Step(constants, r));
    }
    case 'inverse-time':
      if (!(mu > 0)) {
        throw new InputError(
          'step',
          'rule inverse-time (γ_k = factor/(μ(k + 1))) needs a strongly convex loss (μ > 0); add regularization or use another rule',
        );
      }
      for (let k = 0; k < K; k++) steps[k] = step.factor / (mu * (k + 1));
      return steps;
  }
}

/**
 * The complement form of descent (src/train/descent/complement-operators.ts) for a scheme, or null: it applies to the
 * Gram form on the coefficient path with optimal decoding of an ℓ = 1 code whose B qualifies, without the message
 * energy (which needs every message).
 */
export function schemeComplement(
  prepared: PreparedProblem,
  scheme: ResolvedScheme,
  omega: Float64Array,
): ComplementOperators | null {
  const { problem } = prepared;
  if (!problem.gram || scheme.path !== 'coefficient' || scheme.code.parts !== 1) return null;
  if (omega.some((w) => w !== 0)) return null;
  const complement = complementOf(scheme.code, scheme.plan);
  return complement ? complementOperators(problem, complement) : null;
}

/**
 * Iterations per window: bounded by the plan's memory and by the backend's work per window — on WebGPU so that a
 * batch of the adapter kind's flop budget holds ≥ 64 runs, on the CPU by {@link CPU_WINDOW_FLOPS} (full-form
 * flops, an upper bound for the complement form), which leaves each window enough work to share among the worker
 * threads and still reports progress on long runs.
 */
export function windowIterations(
  prepared: PreparedProblem,
  scheme: ResolvedScheme,
  R: number,
  K: number,
  backend: Pick<Backend, 'kind' | 'hardwareGpu'>,
): number {
  const { N, m, parts } = scheme.code;
  const perEntry = 8 * (2 * N * parts + parts * m * parts);
  const memory = Math.floor(PLAN_BYTES / Math.max(1, R * perEntry));
  const perIteration = flopsPerRunIteration(prepared.problem);
  const work =
    backend.kind === 'cpu'
      ? Math.floor(CPU_WINDOW_FLOPS / (R * perIteration))
      : Math.floor(flopsPerBatch(!backend.hardwareGpu) / (Math.min(R, GPU_RUNS) * perIteration)) - 1;
  return Math.max(1, Math.min(K, memory, work));
}

/**
 * Runs R independent coded-GD runs of one scheme (issue 5): per window of iterations, the straggler plan (received
 * sets, decoding weights, round times; src/train/plan) and the descent kernel on the backend (WGSL f32 or the f64
 * twin), from x₀ = 0. Returns the per-run tables.
 */
export async function runScheme(
  resolved: ResolvedTrain,
  prepared: PreparedProblem,
  scheme: ResolvedScheme,
  backend: Backend,
  options: { omega?: Float64Array; needMoments?: boolean; onWindow?: (done: number) => void } = {},
): Promise<SchemeRun> {
  const { problem, optimum, constants } = prepared;
  const { d } = problem;
  const K = resolved.iterations;
  const R = resolved.runs;
  const setup = planSetup(resolved, scheme);
  const window = windowIterations(prepared, scheme, R, K, backend);
  let moments: AlphaMoments | null = null;
  const getMoments = () => {
    moments ??= schemeMoments(resolved, scheme);
    return moments;
  };
  if (options.needMoments && scheme.code.parts === 1) getMoments();
  const planStart = performance.now();
  let planMs = 0;
  const steps = stepSizes(scheme, K, constants, getMoments, () => maxPlanError(setup, K, R, window));
  planMs += performance.now() - planStart;
  const omega = options.omega ?? new Float64Array(scheme.code.N);
  const complement = schemeComplement(prepared, scheme, omega);
  const outputs = { weights: scheme.path === 'message', correction: complement !== null };
  const points = K + 1;
  const tables: SchemeTables = {
    runs: R,
    points,
    loss: new Float64Array(R * points),
    distance: new Float64Array(R * points),
    gradientError: new Float64Array(R * points),
    gradientNorm: new Float64Array(R * points),
    messageEnergy: new Float64Array(R * points),
    time: new Float64Array(R * points),
  };
  let state = new Float64Array(R * d);
  let aux = new Float64Array(scheme.optimizer === 'agd' ? R * d : 0);
  const lossConstant = problem.gram ? problem.gram.c.reduce((a, b) => a + b, 0) : 0;
  const code = codeMatrix(scheme.code);
  let exact = 0;
  let received = 0;
  let maxAlphaError = 0;
  let sumAlphaError = 0;
  let censored = 0;
  let descentMs = 0;
  const clock = new Float64Array(R);
  /** The straggler plan of the window starting at `first` (plans depend on the draws only, not on the iterates). */
  const planAt = (first: number) => {
    const t0 = performance.now();
    const plan = planWindow(setup, K, first, Math.min(window, K - first), R, outputs);
    const ms = performance.now() - t0;
    planMs += ms;
    return { plan, ms };
  };
  let next = planAt(0);
  for (let first = 0; first < K; first += window) {
    const count = Math.min(window, K - first);
    const { plan } = next;
    censored += plan.censored;
    for (let kk = 0; kk < count; kk++) {
      for (let r = 0; r < R; r++) {
        const e = kk * R + r;
        exact += plan.exact[e];
        received += plan.received[e];
        maxAlphaError = Math.max(maxAlphaError, plan.alphaError[e]);
        sumAlphaError += plan.alphaError[e];
        clock[r] += plan.time[e];
        tables.time[r * points + first + kk + 1] = clock[r];
      }
    }
    const last = first + count === K;
    const params: DescentParams = {
      problem,
      code,
      path: scheme.path,
      optimizer: scheme.optimizer,
      runs: R,
      first,
      count,
      total: K,
      steps: steps.slice(first, first + count),
      weights: scheme.path === 'message' ? plan.weights : new Float64Array(0),
      alpha: scheme.path === 'coefficient' && !complement ? plan.alpha : new Float64Array(0),
      complement,
      correction: plan.correction,
      omega,
      xStar: optimum.x,
      lossConstant,
      state,
      aux,
      evaluateFinal: last,
    };
    const t1 = performance.now();
    const running = backend.run(descentKernel, params);
    // The next window's plan is computed on this thread while the workers (or the GPU) run this window's descent.
    let overlappedMs = 0;
    if (first + count < K) {
      try {
        next = planAt(first + count);
      } catch (error) {
        running.catch(() => {}); // the plan's error is the one to report; do not leave the descent's unhandled
        throw error;
      }
      overlappedMs = next.ms;
    }
    const result = await running;
    descentMs += performance.now() - t1 - overlappedMs;
    const slots = result.slots;
    for (let r = 0; r < R; r++) {
      for (let s = 0; s < slots; s++) {
        const src = (r * slots + s) * METRIC_COUNT;
        const dst = r * points + first + s;
        tables.loss[dst] = result.metrics[src];
        tables.distance[dst] = result.metrics[src + 1];
        tables.gradientError[dst] = result.metrics[src + 2];
        tables.gradientNorm[dst] = result.metrics[src + 3];
        tables.messageEnergy[dst] = result.metrics[src + 4];
      }
    }
    state = Float64Array.from(result.state);
    aux = Float64Array.from(result.aux);
    options.onWindow?.(first + count);
  }
  const rounds = R * K;
  return {
    steps,
    tables,
    plan: {
      exactFraction: exact / rounds,
      meanReceived: received / rounds,
      maxAlphaError,
      meanAlphaError: sumAlphaError / rounds,
      censored,
    },
    finalState: state,
    moments,
    omega,
    planSeconds: planMs / 1000,
    descentSeconds: descentMs / 1000,
  };
}

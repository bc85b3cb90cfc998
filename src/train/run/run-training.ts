import type { Backend } from '../../engine/backend.js';
import { createBackend } from '../../engine/create-backend.js';
import { GpuLimitError } from '../../engine/webgpu/gpu-errors.js';
import { InputError } from '../../errors.js';
import type { AlphaMoments } from '../bounds/alpha-moments.js';
import type { ProblemConstants } from '../bounds/constants.js';
import type { DatasetProvenance } from '../data/dataset.js';
import type { GradientPath, Optimizer } from '../descent/params.js';
import { fullLoss } from '../problem/loss.js';
import type { GradientForm, LossName } from '../problem/problem.js';
import { type ResolvedTrain, resolveTrainSpec } from '../spec/resolve-train.js';
import { type PreparedProblem, prepareProblem } from './build-problem.js';
import { type BoundCheck, checkSchemeBounds, energyWeights, metricTable } from './check-bounds.js';
import { type Curve, curveOf } from './curves.js';
import { type PlanSummary, runScheme, type SchemeTables } from './run-scheme.js';

/** Options of {@link runTraining}. */
export interface TrainOptions {
  /** A backend to run on (not disposed); else one is created from `backend` / `adapter` and disposed at the end. */
  readonly backendInstance?: Backend;
  /** `auto` (default), `webgpu` or `cpu`. */
  readonly backend?: string;
  readonly adapter?: string;
  /** Directory relative paths in the spec (code files, orders, traces) resolve against. */
  readonly baseDir?: string;
  /** Keep the per-run tables in the result (default false: curves only). */
  readonly keepRuns?: boolean;
  /** Called after each window of iterations of each scheme. */
  readonly onProgress?: (event: { scheme: number; schemes: number; iteration: number; iterations: number }) => void;
}

/** The per-iteration curves of one scheme (mean and CI over runs at k = 0 … K). */
export interface SchemeCurves {
  readonly loss: Curve;
  /** f(x_k) − f*. */
  readonly gap: Curve;
  /** ‖x_k − x*‖². */
  readonly distance: Curve;
  /** ‖ĝ_k − g_k‖²/‖g_k‖² (NaN at k = K, where no step is taken). */
  readonly relativeGradientError: Curve;
  /** (1/k) Σ_{t<k} ‖∇f(x_t)‖² (NaN at k = 0): the metric of Song & Choi's smooth bound. */
  readonly averageGradientNorm: Curve;
  /** Simulated wall clock after k rounds (loss-versus-time comparisons). */
  readonly time: Curve;
}

/** The outcome of one scheme (one path of a `path: both` scheme). */
export interface SchemeResult {
  readonly label: string;
  /** Index in the spec's `schemes` (both paths of one scheme share it). */
  readonly scheme: number;
  readonly path: GradientPath;
  readonly code: { readonly name: string; readonly N: number; readonly m: number; readonly parts: number };
  readonly decoder: string;
  readonly wait: string;
  readonly optimizer: Optimizer;
  /** γ_0 … γ_{K−1}. */
  readonly steps: Float64Array;
  readonly curves: SchemeCurves;
  readonly plan: PlanSummary;
  readonly moments: AlphaMoments | null;
  readonly bounds: readonly BoundCheck[];
  /** x_K of every run (runs × d). */
  readonly finalState: Float64Array;
  /** Per-run tables (with `keepRuns`). */
  readonly tables?: SchemeTables;
  readonly planSeconds: number;
  readonly descentSeconds: number;
}

/** Message path versus coefficient path of one scheme run with `path: both` (same straggler draws). */
export interface PathComparison {
  readonly label: string;
  readonly scheme: number;
  /** Largest ‖x_K^message − x_K^coefficient‖² over runs, and the same relative to ‖x_K^coefficient − x*‖². */
  readonly maxFinalDifference: number;
  readonly maxRelativeFinalDifference: number;
  /** Mean over runs and iterations of ‖ĝ − g‖²/‖g‖² on each path. */
  readonly coefficientRelativeError: number;
  readonly messageRelativeError: number;
}

/** The result of {@link runTraining}. */
export interface TrainResult {
  readonly name: string;
  readonly backend: string;
  readonly dataset: {
    readonly name: string;
    readonly n: number;
    readonly d: number;
    readonly provenance: DatasetProvenance;
  };
  readonly problem: {
    readonly loss: LossName;
    readonly form: GradientForm;
    readonly lambda: number;
    readonly m: number;
  };
  readonly constants: ProblemConstants;
  readonly optimum: { readonly x: Float64Array; readonly value: number; readonly method: string };
  readonly iterations: number;
  readonly runs: number;
  readonly confidence: number;
  readonly schemes: readonly SchemeResult[];
  readonly pathComparisons: readonly PathComparison[];
  /** Wall-clock seconds of the whole run (dataset, optimum, constants, plans, descent, bounds). */
  readonly seconds: number;
}

function waitText(scheme: ResolvedTrain['schemes'][number]): string {
  const w = scheme.wait;
  switch (w.kind) {
    case 'all':
    case 'exact':
      return w.kind;
    case 'deadline':
      return `deadline ${w.T}`;
    default:
      return `${w.kind} ${w.k}`;
  }
}

function comparePaths(results: readonly SchemeResult[], x: Float64Array, keep: SchemeTables[]): PathComparison[] {
  const out: PathComparison[] = [];
  const d = x.length;
  for (let a = 0; a < results.length; a++) {
    const coef = results[a];
    if (coef.path !== 'coefficient') continue;
    const b = results.findIndex((r) => r.scheme === coef.scheme && r.path === 'message');
    if (b < 0) continue;
    const msg = results[b];
    const runs = coef.finalState.length / d;
    let maxDiff = 0;
    let maxRel = 0;
    for (let r = 0; r < runs; r++) {
      let diff = 0;
      let dist = 0;
      for (let c = 0; c < d; c++) {
        diff += (msg.finalState[r * d + c] - coef.finalState[r * d + c]) ** 2;
        dist += (coef.finalState[r * d + c] - x[c]) ** 2;
      }
      maxDiff = Math.max(maxDiff, diff);
      maxRel = Math.max(maxRel, dist > 0 ? diff / dist : diff > 0 ? Number.POSITIVE_INFINITY : 0);
    }
    const meanRel = (t: SchemeTables) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < t.gradientError.length; i++) {
        const v = t.gradientError[i] / t.gradientNorm[i];
        if (Number.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      return n > 0 ? sum / n : Number.NaN;
    };
    out.push({
      label: coef.label.replace(/ \(coefficient\)$/, ''),
      scheme: coef.scheme,
      maxFinalDifference: maxDiff,
      maxRelativeFinalDifference: maxRel,
      coefficientRelativeError: meanRel(keep[a]),
      messageRelativeError: meanRel(keep[b]),
    });
  }
  return out;
}

/**
 * Coded gradient descent with convergence-bound validation (issue 5), the library entry point of `gradcode train`:
 * validates the spec (InputError naming the field), builds the dataset and problem f = Σ_i f_i, its minimiser x*
 * and the constants μ, L, L′, σ² (Glasgow & Wootters Prop. VI.1, core-gc.md §D.4), then for each scheme runs R
 * independent coded-GD runs on the backend (WGSL f32 kernels or the f64 CPU twin) and reports, per iteration, the
 * mean and CI over runs of the loss, f − f*, ‖x_k − x*‖², ‖ĝ − g‖²/‖g‖² and the simulated wall clock, the requested
 * bounds (Prop. VI.1, Cor. VII.2, Song–Choi, ErasureHead; `derivation: 'ours'` where the statement is our
 * derivation) with a verdict each, and the message-versus-coefficient path difference of `path: both` schemes.
 */
export async function runTraining(spec: unknown, options: TrainOptions = {}): Promise<TrainResult> {
  const resolved = resolveTrainSpec(spec, { baseDir: options.baseDir });
  return runResolvedTraining(resolved, options);
}

/** What every scheme of one training spec shares: the prepared problem and the starting point's distances. */
export interface TrainingContext {
  readonly resolved: ResolvedTrain;
  readonly prepared: PreparedProblem;
  /** ‖x_0 − x*‖² and f(x_0) − f* of the zero starting point. */
  readonly eps0: number;
  readonly gap0: number;
}

/** Builds the dataset, problem, x* and constants of a resolved spec (deterministic from its seeds). */
export function prepareTraining(resolved: ResolvedTrain): TrainingContext {
  const prepared = prepareProblem(resolved);
  const { problem, optimum } = prepared;
  const x0 = new Float64Array(problem.d);
  let eps0 = 0;
  for (const v of optimum.x) eps0 += v * v;
  return { resolved, prepared, eps0, gap0: fullLoss(problem, x0) - optimum.value };
}

/** The outcome of one entry of the spec's `schemes`: one result per path (two for `path: both`). */
export interface SpecSchemeOutcome {
  readonly results: SchemeResult[];
  /** Per-run tables of each result (kept for the path comparison and `keepRuns`). */
  readonly tables: SchemeTables[];
  /** The message-versus-coefficient comparison of a `path: both` entry. */
  readonly comparison: PathComparison | null;
}

/**
 * Runs every path of entry `index` of the spec's `schemes` (R coded-GD runs each, on `backend`) and checks its
 * bounds. Each entry depends only on the spec, the prepared problem and its own straggler draws (seeded by the
 * spec's seed and the entry's straggler model), so entries can run in any order, or be resumed one by one.
 */
export async function runSpecScheme(
  context: TrainingContext,
  index: number,
  backend: Backend,
  options: Pick<TrainOptions, 'keepRuns' | 'onProgress'> = {},
): Promise<SpecSchemeOutcome> {
  const { resolved, prepared, eps0, gap0 } = context;
  const { optimum, constants } = prepared;
  const results: SchemeResult[] = [];
  const tables: SchemeTables[] = [];
  for (const scheme of resolved.schemes.filter((s) => s.scheme === index)) {
    const position = resolved.schemes.indexOf(scheme);
    const run = await runScheme(resolved, prepared, scheme, backend, {
      omega: energyWeights(scheme, resolved.bounds),
      needMoments: resolved.bounds.includes('glasgow-wootters-vi1'),
      onWindow: (iteration) =>
        options.onProgress?.({
          scheme: position,
          schemes: resolved.schemes.length,
          iteration,
          iterations: resolved.iterations,
        }),
    });
    const t = run.tables;
    const { runs, points } = t;
    const c = resolved.confidence;
    const relative = t.gradientError.map((e, i) => e / t.gradientNorm[i]);
    const bounds = checkSchemeBounds({ names: resolved.bounds, scheme, run, constants, eps0, gap0, confidence: c });
    tables.push(t);
    results.push({
      label: scheme.label,
      scheme: scheme.scheme,
      path: scheme.path,
      code: { name: scheme.code.name, N: scheme.code.N, m: scheme.code.m, parts: scheme.code.parts },
      decoder: scheme.decoder.name,
      wait: waitText(scheme),
      optimizer: scheme.optimizer,
      steps: run.steps,
      curves: {
        loss: curveOf(t.loss, runs, points, c),
        gap: curveOf(
          t.loss.map((v) => v - optimum.value),
          runs,
          points,
          c,
        ),
        distance: curveOf(t.distance, runs, points, c),
        relativeGradientError: curveOf(relative, runs, points, c),
        averageGradientNorm: curveOf(metricTable('averageGradientNorm', t, optimum.value), runs, points, c),
        time: curveOf(t.time, runs, points, c),
      },
      plan: run.plan,
      moments: run.moments,
      bounds,
      finalState: run.finalState,
      tables: options.keepRuns ? t : undefined,
      planSeconds: run.planSeconds,
      descentSeconds: run.descentSeconds,
    });
  }
  const comparison = comparePaths(results, optimum.x, tables)[0] ?? null;
  return { results, tables, comparison };
}

/** The indices of the entries of a spec's `schemes` (0 for a spec without `schemes`), in order. */
export function specSchemeIndices(resolved: ResolvedTrain): number[] {
  return [...new Set(resolved.schemes.map((s) => s.scheme))];
}

/** Rethrows a dataset too large for the GPU as the InputError naming `dataset`. */
export function datasetLimitError(error: unknown): unknown {
  // The only buffers that do not shrink with the batch are the dataset's (X and Xᵀ, or the chunk Gram matrices).
  if (error instanceof GpuLimitError) {
    return new InputError(
      'dataset',
      `is too large for the GPU: ${error.message} (its f32 copy on the device); use --backend cpu, fewer rows ` +
        'or features, or form: gram for least squares',
    );
  }
  return error;
}

/** The result of a whole spec from its context and the outcomes of its entries. */
export function trainResult(
  context: TrainingContext,
  outcomes: readonly SpecSchemeOutcome[],
  backend: string,
  seconds: number,
): TrainResult {
  const { resolved, prepared } = context;
  const { problem, optimum, constants, dataset } = prepared;
  return {
    name: resolved.spec.name,
    backend,
    dataset: { name: dataset.name, n: dataset.n, d: dataset.d, provenance: dataset.provenance },
    problem: { loss: problem.loss, form: problem.form, lambda: problem.lambda, m: problem.m },
    constants,
    optimum: { x: optimum.x, value: optimum.value, method: optimum.method },
    iterations: resolved.iterations,
    runs: resolved.runs,
    confidence: resolved.confidence,
    schemes: outcomes.flatMap((o) => o.results),
    pathComparisons: outcomes.flatMap((o) => (o.comparison ? [o.comparison] : [])),
    seconds,
  };
}

/** {@link runTraining} on an already resolved spec (src/train/spec/resolve-train.ts). */
export async function runResolvedTraining(resolved: ResolvedTrain, options: TrainOptions = {}): Promise<TrainResult> {
  const started = performance.now();
  const context = prepareTraining(resolved);
  const backend =
    options.backendInstance ?? (await createBackend({ backend: options.backend, adapter: options.adapter }));
  try {
    const outcomes: SpecSchemeOutcome[] = [];
    for (const index of specSchemeIndices(resolved))
      outcomes.push(await runSpecScheme(context, index, backend, options));
    return trainResult(context, outcomes, backend.description, (performance.now() - started) / 1000);
  } catch (error) {
    throw datasetLimitError(error);
  } finally {
    if (!options.backendInstance) await backend.dispose();
  }
}

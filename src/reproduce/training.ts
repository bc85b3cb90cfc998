import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { PlotRow } from '../plots/types.js';
import { emptyMoments, pushMoment } from '../stats/moments.js';
import type { BoundCheck } from '../train/run/check-bounds.js';
import type { SchemeResult, TrainResult } from '../train/run/run-training.js';
import { runTraining } from '../train/run/run-training.js';
import { estimateFromMoments, estimateInterval, type Interval, type MeanEstimate, ratioInterval } from './estimates.js';
import { simultaneousLevel } from './family.js';
import { fmt } from './numbers.js';
import { gallerySpecDir } from './spec-file.js';
import type { Check } from './types.js';
import { type CheckMeta, infoCheck, judgedCheck } from './verdict.js';

/**
 * A gallery entry's coded-gradient-descent setting: `examples/reproduce/<id>.train.yaml`, an ordinary
 * `gradcode train` spec (src/train, issue 5), with `--quick` capping its runs and iterations.
 */
export interface LoadedTrainSpec {
  readonly path: string;
  readonly relativePath: string;
  readonly text: string;
  /** The parsed spec with the quick caps applied (validated by src/train when run). */
  readonly spec: Record<string, unknown>;
  readonly runs: number;
  readonly iterations: number;
}

/** Monte-Carlo draws of the α moments (Prop. VI.1) with `--quick` (src/train's default is 20000). */
export const QUICK_BOUND_DRAWS = 2000;

/** Caps of `--quick` on a training spec (same code paths, fewer runs and iterations). */
export interface TrainQuickCaps {
  readonly runs: number;
  readonly iterations: number;
}

/** File name of an entry's training spec: `<id>.train.yaml`, or `<id>.<variant>.train.yaml` for one of several. */
export function trainSpecName(id: string, variant?: string): string {
  return `${id}${variant ? `.${variant}` : ''}.train.yaml`;
}

/** Path of an entry's training spec, or null when it has none. */
export function trainSpecPath(id: string, dir = gallerySpecDir(), variant?: string): string | null {
  const path = join(dir, trainSpecName(id, variant));
  return existsSync(path) ? path : null;
}

/**
 * Loads `<dir>/<id>[.<variant>].train.yaml` (default dir: examples/reproduce), capping `runs` and `iterations` at
 * `quick` when given (and the α-moment draws at {@link QUICK_BOUND_DRAWS}). A missing or malformed file is an
 * {@link InputError} naming it.
 */
export function loadTrainSpec(
  id: string,
  options: { quick?: TrainQuickCaps; dir?: string; variant?: string } = {},
): LoadedTrainSpec {
  const path = join(options.dir ?? gallerySpecDir(), trainSpecName(id, options.variant));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(path, `cannot read the gallery training spec: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InputError(path, `malformed YAML: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new InputError(path, 'a training spec must be a mapping');
  const spec = { ...(raw as Record<string, unknown>) };
  const runs = Number(spec.runs);
  const iterations = Number(spec.iterations);
  if (options.quick) {
    spec.runs = Math.min(runs, options.quick.runs);
    spec.iterations = Math.min(iterations, options.quick.iterations);
    spec.boundDraws = Math.min(Number(spec.boundDraws ?? QUICK_BOUND_DRAWS), QUICK_BOUND_DRAWS);
  }
  return {
    path,
    relativePath: relative(packageRoot(), path),
    text,
    spec,
    runs: Number(spec.runs),
    iterations: Number(spec.iterations),
  };
}

/** Runs a loaded training spec with src/train's `runTraining` (per-run tables kept) on the given backend. */
export async function runTrainSpec(
  loaded: LoadedTrainSpec,
  backend: { backend?: string; adapter?: string },
): Promise<TrainResult> {
  return runTraining(loaded.spec, {
    backend: backend.backend,
    adapter: backend.adapter,
    baseDir: dirname(loaded.path),
    keepRuns: true,
  });
}

/** The scheme of a training result with this label; an internal error when the spec has none. */
export function schemeByLabel(result: TrainResult, label: string): SchemeResult {
  const s = result.schemes.find((x) => x.label === label);
  if (!s) throw new Error(`internal error: the training spec has no scheme labelled "${label}"`);
  return s;
}

/** Per-run values of a scheme's table at iteration k (finite ones) as a {@link MeanEstimate}. */
export function runsEstimate(
  scheme: SchemeResult,
  table: 'distance' | 'gap' | 'time',
  k: number,
  fStar = 0,
): MeanEstimate {
  const t = scheme.tables;
  if (!t) throw new Error('internal error: training ran without keepRuns');
  const values = table === 'gap' ? t.loss : t[table];
  const m = emptyMoments();
  for (let r = 0; r < t.runs; r++) {
    const v = values[r * t.points + k] - (table === 'gap' ? fStar : 0);
    if (Number.isFinite(v)) pushMoment(m, v);
  }
  return estimateFromMoments(m);
}

/** A scheme's per-run mean of a table at iteration k with its `level` interval. */
export function runsInterval(
  scheme: SchemeResult,
  table: 'distance' | 'gap' | 'time',
  k: number,
  level: number,
  fStar = 0,
): Interval {
  return estimateInterval(runsEstimate(scheme, table, k, fStar), level);
}

/**
 * Ratio of two schemes' means at iteration k (numerator / denominator) with a `level` interval: the box of the two
 * means' intervals at level 1 − (1 − level)/2 (valid whatever their correlation).
 */
export function schemeRatio(
  numerator: SchemeResult,
  denominator: SchemeResult,
  table: 'distance' | 'gap',
  k: number,
  level: number,
  fStar = 0,
): Interval {
  return ratioInterval([runsEstimate(numerator, table, k, fStar)], [runsEstimate(denominator, table, k, fStar)], level);
}

/**
 * A convergence bound of src/train as a judged check: E[metric_k] ≤ bound_k at every iteration k ≥ 1 where the bound
 * is defined (at k = 0 the bounds equal the initial value). Each iteration's mean over the runs gets an interval at
 * level `level` split over the iterations (Bonferroni), so the reported interval [max_k lo_k/b_k, max_k hi_k/b_k] holds
 * for max_k E[metric_k]/b_k as a whole; it passes when that interval is ≤ 1. The measured value is max_k mean_k/b_k:
 * how tight the bound is, stated in the reason ("far from tight" below 0.1). A bound that does not apply to the scheme
 * is reported as information with src/train's reason.
 */
export function boundCheck(
  meta: Omit<CheckMeta, 'statistic'>,
  check: BoundCheck,
  scheme: SchemeResult,
  fStar: number,
  level: number,
): Check {
  const metric = check.bound.metric;
  const statistic = `max over k of E[${metric}_k] / bound_k (${check.bound.title}; ${check.bound.derivation === 'paper' ? 'paper statement' : 'our derivation'})`;
  const rows = check.rows.filter((r) => r.iteration > 0 && Number.isFinite(r.bound));
  if (!check.verdict || rows.length === 0 || (metric !== 'distance' && metric !== 'gap')) {
    return infoCheck(
      { ...meta, statistic },
      Number.NaN,
      null,
      `not applicable: ${check.bound.reason ?? (rows.length ? `metric ${metric} is not judged here` : 'no iteration after k = 0')}`,
    );
  }
  const each = simultaneousLevel(level, rows.length);
  let mean = { value: Number.NEGATIVE_INFINITY, k: 0 };
  let hi = { value: Number.NEGATIVE_INFINITY, k: 0 };
  let lo = Number.NEGATIVE_INFINITY;
  let last = Number.NaN;
  for (const r of rows) {
    const i = estimateInterval(runsEstimate(scheme, metric, r.iteration, fStar), each);
    if (i.value / r.bound > mean.value) mean = { value: i.value / r.bound, k: r.iteration };
    const upper = (Number.isFinite(i.hi) ? i.hi : i.value) / r.bound;
    if (upper > hi.value) hi = { value: upper, k: r.iteration };
    lo = Math.max(lo, (Number.isFinite(i.lo) ? i.lo : i.value) / r.bound);
    last = i.value / r.bound;
  }
  const c = judgedCheck({ ...meta, statistic }, mean.value, [lo, hi.value], { kind: 'atMost', value: 1 }, level);
  const tight = mean.value < 0.1 ? ' — far from tight' : mean.value < 0.5 ? ' — not tight' : '';
  return {
    ...c,
    reason: `${c.reason}; tightness: the mean reaches at most ${fmt(mean.value)} of the bound (k = ${mean.k})${tight}, and ${fmt(last)} of it at the last iteration; the upper interval end is largest at k = ${hi.k}`,
  };
}

/**
 * A wrong closed form for a bound's falsifier: the bound with its floor removed, b_k − b_K (the contraction term
 * alone, roughly), which a noisy scheme must exceed near the end of the run.
 */
export function boundWithoutFloor(check: BoundCheck): BoundCheck {
  const last = check.rows.length ? check.rows[check.rows.length - 1].bound : 0;
  return { ...check, rows: check.rows.map((r) => ({ ...r, bound: r.bound - last })) };
}

/** Plot rows of a bound check (iteration, mean, ci_lo, ci_hi, bound, series) for the convergence-bound template. */
export function boundRows(check: BoundCheck, series: string): PlotRow[] {
  return check.rows
    .filter((r) => r.mean > 0 && r.bound > 0)
    .map((r) => ({
      iteration: r.iteration,
      mean: r.mean,
      ci_lo: r.ci_lo,
      ci_hi: r.ci_hi,
      bound: r.bound,
      scheme: series,
    }));
}

/** Plot rows of a scheme's mean curve (iteration, mean, ci_lo, ci_hi, scheme) from src/train's curves. */
export function curveRows(scheme: SchemeResult, curve: 'gap' | 'distance', series = scheme.label): PlotRow[] {
  const c = scheme.curves[curve];
  const rows: PlotRow[] = [];
  for (let k = 0; k < c.mean.length; k++) {
    if (!(c.mean[k] > 0)) continue;
    rows.push({ iteration: k, mean: c.mean[k], ci_lo: c.lo[k], ci_hi: c.hi[k], scheme: series });
  }
  return rows;
}

/** A one-line description of a training run for the report's notes. */
export function trainingNote(loaded: LoadedTrainSpec, result: TrainResult): string {
  const c = result.constants;
  return `Coded GD: \`${loaded.relativePath}\` — ${result.dataset.name} (n = ${result.dataset.n}, d = ${result.dataset.d}), ${result.problem.loss}, ${result.runs} runs × ${result.iterations} iterations per scheme on ${result.backend}; μ = ${fmt(c.mu)}, L = ${fmt(c.L)}, L′ = ${fmt(c.Lprime)}, σ² = ${fmt(c.sigma2)}, f* = ${fmt(c.fStar)}; ${result.seconds.toFixed(1)} s.`;
}

/**
 * Per run, the mean over iterations k < K of the relative gradient error ‖ĝ_k − g_k‖²/‖g_k‖² on the real gradients,
 * as a {@link MeanEstimate} over the runs (runs are independent; iterations within a run are not).
 */
export function relativeErrorEstimate(scheme: SchemeResult): MeanEstimate {
  const t = scheme.tables;
  if (!t) throw new Error('internal error: training ran without keepRuns');
  const m = emptyMoments();
  for (let r = 0; r < t.runs; r++) {
    let sum = 0;
    let n = 0;
    for (let k = 0; k < t.points; k++) {
      const v = t.gradientError[r * t.points + k] / t.gradientNorm[r * t.points + k];
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n > 0) pushMoment(m, sum / n);
  }
  return estimateFromMoments(m);
}

/**
 * Per run, the mean of f(x_k) − f* over the iterations k ∈ [from, K] (the plateau a noise floor leaves), as a
 * {@link MeanEstimate} over the runs.
 */
export function plateauEstimate(scheme: SchemeResult, from: number, fStar: number): MeanEstimate {
  const t = scheme.tables;
  if (!t) throw new Error('internal error: training ran without keepRuns');
  const m = emptyMoments();
  for (let r = 0; r < t.runs; r++) {
    let sum = 0;
    let n = 0;
    for (let k = Math.max(0, from); k < t.points; k++) {
      const v = t.loss[r * t.points + k] - fStar;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    if (n > 0) pushMoment(m, sum / n);
  }
  return estimateFromMoments(m);
}

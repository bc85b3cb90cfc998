import { type ProblemConstants, problemConstants } from '../bounds/constants.js';
import { afmGlyphs } from '../data/afm-glyphs.js';
import type { Dataset } from '../data/dataset.js';
import { gaussianLogistic } from '../data/gaussian-logistic.js';
import { syntheticLeastSquares } from '../data/synthetic-least-squares.js';
import { findOptimum, type Optimum } from '../problem/optimum.js';
import { autoForm, buildProblem, type TrainProblem } from '../problem/problem.js';
import type { ResolvedTrain } from '../spec/resolve-train.js';

/** The dataset, the problem built from it, its minimiser and the bound constants of one training spec. */
export interface PreparedProblem {
  readonly dataset: Dataset;
  readonly problem: TrainProblem;
  readonly optimum: Optimum;
  readonly constants: ProblemConstants;
}

/** Builds the dataset of a resolved spec (deterministic from its seed; provenance in each generator). */
export function buildDataset(resolved: ResolvedTrain): Dataset {
  const spec = resolved.dataset;
  const seed = resolved.datasetSeed;
  switch (spec.kind) {
    case 'synthetic-least-squares':
      return syntheticLeastSquares({
        rows: spec.rows,
        features: spec.features,
        condition: spec.condition,
        noise: spec.noise,
        seed,
      });
    case 'gaussian-logistic':
      return gaussianLogistic({ rows: spec.rows, features: spec.features, separation: spec.separation, seed });
    case 'afm-glyphs':
      return afmGlyphs({ task: spec.task, shuffle: spec.shuffle, seed });
  }
}

/**
 * Dataset → problem f = Σ_i f_i over the code's m chunks (src/train/problem/problem.ts) → x* → μ, L, L′, σ²
 * (Glasgow & Wootters Prop. VI.1's constants, core-gc.md §D.4).
 */
export function prepareProblem(resolved: ResolvedTrain): PreparedProblem {
  const dataset = buildDataset(resolved);
  const form = resolved.form === 'auto' ? autoForm(resolved.loss, dataset.n, dataset.d, resolved.m) : resolved.form;
  const problem = buildProblem(dataset, resolved.m, resolved.loss, resolved.lambda, form);
  const optimum = findOptimum(problem);
  const constants = problemConstants(problem, optimum);
  return { dataset, problem, optimum, constants };
}

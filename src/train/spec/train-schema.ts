import { z } from 'zod';
import { SeedSchema } from '../../spec/cell-schema.js';
import { StragglerModelSchema } from '../../stragglers/model.js';
import { BOUND_NAMES } from '../bounds/types.js';
import { LOSS_NAMES } from '../problem/problem.js';

const positiveInt = z.number().int().positive();

/** The dataset of a training spec (src/train/data). */
export const DatasetSpecSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('synthetic-least-squares'),
      rows: positiveInt,
      features: positiveInt,
      /** κ of XᵀX (λ_max/λ_min). */
      condition: z.number().min(1).default(10),
      noise: z.number().nonnegative().default(0.1),
      seed: SeedSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('gaussian-logistic'),
      rows: positiveInt,
      features: positiveInt,
      separation: z.number().default(1.5),
      seed: SeedSchema.optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('afm-glyphs'),
      task: z.enum(['regression', 'classification']).default('regression'),
      shuffle: z.boolean().default(true),
      seed: SeedSchema.optional(),
    })
    .strict(),
]);
export type DatasetSpec = z.infer<typeof DatasetSpecSchema>;

/** When the PS stops waiting in an iteration (the round plan's stop rule, src/protocols/round-plan.ts). */
export const WaitSchema = z.union([
  z.enum(['all', 'exact']),
  z.object({ deadline: z.number().positive() }).strict(),
  z.object({ count: positiveInt }).strict(),
  z.object({ collect: positiveInt }).strict(),
]);

/**
 * The step size: a positive number, or a rule computed from the data: `smoothness` γ = factor/L, `prop-vi1`
 * γ = factor/(c(sL′ + L)) (Glasgow & Wootters Prop. VI.1's largest step), `prop-vii1` Prop. VII.1's γ for ε = 1
 * (times factor), `inverse-time` γ_k = factor/(μ(k + 1)).
 */
export const StepSchema = z.union([
  z.number().positive('the step size must be positive'),
  z
    .object({
      rule: z.enum(['smoothness', 'prop-vi1', 'prop-vii1', 'inverse-time']),
      factor: z.number().positive('the step factor must be positive').default(1),
    })
    .strict(),
]);

/** The per-scheme keys (top level defaults, overridable in each `schemes` entry). */
const schemeShape = {
  label: z.string().min(1).optional(),
  /** The code: a compact string or an object (see `gradcode inspect --help`). */
  code: z.union([z.string().min(1), z.object({ family: z.string() }).catchall(z.unknown())]),
  order: z.string().min(1).default('natural'),
  decoder: z.string().min(1).default('optimal'),
  stragglers: StragglerModelSchema.default({ chunkTime: { dist: 'exponential', rate: 1 } }),
  wait: WaitSchema.default('all'),
  /** `coefficient`, `message`, or `both` (two runs, and their difference reported). */
  path: z.enum(['coefficient', 'message', 'both']).default('coefficient'),
  optimizer: z.enum(['gd', 'agd']).default('gd'),
  step: StepSchema,
};

/** One scheme of a training spec: overrides of the top-level scheme keys. */
export const SchemeSpecSchema = z.object(schemeShape).partial().strict();

/** A complete scheme after merging its overrides over the top-level keys (code and step are required). */
export const SchemeSchema = z.object(schemeShape).strict();
export type SchemeSpec = z.infer<typeof SchemeSchema>;

/** The scheme keys (shared by the top level and `schemes` entries). */
export const SCHEME_KEYS = Object.keys(schemeShape) as (keyof typeof schemeShape)[];

/**
 * A `gradcode train` spec (YAML or JSON). Unknown keys are rejected; every error names its field.
 */
export const TrainSpecSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" and "-" only')
      .default('train'),
    description: z.string().optional(),
    /** Seed of the straggler draws (and of the dataset unless it has its own). */
    seed: SeedSchema.default(1),
    dataset: DatasetSpecSchema,
    loss: z.enum(LOSS_NAMES as [string, ...string[]]).default('least-squares'),
    /** Ridge weight λ ≥ 0 (split evenly over the chunk losses). */
    regularization: z.number().nonnegative().default(0),
    /** How chunk gradients are computed; `auto` picks the cheaper. */
    form: z.enum(['auto', 'gram', 'direct']).default('auto'),
    iterations: positiveInt,
    runs: positiveInt,
    ...schemeShape,
    code: schemeShape.code.optional(),
    step: StepSchema.optional(),
    schemes: z.array(SchemeSpecSchema).min(1).optional(),
    /** Bounds to check: names, or `all`. */
    bounds: z.union([z.literal('all'), z.array(z.enum(BOUND_NAMES))]).default([]),
    /** Monte-Carlo draws for the α moments of Prop. VI.1 when they cannot be enumerated exactly. */
    boundDraws: positiveInt.default(20000),
    confidence: z.number().gt(0).lt(1).default(0.95),
    limits: z
      .object({
        /** Host bytes the dataset and its chunk matrices may take (default: min(8 GiB, half the RAM)). */
        hostBytes: positiveInt.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
/** A parsed training spec (dataset, schemes, bounds, sweep; docs/train.md), as `TrainSpecSchema.parse` returns it. */
export type TrainSpec = z.infer<typeof TrainSpecSchema>;

import { z } from 'zod';
import { formatLimitNumber, LIMITS } from '../limits/limits.js';
import { StragglerModelSchema } from '../stragglers/model.js';

/** A time in a T grid: a non-negative number or "inf" (after every worker that will finish has finished). */
const gridTime = z.union([z.number().nonnegative(), z.literal('inf')]);

/** The T grid: explicit ascending times, or `points` evenly spaced times from `from` to `to` (linear or log). */
export const TimeGridSchema = z.union([
  z.array(gridTime).min(1, 'the T grid needs at least one time'),
  z
    .object({
      from: z.number().nonnegative(),
      to: z.number().positive(),
      points: z.number().int().min(1),
      scale: z.enum(['linear', 'log']).default('linear'),
    })
    .strict()
    .refine((g) => g.to > g.from, { message: '`to` must be greater than `from`', path: ['to'] })
    .refine((g) => g.scale === 'linear' || g.from > 0, { message: 'a log grid needs from > 0', path: ['from'] }),
]);

/** Stop a cell once the 95% CI half-width of a mean is below a relative target. */
export const AdaptiveSchema = z
  .object({
    relativeHalfWidth: z.number().positive().max(1),
    statistic: z.enum(['completion', 'error']).default('completion'),
    /** Grid index of the error mean (statistic: error). */
    gridIndex: z.number().int().nonnegative().default(0),
  })
  .strict();

/** A seed: a non-negative safe integer, or a decimal string for seeds up to 2⁶⁴ − 1. */
export const SeedSchema = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.string().regex(/^\d+$/, 'a seed string must be a non-negative decimal integer'),
]);

/**
 * One cell of a trial spec (issue 4): a code, an ordering, a straggler model, a protocol with its decoder, the T
 * grid, and a trial budget. Every key is documented in the README's spec reference; unknown keys are rejected.
 */
export const CellSpecSchema = z
  .object({
    /** Free-form label for tables and plots. */
    label: z.string().optional(),
    /** The code: a compact string (`frc:N=12,s=3`) or an object `{family: 'frc', N: 12, s: 3}`. */
    code: z.union([z.string().min(1), z.object({ family: z.string() }).catchall(z.unknown())]),
    /** Processing order: natural, optimal (Latin), random:SEED, or an order-file path. */
    order: z.string().min(1).default('natural'),
    /** Allow the local-search heuristic when `optimal` is asked for a non-regular assignment. */
    heuristic: z.boolean().default(false),
    /** Straggler-handling protocol (DESIGN §2–§3). */
    protocol: z.enum(['original', 'partial', 'tandon-partial', 'erasure']).default('original'),
    /** ℓ for `partial` (default: the code's ℓ); for `original` it must equal the code's ℓ. */
    parts: z.number().int().positive().optional(),
    /** Decoder of the `original` protocol's error curve (see `gradcode inspect --help` for names). */
    decoder: z.string().min(1).default('optimal'),
    /** `erasure` only: stop after this many arrivals (ErasureHead's num_collect); default N. */
    collect: z.number().int().positive().optional(),
    /** Straggler and time model. */
    stragglers: StragglerModelSchema.default({ chunkTime: { dist: 'exponential', rate: 1 } }),
    /** Times at which the decoding error is evaluated; omit for completion statistics only. */
    tGrid: TimeGridSchema.optional(),
    /** Divide errors by m (true) or report ‖α − 1‖² unnormalised. */
    normalize: z.boolean().default(true),
    /** Monte-Carlo trials (the maximum, with `adaptive`). */
    trials: z.number().int().positive().default(10000),
    /** Seed (key of every Philox draw); default: the spec's seed. */
    seed: SeedSchema.optional(),
    adaptive: AdaptiveSchema.optional(),
    /** Counter word of the cell (c2). Default: a hash of the straggler model and N, so cells that differ only in
     * protocol, decoder, order or coefficients see the same straggler draws (common random numbers). */
    stream: z.number().int().nonnegative().max(0xffffffff).optional(),
  })
  .strict();

/** A validated cell spec. */
export type CellSpec = z.infer<typeof CellSpecSchema>;

/** Sweep axes: `grid` (cartesian product) and `zip` (values advance together); keys are dotted cell paths. */
export const SweepSchema = z
  .object({
    grid: z.record(z.string(), z.array(z.unknown()).min(1)).optional(),
    zip: z.record(z.string(), z.array(z.unknown()).min(1)).optional(),
  })
  .strict();

/** A whole spec file: defaults, explicit cells, sweep axes. */
export const SpecSchema = z
  .object({
    /** Name of the experiment (results directory name). */
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" and "-" only')
      .max(LIMITS.nameLength.value, {
        error: (issue) =>
          `has ${formatLimitNumber(String(issue.input).length)} characters, above the limit of ` +
          `${LIMITS.nameLength.value} (limits.nameLength)`,
      })
      .default('gradcode'),
    description: z.string().optional(),
    /** Default seed of every cell. */
    seed: SeedSchema.default(1),
    /** Values every cell starts from. */
    defaults: z.record(z.string(), z.unknown()).optional(),
    /** Explicit cells (each merged over `defaults`); default one cell made of the defaults. */
    cells: z.array(z.record(z.string(), z.unknown())).min(1).optional(),
    sweep: SweepSchema.optional(),
    /** Plots to draw from the results (see `gradcode plot --help`). */
    plots: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .strict();

export type Spec = z.infer<typeof SpecSchema>;

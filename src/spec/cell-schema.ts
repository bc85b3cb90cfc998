import { z } from 'zod';
import { decoderNames } from '../decoders/registry.js';
import { formatLimitNumber, LIMITS } from '../limits/limits.js';
import { StragglerModelSchema } from '../stragglers/model.js';
import { SpecLabelsSchema } from './plot-schema.js';

/** A time in a T grid: a non-negative number or "inf" (after every worker that will finish has finished). */
const gridTime = z.union([
  z.number().nonnegative().describe('A time T ≥ 0 (time units of `stragglers.chunkTime`).'),
  z.literal('inf').describe('T = ∞: after every worker that will finish has finished.'),
]);

/** The T grid: explicit ascending times, or `points` evenly spaced times from `from` to `to` (linear or log). */
export const TimeGridSchema = z.union([
  z
    .array(gridTime)
    .min(1, 'the T grid needs at least one time')
    .describe('Explicit times, strictly increasing: numbers ≥ 0 (time units) or "inf".'),
  z
    .object({
      from: z.number().nonnegative().describe('First time (time units); > 0 for a log grid.'),
      to: z.number().positive().describe('Last time (time units), greater than `from`.'),
      points: z.number().int().min(1).describe('Number of times, both ends included.'),
      scale: z
        .enum(['linear', 'log'])
        .default('linear')
        .describe('Spacing: linear (equal steps) or log (equal ratios).'),
    })
    .strict()
    .refine((g) => g.to > g.from, { message: '`to` must be greater than `from`', path: ['to'] })
    .refine((g) => g.scale === 'linear' || g.from > 0, { message: 'a log grid needs from > 0', path: ['from'] })
    .describe('`points` times from `from` to `to`, evenly spaced on a linear or log scale.'),
]);

/** Stop a cell once the 95% CI half-width of a mean is below a relative target. */
export const AdaptiveSchema = z
  .object({
    relativeHalfWidth: z
      .number()
      .positive()
      .max(1)
      .describe('Target: stop once the 95% CI half-width ≤ relativeHalfWidth × |mean| (a fraction in (0, 1]).'),
    statistic: z
      .enum(['completion', 'error'])
      .default('completion')
      .describe('Whose mean: the completion time, or the decoding error at tGrid[gridIndex].'),
    /** Grid index of the error mean (statistic: error). */
    gridIndex: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('statistic: error — the 0-based index into the T grid.'),
  })
  .strict();

/** A seed: a non-negative safe integer, or a decimal string for seeds up to 2⁶⁴ − 1. */
export const SeedSchema = z.union([
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).describe('A non-negative integer up to 2^53 − 1.'),
  z
    .string()
    .regex(/^\d+$/, 'a seed string must be a non-negative decimal integer')
    .describe('A decimal string, for seeds up to 2^64 − 1.'),
]);

/** Values of `protocol`. */
export const PROTOCOLS = ['original', 'partial', 'tandon-partial', 'erasure'] as const;

/**
 * One cell of a trial spec: a code, an ordering, a straggler model, a protocol with its decoder, the T grid, and a
 * trial budget. Every key carries its description (`.describe`, exported by `gradcode schema` and rendered into
 * docs/sweeps.md); unknown keys are rejected.
 */
export const CellSpecSchema = z
  .object({
    label: z
      .string()
      .optional()
      .describe('Series name in tables and plots (the `scheme` column); default: code · protocol (decoder) · order.'),
    code: z
      .union([
        z.string().min(1).describe('A compact code string, e.g. "frc:N=12,s=3" or "cyclic:N=20,s=3".'),
        z
          .object({ family: z.string().describe('Code family, e.g. frc, crc, cyclic (`gradcode inspect --help`).') })
          .catchall(z.unknown())
          .describe('Object form {family, ...params}, e.g. {family: frc, N: 12, s: 3}.'),
      ])
      .describe(
        'The gradient code: which chunks each of the N workers holds, with coefficients. A compact string such as ' +
          '"frc:N=12,s=3" or an object {family, ...params}; `gradcode inspect CODE` shows N, m and loads.',
      ),
    order: z
      .string()
      .min(1)
      .default('natural')
      .describe(
        'Order in which each worker processes its chunks: natural (the construction’s), optimal (Latin / matching ' +
          'order, meets the Qmax bound), random:SEED, or the path of a JSON order file.',
      ),
    heuristic: z
      .boolean()
      .default(false)
      .describe('Allow the local-search heuristic when `optimal` meets a non-regular assignment.'),
    protocol: z
      .enum(PROTOCOLS)
      .default('original')
      .describe(
        'What the parameter server receives: original (a worker counts once all its chunks are done), partial (a ' +
          'message per finished chunk), tandon-partial (private + coded parts), erasure (ErasureHead: first `collect` arrivals).',
      ),
    parts: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'ℓ, copies of every chunk needed (partial; default: the code’s ℓ); for original it must equal the code’s ℓ.',
      ),
    decoder: z
      .string()
      .min(1)
      .default('optimal')
      .describe(
        `Decoder of the original protocol’s error curve: ${decoderNames.join(', ')} ` +
          '(`gradcode inspect --help` explains each).',
      ),
    collect: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('erasure only: the round ends after this many worker arrivals (ErasureHead’s num_collect); default N.'),
    stragglers: StragglerModelSchema.default({ chunkTime: { dist: 'exponential', rate: 1 } }).describe(
      'How long each worker takes per chunk and who fails: chunkTime, speed, slow, failures, fixedSet, bursty, trace.',
    ),
    tGrid: TimeGridSchema.optional().describe(
      'Times T (time units of chunkTime) at which the decoding error is measured; omit for completion statistics only.',
    ),
    normalize: z
      .boolean()
      .default(true)
      .describe('Report errors divided by m (true) or the unnormalised ‖B_Sᵀw − 1‖² (false).'),
    trials: z
      .number()
      .int()
      .positive()
      .default(10000)
      .describe('Monte-Carlo trials of the cell (the maximum, with `adaptive`).'),
    seed: SeedSchema.optional().describe('Key of every Philox draw of the cell; default: the spec’s seed.'),
    adaptive: AdaptiveSchema.optional().describe(
      'Stop early, between batches, once the 95% CI of a mean is tight enough (relative half-width).',
    ),
    stream: z
      .number()
      .int()
      .nonnegative()
      .max(0xffffffff)
      .optional()
      .describe(
        'Philox counter word of the cell (32-bit). Default: a hash of the straggler model and N, so cells that ' +
          'differ only in protocol, decoder, order or coefficients see the same straggler draws.',
      ),
  })
  .strict();

/** A validated cell spec. */
export type CellSpec = z.infer<typeof CellSpecSchema>;

/** Sweep axes: `grid` (cartesian product) and `zip` (values advance together); keys are dotted cell paths. */
export const SweepSchema = z
  .object({
    grid: z
      .record(z.string(), z.array(z.unknown()).min(1).describe('The values of the axis.'))
      .optional()
      .describe('Axes crossed as a cartesian product: {dotted.cell.path: [values…]}, e.g. {"code.N": [12, 24]}.'),
    zip: z
      .record(z.string(), z.array(z.unknown()).min(1).describe('The values of the axis (equal lengths).'))
      .optional()
      .describe('Axes that advance together (equal lengths): {dotted.cell.path: [values…]}.'),
  })
  .strict();

/** A whole spec file: defaults, explicit cells, sweep axes. */
export const SpecSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" and "-" only')
      .max(LIMITS.nameLength.value, {
        error: (issue) =>
          `has ${formatLimitNumber(String(issue.input).length)} characters, above the limit of ` +
          `${LIMITS.nameLength.value} (limits.nameLength)`,
      })
      .default('gradcode')
      .describe('Experiment name; the default results directory is results/<name>-<UTC time>.'),
    description: z.string().optional().describe('Free text, kept in spec.resolved.json (not part of the spec hash).'),
    seed: SeedSchema.default(1).describe('Default seed of every cell.'),
    defaults: z.record(z.string(), z.unknown()).optional().describe('Cell keys every cell starts from.'),
    cells: z
      .array(z.record(z.string(), z.unknown()))
      .min(1)
      .optional()
      .describe('Explicit cells, each merged over `defaults`; default: one cell made of the defaults.'),
    sweep: SweepSchema.optional().describe(
      'Sweep axes over any cell key: every explicit cell × every grid combination × every zip position.',
    ),
    plots: z
      .array(z.record(z.string(), z.unknown()))
      .optional()
      .describe('Figures drawn into DIR/plots/ once the results are complete (see `gradcode plot --help`).'),
    labels: SpecLabelsSchema.optional().describe(
      'Human labels of result columns used by every figure (column → text, e.g. {stragglers_slow_factor: "Slowdown ×"}); not part of the spec hash.',
    ),
  })
  .strict();

/** A parsed sweep spec (defaults, cells, grids, sweep options; docs/spec.md), as `SpecSchema.parse` returns it. */
export type Spec = z.infer<typeof SpecSchema>;

import { z } from 'zod';
import { DistributionSchema } from './distribution.js';

const probability = z.number().min(0).max(1);
/** A time multiplier: a positive number, or the string "inf" for "never finishes". */
const factor = z.union([z.number().positive(), z.literal('inf')]);
const FACTOR = 'a positive number, or "inf" (never finishes)';

/**
 * The straggler and time model of a cell (DESIGN §3 time model; issue 4 "Straggler and time models").
 *
 * Worker j in trial t processes its chunks one after another; the chunk at position k takes
 *   τ_{j,k} = f_j · X_{j,k},
 * with X_{j,k} drawn from `chunkTime` (or read from a trace) and a per-trial worker factor
 *   f_j = speed_j × (slow_j ? slow.factor : 1) × (in fixed set ? fixedSet.factor : 1) × (bursty_j ? bursty.factor : 1),
 * and f_j = ∞ when the worker failed (Bernoulli p or p_j): a failed worker never finishes anything. Every draw comes
 * from the counter layout in src/rng/counters.ts (see `src/stragglers/draws.ts` for the lanes).
 */
export const StragglerModelSchema = z
  .object({
    chunkTime: DistributionSchema.default({ dist: 'exponential', rate: 1 }).describe(
      'Distribution of X, the time one worker takes for one chunk, drawn per (trial, worker, position); every time ' +
        'in a cell (T grids, completion times) is in its unit. Default: exponential with rate 1.',
    ),
    speed: z
      .union([
        z.array(z.number().positive()).min(1).describe('Fixed multipliers, one per worker (length N).'),
        DistributionSchema.describe('A multiplier drawn per (trial, worker) from this distribution.'),
      ])
      .optional()
      .describe(
        'Per-worker time multiplier (a slowness, not a rate: 2 = twice as slow): a fixed list of length N, or a ' +
          'distribution drawn for each trial and worker. Default: 1.',
      ),
    slow: z
      .object({
        fraction: probability.describe('Fraction of workers slowed, in [0, 1].'),
        factor: factor.describe(`Time multiplier of a slowed worker: ${FACTOR}.`),
        mode: z
          .enum(['exact', 'bernoulli'])
          .default('exact')
          .describe(
            'exact: round(fraction·N) workers chosen per trial; bernoulli: each worker with probability fraction.',
          ),
      })
      .strict()
      .optional()
      .describe('Bimodal partial stragglers: in each trial a fraction of the workers is slowed by `factor`.'),
    failures: z
      .object({
        p: z
          .union([
            probability.describe('One probability for every worker.'),
            z.array(probability).min(1).describe('One probability per worker (length N).'),
          ])
          .describe('Failure probability per trial, in [0, 1]: one number, or p_j per worker (length N).'),
      })
      .strict()
      .optional()
      .describe('Failures: a failed worker never finishes anything in that trial (drawn per trial and worker).'),
    fixedSet: z
      .object({
        s: z.number().int().nonnegative().describe('Number of stragglers per trial (workers).'),
        mode: z
          .enum(['random', 'adversarial'])
          .default('random')
          .describe('random: a uniform s-subset per trial; adversarial: the worst s-set for optimal decoding.'),
        factor: factor.default('inf').describe(`Time multiplier of the set: ${FACTOR}. Default "inf".`),
        workers: z
          .array(z.number().int().nonnegative())
          .optional()
          .describe('adversarial: the workers (0-based indices); default: computed from the code.'),
      })
      .strict()
      .optional()
      .describe('A fixed-size straggler set per trial, slowed by `factor`.'),
    bursty: z
      .object({
        B: z.number().int().positive().describe('Burst length in rounds (trials); B ≤ W.'),
        W: z.number().int().positive().describe('Window length in rounds (trials).'),
        lambda: z.number().int().nonnegative().describe('Workers that straggle in each window.'),
        factor: factor.default('inf').describe(`Time multiplier of a straggling worker: ${FACTOR}. Default "inf".`),
      })
      .strict()
      .refine((b) => b.B <= b.W, { message: 'B must not exceed W', path: ['B'] })
      .optional()
      .describe(
        'Bursty stragglers across rounds (trial t is round t): in each aligned window of W rounds, lambda workers ' +
          'straggle for B consecutive rounds (a reconstruction of the (B, W, λ) model of Krishnan et al.).',
      ),
    trace: z
      .object({
        file: z
          .string()
          .min(1)
          .describe('CSV path (relative to the spec file): rows = rounds, columns = workers, entries in time units.'),
      })
      .strict()
      .optional()
      .describe(
        'Trace replay of measured per-chunk times: trial t uses row t mod R; empty, "inf" or non-finite entries ' +
          'mean the worker failed in that round. Replaces `chunkTime`.',
      ),
  })
  .strict();

/** A validated straggler model (spec form). */
export type StragglerModel = z.infer<typeof StragglerModelSchema>;

/** Converts a factor from its spec form ("inf" allowed) to a number. */
export function factorValue(f: number | 'inf'): number {
  return f === 'inf' ? Number.POSITIVE_INFINITY : f;
}

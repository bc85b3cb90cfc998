import { z } from 'zod';
import { DistributionSchema } from './distribution.js';

const probability = z.number().min(0).max(1);
/** A time multiplier: a positive number, or the string "inf" for "never finishes". */
const factor = z.union([z.number().positive(), z.literal('inf')]);

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
    /** Per-chunk processing time distribution X. Default: exponential with rate 1. */
    chunkTime: DistributionSchema.default({ dist: 'exponential', rate: 1 }),
    /** Per-worker speed factors: a fixed list (length N), or a distribution drawn per (trial, worker). */
    speed: z.union([z.array(z.number().positive()).min(1), DistributionSchema]).optional(),
    /** Bimodal partial stragglers: a fraction of workers slowed by `factor` (exactly round(fraction·N), or each
     * worker independently with probability `fraction`). */
    slow: z
      .object({
        fraction: probability,
        factor: factor,
        mode: z.enum(['exact', 'bernoulli']).default('exact'),
      })
      .strict()
      .optional(),
    /** Failures: each worker fails independently with probability p (a number) or p_j (a list of length N). */
    failures: z
      .object({ p: z.union([probability, z.array(probability).min(1)]) })
      .strict()
      .optional(),
    /** A fixed-size straggler set per trial: `s` workers chosen uniformly at random, or an adversarial set from the
     * code library (worst s-set for optimal decoding), slowed by `factor` (default "inf": they never finish). */
    fixedSet: z
      .object({
        s: z.number().int().nonnegative(),
        mode: z.enum(['random', 'adversarial']).default('random'),
        factor: factor.default('inf'),
        /** Explicit adversarial workers (0-based); computed from the code when omitted in adversarial mode. */
        workers: z.array(z.number().int().nonnegative()).optional(),
      })
      .strict()
      .optional(),
    /** Bursty stragglers across rounds (trials are rounds): in each aligned window of W rounds, λ workers straggle for
     * B consecutive rounds at a uniformly random offset. A reconstruction of the (B, W, λ)-bursty model of sequential
     * gradient coding (Krishnan et al.), not its exact definition. */
    bursty: z
      .object({
        B: z.number().int().positive(),
        W: z.number().int().positive(),
        lambda: z.number().int().nonnegative(),
        factor: factor.default('inf'),
      })
      .strict()
      .refine((b) => b.B <= b.W, { message: 'B must not exceed W', path: ['B'] })
      .optional(),
    /** Trace replay: a CSV of measured per-chunk times (rows = rounds, columns = workers); trial t uses row t mod R.
     * Empty, "inf" or non-finite entries mean the worker failed in that round. Replaces `chunkTime`. */
    trace: z
      .object({ file: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

/** A validated straggler model (spec form). */
export type StragglerModel = z.infer<typeof StragglerModelSchema>;

/** Converts a factor from its spec form ("inf" allowed) to a number. */
export function factorValue(f: number | 'inf'): number {
  return f === 'inf' ? Number.POSITIVE_INFINITY : f;
}

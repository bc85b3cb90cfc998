import { z } from 'zod';

/** A number in a record, NaN and ±∞ included (revived from their JSON strings before validation). */
const num = z.custom<number>((v) => typeof v === 'number', { message: 'expected a number' });
const int = z.number().int().nonnegative();

const summary = z.object({ n: num, mean: num, std: num, se: num, ciLo: num, ciHi: num, min: num, max: num });

/**
 * The shape of a {@link CellRecord} read back from a shard log: every field the tables use, typed. A record that
 * parses as JSON but does not fit (a hand edit, a tampered value such as `"mean": "banana"`) is refused with the file,
 * line and field, instead of failing later while the Parquet tables are written.
 */
export const CellRecordSchema = z.looseObject({
  v: z.literal(1),
  specHash: z.string().min(1),
  index: int,
  id: z.string().min(1),
  origin: z.string(),
  axes: z.record(z.string(), z.unknown()),
  label: z.string().nullable(),
  scheme: z.string(),
  code: z.string(),
  codeFamily: z.string(),
  codeParams: z.record(z.string(), z.unknown()),
  N: int,
  m: int,
  parts: int,
  protocol: z.string(),
  decoder: z.string().nullable(),
  order: z.string(),
  collect: int.nullable(),
  stragglers: z.unknown(),
  seed: z.string(),
  stream: int,
  normalize: z.boolean(),
  trialsPlanned: int,
  stats: z.object({
    trials: int,
    censored: int,
    completion: summary.extend({ p50: num, p90: num, p99: num, quantilesExact: z.boolean() }),
    done: summary,
    wasted: summary,
    errors: z.array(z.object({ T: num, error: summary, decodable: num, decodableLo: num, decodableHi: num })),
    errorScale: num,
  }),
  stoppedEarly: z.boolean(),
  backend: z.object({ kind: z.enum(['webgpu', 'cpu']), description: z.string() }),
  seconds: num,
  finishedAt: z.string(),
});

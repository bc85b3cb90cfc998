import { dirname } from 'node:path';
import { worstStragglerSet } from '../adversarial/worst-case.js';
import { buildCode } from '../codes/spec.js';
import type { GradientCode } from '../codes/types.js';
import { replicationGroups } from '../decoders/erasure.js';
import { getDecoder } from '../decoders/registry.js';
import { InputError } from '../errors.js';
import { checkLimit } from '../limits/limits.js';
import { orderFromSpec } from '../ordering/order-spec.js';
import { type ProtocolChoice, planRound } from '../protocols/round-plan.js';
import { scheduleFromOrder } from '../protocols/schedule.js';
import { canonicalJson, fnv1a32 } from '../spec/canonical.js';
import { checkCellLimits } from '../spec/cell-limits.js';
import type { CellSpec } from '../spec/cell-schema.js';
import { resolveStragglerModel } from '../stragglers/resolve.js';
import type { TrialCell } from './cell.js';

/** Where a cell's relative paths (order files, traces, matrix files) are resolved from, and its error prefix. */
export interface ResolveContext {
  /** Directory of the spec file. */
  baseDir?: string;
  /** Error-field prefix, e.g. `cells[2]`. */
  field: string;
  /** Sweep position (used only in error messages). */
  index: number;
}

/**
 * Turns a validated cell spec into a runnable {@link TrialCell}: builds the code, the processing order and the
 * straggler model bound to N, checks the protocol and decoder against the code, plans the round (src/protocols/
 * round-plan.ts), and fixes the T grid and the cell's counter word. Every problem is an InputError naming the field;
 * sizes are checked against the limits table before anything is built (`checkCellLimits`, the code's size in
 * `buildCode`).
 */
export function resolveCell(spec: CellSpec, ctx: ResolveContext): TrialCell {
  const f = (name: string) => `${ctx.field}.${name}`;
  checkCellLimits(spec, ctx.field);
  const code = buildCode(spec.code as Parameters<typeof buildCode>[0], { field: f('code'), baseDir: ctx.baseDir });
  const order = orderFromSpec(
    code,
    resolvePath(spec.order, ctx.baseDir, spec.order.includes(':') || ['natural', 'optimal'].includes(spec.order)),
    {
      heuristic: spec.heuristic,
      field: f('order'),
      parts: spec.parts ?? code.parts,
    },
  );
  const schedule = scheduleFromOrder(code, order, f('order'));
  const stragglerSpec = spec.stragglers;
  const stragglers = resolveStragglerModel(
    stragglerSpec.trace
      ? { ...stragglerSpec, trace: { file: resolvePath(stragglerSpec.trace.file, ctx.baseDir, false) } }
      : stragglerSpec,
    code.N,
    {
      field: f('stragglers'),
      adversarialSet: (s) => Array.from(worstStragglerSet(code, s).stragglers),
      maxLoad: maxLoad(code),
    },
  );
  const protocol = resolveProtocol(spec, code, f);
  const grid = resolveGrid(spec, f('tGrid'));
  const plan = planRound(code, protocol, { errorCurve: grid.length > 0 });
  const seed = spec.seed === undefined ? 1 : typeof spec.seed === 'string' ? BigInt(spec.seed) : spec.seed;
  if (typeof seed === 'bigint' && seed >= 1n << 64n) throw new InputError(f('seed'), 'must be below 2^64');
  const stream = spec.stream ?? fnv1a32(canonicalJson({ stragglers: spec.stragglers, N: code.N }));
  return {
    index: stream,
    seed,
    schedule,
    stragglers,
    plan,
    grid,
    trials: spec.trials,
    normalize: spec.normalize,
  };
}

/** The most chunks any worker holds. */
function maxLoad(code: GradientCode): number {
  let most = 0;
  for (let j = 0; j < code.N; j++) most = Math.max(most, code.offsets[j + 1] - code.offsets[j]);
  return most;
}

/** The fewest workers holding any chunk (0 when a chunk has none). */
function minReplication(code: GradientCode): number {
  const holders = new Int32Array(code.m);
  for (const i of code.chunks) holders[i]++;
  return holders.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
}

function resolvePath(path: string, baseDir: string | undefined, keep: boolean): string {
  if (keep || !baseDir || path.startsWith('/')) return path;
  return `${baseDir}/${path}`;
}

function resolveProtocol(spec: CellSpec, code: GradientCode, f: (name: string) => string): ProtocolChoice {
  switch (spec.protocol) {
    case 'partial': {
      const parts = spec.parts ?? code.parts;
      const fewest = minReplication(code);
      if (parts > fewest)
        throw new InputError(
          f('parts'),
          `ℓ = ${parts} exceeds the ${fewest} worker${fewest === 1 ? '' : 's'} holding the least replicated chunk: ` +
            'exact decoding needs ℓ copies of every chunk, so every trial would be censored',
        );
      return { kind: 'partial', parts };
    }
    case 'original': {
      if (spec.parts !== undefined && spec.parts !== code.parts) {
        throw new InputError(
          f('parts'),
          `the original protocol sends the code's own ℓ = ${code.parts}; got parts = ${spec.parts} (use a code with that ℓ, e.g. ye-abbe:…,parts=${spec.parts})`,
        );
      }
      const decoder = getDecoder(spec.decoder, f('decoder'));
      decoder.check(code);
      if (decoder.name === 'optimal' || code.recovery.kind === 'least-squares')
        checkLimit('leastSquaresWorkers', code.N, f('code'), 'the workers N decoded by least squares');
      return { kind: 'original', decoder: decoder.name };
    }
    case 'tandon-partial':
      if (code.meta.extra?.kind !== 'tandon-partial') {
        throw new InputError(f('protocol'), `tandon-partial needs a tandon-partial code (got ${code.name})`);
      }
      return { kind: 'tandon-partial' };
    case 'erasure': {
      const groups = replicationGroups(code);
      const distinct = new Set(groups).size;
      if (distinct === code.N) {
        throw new InputError(
          f('protocol'),
          `erasure (ErasureHead) needs a replication code with groups, e.g. frc; ${code.name} has none`,
        );
      }
      const collect = spec.collect ?? code.N;
      if (collect > code.N) throw new InputError(f('collect'), `must be ≤ N = ${code.N}, got ${collect}`);
      return { kind: 'erasure', collect };
    }
  }
}

/** The ascending T grid of a cell ("inf" → +∞); empty when the spec has none. */
export function resolveGrid(spec: CellSpec, field: string): Float64Array {
  const g = spec.tGrid;
  if (g === undefined) return new Float64Array(0);
  let values: number[];
  if (Array.isArray(g)) values = g.map((t) => (t === 'inf' ? Number.POSITIVE_INFINITY : t));
  else if (g.points === 1) values = [g.to];
  else if (g.scale === 'log') {
    const r = Math.log(g.to / g.from) / (g.points - 1);
    values = Array.from({ length: g.points }, (_, k) => (k === g.points - 1 ? g.to : g.from * Math.exp(r * k)));
  } else values = Array.from({ length: g.points }, (_, k) => g.from + ((g.to - g.from) * k) / (g.points - 1));
  for (let k = 1; k < values.length; k++) {
    if (!(values[k] > values[k - 1]))
      throw new InputError(`${field}[${k}]`, `times must increase strictly (${values[k - 1]} then ${values[k]})`);
  }
  return Float64Array.from(values);
}

/** The directory of a spec file, for resolving relative paths in it. */
export function specBaseDir(specPath: string): string {
  return dirname(specPath);
}

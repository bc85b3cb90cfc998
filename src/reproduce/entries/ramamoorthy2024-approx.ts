import { errorVsTimePlot } from '../../plots/templates/error-vs-time.js';
import type { PlotRow } from '../../plots/types.js';
import { errorEstimate, intervalColumns } from '../cell-stats.js';
import { type CellRun, partsValues, pickByParts } from '../cells.js';
import type { EntryContext } from '../context.js';
import type { GalleryEntry } from '../entry.js';
import { estimateInterval, ratioInterval } from '../estimates.js';
import { simultaneousLevel } from '../family.js';
import { fmt } from '../numbers.js';
import { everywhereCheck, type LabelledEstimator, ratioEstimator } from '../simultaneous.js';
import type { Check, SubClaim } from '../types.js';
import { judgedCheck } from '../verdict.js';
import { RAMAMOORTHY_2024 } from './ramamoorthy2024-exact.js';

/** "Several orders of magnitude" read as at least two. */
const MIN_RATIO = 100;
/** The band of T: the original protocol's mean error per chunk between these fractions of ℓ (its value at T = 0). */
const BAND: readonly [number, number] = [0.01, 0.5];

const SUBCLAIMS: readonly SubClaim[] = [
  {
    id: 'lower',
    text: 'the partial-straggler protocol’s mean-squared error is lower than the original protocol’s at the same time T',
  },
  { id: 'orders', text: '… by several orders of magnitude' },
];

/** The original and partial cells of one ℓ. */
export interface ProtocolPair {
  readonly parts: number;
  readonly original: CellRun;
  readonly partial: CellRun;
}

/** The pairs of the spec, one per ℓ. */
export function protocolPairs(runs: readonly CellRun[]): ProtocolPair[] {
  return partsValues(runs).map((parts) => ({
    parts,
    original: pickByParts(runs, 'original', parts),
    partial: pickByParts(runs, 'partial', parts),
  }));
}

/** The grid times of a pair's cells. */
function gridOf(pair: ProtocolPair): number[] {
  return Array.from(pair.original.trial.grid);
}

/** Ratio estimator E[error_original(T)] / E[error_partial(T)]. */
function errorRatio(pair: ProtocolPair, T: number): LabelledEstimator {
  return {
    label: `T = ${fmt(T)}`,
    estimate: ratioEstimator([errorEstimate(pair.original, T)], [errorEstimate(pair.partial, T)]),
  };
}

/**
 * The band of T for one ℓ: grid times where the original protocol's mean error per chunk lies in
 * [BAND[0]·ℓ, BAND[1]·ℓ] (point estimates), and the grid times whose membership the interval at `level` (split over
 * the grid) does not decide.
 */
export function errorBand(pair: ProtocolPair, level: number): { band: number[]; unresolved: number[] } {
  const [lo, hi] = [BAND[0] * pair.parts, BAND[1] * pair.parts];
  const each = simultaneousLevel(level, gridOf(pair).length);
  const band: number[] = [];
  const unresolved: number[] = [];
  for (const T of gridOf(pair)) {
    const i = estimateInterval(errorEstimate(pair.original, T), each);
    if (i.value >= lo && i.value <= hi) band.push(T);
    const inside = i.lo >= lo && i.hi <= hi;
    const outside = i.hi < lo || i.lo > hi;
    if (!inside && !outside) unresolved.push(T);
  }
  return { band, unresolved };
}

/**
 * Sub-claim `lower` for one ℓ: the error ratio > 1 at every grid T where the original protocol's mean error per chunk
 * is at least BAND[0]·ℓ (later, both protocols are within 1% of exact and the ratio is not resolved).
 */
export function lowerEverywhere(pair: ProtocolPair, level: number): Check {
  const times = gridOf(pair).filter((T) => errorEstimate(pair.original, T).mean >= BAND[0] * pair.parts);
  return everywhereCheck(
    {
      subclaim: 'lower',
      kind: 'lower-everywhere',
      name: `ℓ = ${pair.parts}, every T with error_original ≥ ${fmt(BAND[0])}ℓ (${times.length} times)`,
      statistic: 'min over T of E[error_original(T)] / E[error_partial(T)]',
    },
    times.map((T) => errorRatio(pair, T)),
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** Sub-claim `orders` for one ℓ: the error ratio ≥ {@link MIN_RATIO} at every T of the band. */
export function ordersInBand(pair: ProtocolPair, band: readonly number[], level: number): Check {
  const meta = {
    subclaim: 'orders',
    kind: 'orders-in-band',
    name: `ℓ = ${pair.parts}, T in the band [${band.length ? `${fmt(band[0])}, ${fmt(band[band.length - 1])}` : 'empty'}]`,
    statistic: 'min over the band of E[error_original(T)] / E[error_partial(T)]',
  };
  const criterion = { kind: 'atLeast', value: MIN_RATIO } as const;
  if (!band.length) return judgedCheck(meta, Number.NaN, [Number.NaN, Number.NaN], criterion, level);
  return everywhereCheck(
    meta,
    band.map((T) => errorRatio(pair, T)),
    criterion,
    level,
  );
}

/** The pairs with the protocols' roles swapped (a falsifier's input). */
function swapped(pairs: readonly ProtocolPair[]): ProtocolPair[] {
  return pairs.map((p) => ({ ...p, original: p.partial, partial: p.original }));
}

/**
 * T2 of partial-stragglers.md §5.4: approximate gradient coding, decoding error of the original protocol over that of
 * the partial-straggler protocol at the same deadline T (coefficient space, least-squares optimal for both), judged
 * over the band of T defined by the original protocol's error level.
 */
export function ramamoorthyApproxEntry(): GalleryEntry {
  return {
    id: 'ramamoorthy2024-approx',
    title: 'Partial stragglers, approximate GC: error orders of magnitude below the original protocol',
    claim:
      'For approximate gradient coding, the partial-straggler protocol’s mean-squared error is several orders of magnitude lower than the original protocol’s at the same time T.',
    subclaims: SUBCLAIMS,
    source: {
      paper: RAMAMOORTHY_2024,
      where: 'abstract ("several orders of magnitude"); Fig. 3a and the appendix figure on p. 12 (a) (MSE vs T)',
      provenance:
        '[V] the claim (abstract); [AI] the figures. Protocols and the error measure are our reconstruction (DESIGN §3); the paper’s T range and MSE normalisation were not recovered',
      digest: 'research/partial-stragglers.md §5.4 T2',
    },
    criterion: `Per ℓ, R(T) = E[error_original(T)] / E[error_partial(T)] (each ratio the box of its two means' intervals; an all-zero partial error uses the exact binomial bound), judged on intervals simultaneous over the times involved. lower: min of R over every grid T where the original's mean error per chunk is ≥ ${fmt(BAND[0])}ℓ (until it is within 1% of exact) is > 1. orders: min of R over the band of T where the original protocol's mean error per chunk lies between ${fmt(BAND[0])}ℓ and ${fmt(BAND[1])}ℓ (it has delivered at least half of the gradient and is not yet within 1% of it) is ≥ ${fmt(MIN_RATIO)} ("several orders of magnitude" read as at least two). The whole T grid is reported.`,
    quickTrials: 4000,
    monteCarloChecks: 4,
    falsifiers: [
      {
        kind: 'lower-everywhere',
        input: 'the protocols swapped: the original protocol’s cells passed as the partial protocol’s',
        async run(ctx: EntryContext) {
          return swapped(protocolPairs(await ctx.run(ctx.spec.cells))).map((p) => lowerEverywhere(p, ctx.judgedLevel));
        },
      },
      {
        kind: 'orders-in-band',
        input: 'the protocols swapped: the original protocol’s cells passed as the partial protocol’s (same band)',
        async run(ctx: EntryContext) {
          const pairs = protocolPairs(await ctx.run(ctx.spec.cells));
          return pairs.map((p, i) =>
            ordersInBand(swapped(pairs)[i], errorBand(p, ctx.judgedLevel).band, ctx.judgedLevel),
          );
        },
      },
    ],
    async run(ctx) {
      const pairs = protocolPairs(await ctx.run(ctx.spec.cells));
      const checks: Check[] = [];
      const rows: PlotRow[] = [];
      const ratioRows: (string | number)[][] = [];
      const notes: string[] = [];
      const indicative: string[] = [];
      for (const pair of pairs) {
        const l = pair.parts;
        const { band, unresolved } = errorBand(pair, ctx.judgedLevel);
        checks.push(lowerEverywhere(pair, ctx.judgedLevel));
        checks.push(ordersInBand(pair, band, ctx.judgedLevel));
        if (unresolved.length) {
          indicative.push(`ℓ = ${l}: band membership of T = ${unresolved.map((T) => fmt(T)).join(', ')} not resolved`);
        }
        let firstAbove: number | null = null;
        for (const T of gridOf(pair)) {
          const o = errorEstimate(pair.original, T);
          const p = errorEstimate(pair.partial, T);
          const ratio = ratioInterval([o], [p], ctx.level);
          if (firstAbove === null && ratio.lo >= MIN_RATIO) firstAbove = T;
          for (const [protocol, e] of [
            ['original', o],
            ['partial', p],
          ] as const) {
            rows.push({
              T,
              scheme: `${protocol}, ℓ = ${l}`,
              ...intervalColumns(estimateInterval({ ...e, bound: undefined }, ctx.level)),
            });
          }
          ratioRows.push([
            l,
            T,
            band.includes(T) ? 'yes' : '',
            fmt(o.mean / l),
            fmt(o.mean),
            fmt(p.mean),
            fmt(ratio.value),
            `[${fmt(ratio.lo)}, ${fmt(ratio.hi)}]`,
          ]);
        }
        notes.push(
          `ℓ = ${l}: the band is T ∈ [${band.length ? `${fmt(band[0])}, ${fmt(band[band.length - 1])}` : 'empty'}]; the ratio's 95% CI is ≥ ${fmt(MIN_RATIO)} from T = ${firstAbove === null ? 'never' : fmt(firstAbove)} on (first grid point), where the original protocol's error is ${firstAbove === null ? '—' : `${fmt(errorEstimate(pair.original, firstAbove).mean / l)}ℓ`}; earlier deadlines, where the original protocol has delivered little, give smaller ratios (see the table).`,
        );
      }
      return {
        checks,
        indicative,
        tables: [
          {
            title: 'Error ratio original/partial over the T grid (mean errors per chunk; 95% CI of the ratio)',
            columns: ['ℓ', 'T', 'in band', 'original/ℓ', 'original', 'partial', 'ratio', '95% CI'],
            rows: ratioRows,
          },
        ],
        plots: [
          {
            name: 'error-vs-time',
            caption:
              'Mean decoding error per chunk vs deadline T, 95% CI bands (log scale; lines end where the error is 0)',
            spec: errorVsTimePlot({ rows, colorTitle: 'Protocol, ℓ', title: 'Decoding error vs T', size: 'page' }),
          },
        ],
        notes: [
          ...notes,
          'Errors are in coefficient space, ‖B_Sᵀw − u‖²/m: for real gradients the MSE scales with the gradient norms, which cancel in the ratio only approximately.',
        ],
      };
    },
  };
}

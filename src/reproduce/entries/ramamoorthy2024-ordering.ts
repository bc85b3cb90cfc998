import type { ChunkOrder } from '../../codes/types.js';
import { qmax } from '../../ordering/qmax.js';
import { codeComparisonPlot } from '../../plots/templates/code-comparison.js';
import { orderingComparisonPlot } from '../../plots/templates/ordering-comparison.js';
import type { PlotRow } from '../../plots/types.js';
import type { Schedule } from '../../protocols/schedule.js';
import { completionEstimate, errorEstimate, intervalColumns } from '../cell-stats.js';
import { type CellRun, partsOf, partsValues, withLabel } from '../cells.js';
import type { EntryContext } from '../context.js';
import type { GalleryEntry } from '../entry.js';
import { averageInterval, type MeanEstimate, ratioInterval } from '../estimates.js';
import { fmt } from '../numbers.js';
import { everywhereCheck, type LabelledEstimator, quotientEstimator, ratioEstimator } from '../simultaneous.js';
import type { Check, ReportPlot, SubClaim } from '../types.js';
import { infoCheck } from '../verdict.js';
import { RAMAMOORTHY_2024 } from './ramamoorthy2024-exact.js';

/** The judged deadline of the error comparison (δ·E[chunk time]) and the earlier one of the "longer T" sub-claim. */
const T_JUDGED = 4;
const T_EARLY = 2;

const SUBCLAIMS: readonly SubClaim[] = [
  {
    id: 'completion',
    text: 'the optimal chunk ordering gives a lower completion time than a random ordering at every ℓ (exact GC)',
  },
  {
    id: 'error',
    text: 'the optimal ordering gives a lower mean-squared error than a random ordering (approximate GC)',
  },
  { id: 'larger-l', text: 'the error advantage is larger for larger ℓ ("especially for larger ℓ")' },
  { id: 'longer-T', text: 'the error advantage is larger for longer T ("and longer T")' },
];

/** The optimal cell and the random-order cells of one assignment instance and ℓ. */
export interface OrderingGroup {
  readonly instance: string;
  readonly assignment: string;
  readonly parts: number;
  readonly optimal: CellRun;
  readonly random: readonly CellRun[];
}

/** Groups the spec's cells by instance (code) and ℓ. */
export function orderingGroups(runs: readonly CellRun[]): OrderingGroup[] {
  const codeOf = (r: CellRun) => String(r.cell.axes.code ?? JSON.stringify(r.cell.spec.code));
  const instances = [...new Set(runs.map(codeOf))];
  const groups: OrderingGroup[] = [];
  instances.forEach((assignment, k) => {
    const mine = runs.filter((r) => codeOf(r) === assignment);
    for (const parts of partsValues(mine)) {
      const atL = mine.filter((r) => partsOf(r.trial) === parts);
      const optimal = withLabel(atL, 'optimal');
      const random = withLabel(atL, 'random');
      if (optimal.length !== 1 || random.length === 0) {
        throw new Error(`internal error: ${assignment}, ℓ = ${parts}: need one optimal and some random cells`);
      }
      groups.push({ instance: `instance ${k + 1}`, assignment, parts, optimal: optimal[0], random });
    }
  });
  return groups;
}

/** E[X_random] / E[X_optimal] for a per-cell statistic ("random" = the average over the random orderings). */
function advantage(g: OrderingGroup, of: (r: CellRun) => MeanEstimate): LabelledEstimator {
  return { label: `${g.instance}, ℓ = ${g.parts}`, estimate: ratioEstimator(g.random.map(of), [g.optimal].map(of)) };
}

const completionOf = (r: CellRun) => completionEstimate(r);
const errorAt = (T: number) => (r: CellRun) => errorEstimate(r, T);

/** Sub-claim `completion`: R_T = E[T_random]/E[T_optimal] > 1 for every instance and ℓ. */
export function completionEverywhere(groups: readonly OrderingGroup[], level: number): Check {
  return everywhereCheck(
    {
      subclaim: 'completion',
      kind: 'completion-everywhere',
      name: `every instance and ℓ (${groups.length})`,
      statistic: 'min of E[T_random] / E[T_optimal]',
    },
    groups.map((g) => advantage(g, completionOf)),
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** Sub-claim `error`: R_err = E[error_random(T)]/E[error_optimal(T)] > 1 at T = {@link T_JUDGED}, every instance and ℓ. */
export function errorEverywhere(groups: readonly OrderingGroup[], level: number): Check {
  return everywhereCheck(
    {
      subclaim: 'error',
      kind: 'error-everywhere',
      name: `every instance and ℓ, T = ${T_JUDGED}`,
      statistic: `min of E[error_random] / E[error_optimal] at T = ${T_JUDGED}`,
    },
    groups.map((g) => advantage(g, errorAt(T_JUDGED))),
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** Sub-claim `larger-l`: R_err(ℓ + 1)/R_err(ℓ) > 1 at T = {@link T_JUDGED} for every instance and consecutive ℓ. */
export function growsWithParts(groups: readonly OrderingGroup[], level: number): Check {
  const steps: LabelledEstimator[] = [];
  for (const g of groups) {
    const next = groups.find((h) => h.instance === g.instance && h.parts === g.parts + 1);
    if (!next) continue;
    steps.push({
      label: `${g.instance}, ℓ = ${g.parts} → ${next.parts}`,
      estimate: quotientEstimator(
        advantage(next, errorAt(T_JUDGED)).estimate,
        advantage(g, errorAt(T_JUDGED)).estimate,
      ),
    });
  }
  return everywhereCheck(
    {
      subclaim: 'larger-l',
      kind: 'grows-with-parts',
      name: `every instance, consecutive ℓ (${steps.length} steps), T = ${T_JUDGED}`,
      statistic: `min of R_err(ℓ + 1) / R_err(ℓ), R_err = E[error_random] / E[error_optimal] at T = ${T_JUDGED}`,
    },
    steps,
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** Sub-claim `longer-T`: R_err(T_JUDGED)/R_err(T_EARLY) > 1 for every instance and ℓ. */
export function growsWithTime(groups: readonly OrderingGroup[], level: number): Check {
  return everywhereCheck(
    {
      subclaim: 'longer-T',
      kind: 'grows-with-time',
      name: `every instance and ℓ, T = ${T_EARLY} → ${T_JUDGED}`,
      statistic: `min of R_err(T = ${T_JUDGED}) / R_err(T = ${T_EARLY})`,
    },
    groups.map((g) => ({
      label: `${g.instance}, ℓ = ${g.parts}`,
      estimate: quotientEstimator(advantage(g, errorAt(T_JUDGED)).estimate, advantage(g, errorAt(T_EARLY)).estimate),
    })),
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** The groups with the optimal cell standing in for the random orderings too (no advantage at all). */
function withoutOrdering(groups: readonly OrderingGroup[]): OrderingGroup[] {
  return groups.map((g) => ({ ...g, random: [g.optimal] }));
}

/** The groups with the roles swapped: one random ordering as "optimal", the optimal one as "random". */
function swappedRoles(groups: readonly OrderingGroup[]): OrderingGroup[] {
  return groups.map((g) => ({ ...g, optimal: g.random[0], random: [g.optimal] }));
}

/** A schedule's processing order (worker j's chunks in processing order). */
function orderOf(schedule: Schedule): ChunkOrder {
  const { offsets, N } = schedule.code;
  return Array.from({ length: N }, (_, j) => schedule.chunkAt.subarray(offsets[j], offsets[j + 1]));
}

/**
 * T3 and T4 of partial-stragglers.md §5.4: optimal (Latin, Qmax-optimal for ℓ = 1 in the regular class — our
 * derivation, §3.2) against random chunk ordering with the partial-straggler protocol, on non-cyclic assignments:
 * mean completion time and mean error at a deadline per assignment instance and ℓ, and how the error advantage
 * changes with ℓ and with T.
 */
export function ramamoorthyOrderingEntry(): GalleryEntry {
  const run = async (ctx: EntryContext) => orderingGroups(await ctx.run(ctx.spec.cells));
  return {
    id: 'ramamoorthy2024-ordering',
    title: 'Partial stragglers: optimal chunk ordering beats random ordering',
    claim:
      'On non-cyclic assignment matrices, the optimal chunk ordering gives a lower completion time (exact GC, at every ℓ) and a lower mean-squared error (approximate GC) than a random ordering, especially for larger ℓ and longer T.',
    subclaims: SUBCLAIMS,
    source: {
      paper: RAMAMOORTHY_2024,
      where:
        'appendix figures on p. 13: MSE of optimal vs random ordering on graphs G1 and G2, and completion time vs ℓ for random vs optimal ordering',
      provenance:
        '[AI] both figures (AI summary: optimal is lower, "especially for larger ℓ and longer T"; lower "at every ℓ"). The ordering algorithm and its optimality are our derivation (§3.2); G1/G2 were not recovered, seeded random regular assignments stand in',
      digest: 'research/partial-stragglers.md §5.4 T3, T4',
    },
    criterion: `For every assignment instance and ℓ ∈ {1, 2, 3}: R_T = E[T_random]/E[T_optimal] and R_err(T) = E[error_random(T)]/E[error_optimal(T)], "random" the average over the spec's random orderings, each ratio the box of its means' intervals, every check simultaneous over its points. completion: min R_T > 1. error: min R_err(${T_JUDGED}) > 1 (T = δ·E[chunk time]). larger-l: R_err(${T_JUDGED}) grows with ℓ — min over instances and consecutive ℓ of R_err(ℓ + 1)/R_err(ℓ) > 1. longer-T: min over instances and ℓ of R_err(${T_JUDGED})/R_err(${T_EARLY}) > 1.`,
    quickTrials: 2000,
    monteCarloChecks: 4,
    falsifiers: [
      {
        kind: 'completion-everywhere',
        input: 'the roles swapped: a random ordering passed as the optimal one and the optimal one as the random ones',
        run: async (ctx) => [completionEverywhere(swappedRoles(await run(ctx)), ctx.judgedLevel)],
      },
      {
        kind: 'error-everywhere',
        input: 'the roles swapped: a random ordering passed as the optimal one and the optimal one as the random ones',
        run: async (ctx) => [errorEverywhere(swappedRoles(await run(ctx)), ctx.judgedLevel)],
      },
      {
        kind: 'grows-with-parts',
        input:
          'no ordering advantage at all: the optimal cells passed as the random orderings too (R_err = 1 at every ℓ)',
        run: async (ctx) => [growsWithParts(withoutOrdering(await run(ctx)), ctx.judgedLevel)],
      },
      {
        kind: 'grows-with-time',
        input:
          'no ordering advantage at all: the optimal cells passed as the random orderings too (R_err = 1 at every T)',
        run: async (ctx) => [growsWithTime(withoutOrdering(await run(ctx)), ctx.judgedLevel)],
      },
    ],
    async run(ctx) {
      const groups = await run(ctx);
      const checks: Check[] = [
        completionEverywhere(groups, ctx.judgedLevel),
        errorEverywhere(groups, ctx.judgedLevel),
        growsWithParts(groups, ctx.judgedLevel),
        growsWithTime(groups, ctx.judgedLevel),
      ];
      const completionRows: PlotRow[] = [];
      const errorRows: PlotRow[] = [];
      const table: (string | number)[][] = [];
      for (const g of groups) {
        const rT = ratioInterval(g.random.map(completionOf), [completionOf(g.optimal)], ctx.level);
        const rE = ratioInterval(g.random.map(errorAt(T_JUDGED)), [errorAt(T_JUDGED)(g.optimal)], ctx.level);
        const rE2 = ratioInterval(g.random.map(errorAt(T_EARLY)), [errorAt(T_EARLY)(g.optimal)], ctx.level);
        for (const [ordering, cells] of [
          ['optimal', [g.optimal]],
          ['random', g.random],
        ] as const) {
          completionRows.push({
            parts: g.parts,
            ordering,
            instance: g.instance,
            ...intervalColumns(averageInterval(cells.map(completionOf), ctx.level)),
          });
          errorRows.push({
            parts: `ℓ = ${g.parts}`,
            ordering,
            instance: g.instance,
            ...intervalColumns(averageInterval(cells.map(errorAt(T_JUDGED)), ctx.level)),
          });
        }
        const schedule = g.optimal.trial.schedule;
        const qOpt = qmax(orderOf(schedule), schedule.code.m, g.parts).qmax;
        const qRand =
          g.random.reduce((s, r) => s + qmax(orderOf(r.trial.schedule), r.trial.schedule.code.m, g.parts).qmax, 0) /
          g.random.length;
        checks.push(
          infoCheck(
            {
              subclaim: 'completion',
              name: `${g.instance}, ℓ = ${g.parts}, Qmax`,
              statistic: 'Qmax optimal (random: mean over orderings)',
            },
            qOpt,
            null,
            `random orderings: mean Qmax ${fmt(qRand)}`,
          ),
        );
        table.push([
          g.instance,
          g.assignment,
          g.parts,
          `${fmt(rT.value)} [${fmt(rT.lo)}, ${fmt(rT.hi)}]`,
          `${fmt(rE2.value)} [${fmt(rE2.lo)}, ${fmt(rE2.hi)}]`,
          `${fmt(rE.value)} [${fmt(rE.lo)}, ${fmt(rE.hi)}]`,
          qOpt,
          fmt(qRand),
        ]);
      }
      const trend = (instance: string, f: (g: OrderingGroup) => number) =>
        groups
          .filter((g) => g.instance === instance)
          .map((g) => fmt(f(g)))
          .join(' / ');
      const instances = [...new Set(groups.map((g) => g.instance))];
      const plots: ReportPlot[] = [
        {
          name: 'completion-time',
          caption: 'Mean completion time, optimal vs random ordering (random: average over the orderings), 95% CI',
          spec: orderingComparisonPlot({
            rows: completionRows,
            x: 'parts',
            xTitle: 'Parts ℓ',
            facet: 'instance',
            facetTitle: null,
            size: 'page',
            title: 'Completion time (chunk-time units)',
          }),
        },
        {
          name: 'error',
          caption: `Mean error per chunk at T = ${T_JUDGED}, optimal vs random ordering, 95% CI (log scale)`,
          spec: codeComparisonPlot({
            rows: errorRows,
            x: 'parts',
            xTitle: 'Parts ℓ',
            yTitle: 'Error per chunk',
            color: 'ordering',
            colorTitle: 'Ordering',
            mark: 'point',
            logY: true,
            facet: 'instance',
            facetTitle: null,
            size: 'page',
            title: `Decoding error at T = ${T_JUDGED}`,
          }),
        },
      ];
      return {
        checks,
        tables: [
          {
            title: 'Ratios random/optimal (95% CI) and Qmax',
            columns: [
              'instance',
              'assignment',
              'ℓ',
              'R_T',
              `R_err(T = ${T_EARLY})`,
              `R_err(T = ${T_JUDGED})`,
              'Qmax optimal',
              'Qmax random (mean)',
            ],
            rows: table,
          },
        ],
        plots,
        notes: [
          ...instances.map(
            (i) =>
              `${i}, ℓ = 1 / 2 / 3: R_T = ${trend(i, (g) => ratioInterval(g.random.map(completionOf), [completionOf(g.optimal)], ctx.level).value)}, R_err(T = ${T_JUDGED}) = ${trend(i, (g) => ratioInterval(g.random.map(errorAt(T_JUDGED)), [errorAt(T_JUDGED)(g.optimal)], ctx.level).value)} — the advantage of the optimal order shrinks as ℓ grows in this setting.`,
          ),
          'The Latin ordering is provably Qmax-optimal for ℓ = 1 only (our derivation, research/partial-stragglers.md §3.2); for ℓ > 1 it is the best we know, which may be why its advantage shrinks with ℓ here.',
          'Instances are seeded random 4-regular bipartite assignments (stand-ins for the paper’s G1 and G2, which were not recovered).',
        ],
      };
    },
  };
}

import { completionTimePlot } from '../../plots/templates/completion-time.js';
import { convergenceBoundPlot } from '../../plots/templates/convergence-bound.js';
import { errorVsTimePlot } from '../../plots/templates/error-vs-time.js';
import type { PlotRow } from '../../plots/types.js';
import { emptyMoments, pushMoment } from '../../stats/moments.js';
import type { BoundCheck } from '../../train/run/check-bounds.js';
import type { SchemeResult, TrainResult } from '../../train/run/run-training.js';
import { completionEstimate, errorEstimate, intervalColumns } from '../cell-stats.js';
import { type CellRun, withLabel } from '../cells.js';
import type { EntryContext } from '../context.js';
import type { GalleryEntry } from '../entry.js';
import { estimateFromMoments, estimateInterval, type MeanEstimate, ratioInterval } from '../estimates.js';
import { fmt } from '../numbers.js';
import { everywhereCheck, ratioEstimator } from '../simultaneous.js';
import {
  boundCheck,
  boundRows,
  boundWithoutFloor,
  curveRows,
  plateauEstimate,
  schemeByLabel,
  trainingNote,
} from '../training.js';
import type { Check, SubClaim } from '../types.js';
import { infoCheck, judgedCheck } from '../verdict.js';

const PAPER =
  'Wang, Charles & Papailiopoulos, "ErasureHead: Distributed Gradient Descent without Delays Using Approximate Gradient Coding", arXiv 1901.09671 (2019)';

/** "As quickly as distributed GD": the early linear rate within ±10% of GD's. */
const RATE_BAND: readonly [number, number] = [0.9, 1.1];
/** Time to accuracy: first time the gap falls to this fraction of its initial value (judged), and the others reported. */
const ACCURACY = 1e-3;
const ACCURACIES = [1e-2, 1e-3, 1e-4] as const;
const REPLICATIONS = [2, 4] as const;
const QUICK_TRAIN = { runs: 10, iterations: 120 };
const GD_CAVEAT = `--quick caps coded GD at ${QUICK_TRAIN.runs} runs × ${QUICK_TRAIN.iterations} iterations: a shorter run than the full one`;

const SUBCLAIMS: readonly SubClaim[] = [
  { id: 'as-quickly', text: 'down to a small noise floor, ErasureHead converges as quickly as distributed GD' },
  { id: 'floor', text: '… down to a small noise floor (bounded as the PL analysis says)' },
  { id: 'runtime', text: '… and has a faster overall runtime' },
];

/** The early-phase window of the rate: iterations 1 … K/12. */
function earlyWindow(result: TrainResult): number {
  return Math.max(2, Math.round(result.iterations / 12));
}

/**
 * Per run, the linear convergence rate over iterations 1 … `to`: minus the least-squares slope of log(f(x_k) − f*)
 * against k, as a {@link MeanEstimate} over the runs.
 */
export function rateEstimate(scheme: SchemeResult, to: number, fStar: number): MeanEstimate {
  const t = scheme.tables;
  if (!t) throw new Error('internal error: training ran without keepRuns');
  const m = emptyMoments();
  const ks = Array.from({ length: to }, (_, i) => i + 1);
  const mk = ks.reduce((s, k) => s + k, 0) / ks.length;
  const sxx = ks.reduce((s, k) => s + (k - mk) ** 2, 0);
  for (let r = 0; r < t.runs; r++) {
    const ys = ks.map((k) => Math.log(t.loss[r * t.points + k] - fStar));
    if (!ys.every(Number.isFinite)) continue;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    const sxy = ks.reduce((s, k, i) => s + (k - mk) * (ys[i] - my), 0);
    pushMoment(m, -sxy / sxx);
  }
  return estimateFromMoments(m);
}

/** Sub-claim `as-quickly`: the early rate of an ErasureHead scheme over distributed GD's lies within {@link RATE_BAND}. */
export function earlyRateCheck(
  r: number,
  scheme: SchemeResult,
  gd: SchemeResult,
  result: TrainResult,
  level: number,
): Check {
  const to = earlyWindow(result);
  const fStar = result.constants.fStar;
  const ratio = ratioInterval([rateEstimate(scheme, to, fStar)], [rateEstimate(gd, to, fStar)], level);
  return judgedCheck(
    {
      subclaim: 'as-quickly',
      kind: 'early-rate',
      name: `r = ${r}, iterations 1…${to}`,
      statistic: 'E[rate]_ErasureHead / E[rate]_distributed GD, rate = −slope of log(f(x_k) − f*) per run',
      quickCaveat: GD_CAVEAT,
    },
    ratio.value,
    [ratio.lo, ratio.hi],
    { kind: 'within', lo: RATE_BAND[0], hi: RATE_BAND[1] },
    level,
  );
}

/** Sub-claim `floor`: the PL noise-floor bound (our derivation) holds at every iteration. */
export function floorBoundCheck(
  r: number,
  check: BoundCheck,
  scheme: SchemeResult,
  result: TrainResult,
  level: number,
): Check {
  return boundCheck(
    { subclaim: 'floor', kind: 'pl-floor', name: `r = ${r}: PL noise-floor bound`, quickCaveat: GD_CAVEAT },
    check,
    scheme,
    result.constants.fStar,
    level,
  );
}

/**
 * Per run, the simulated time at which f(x_k) − f* first falls to `fraction` of its initial value (+∞ when it never
 * does within the run: such a run makes the estimate infinite), as a {@link MeanEstimate} over the runs.
 */
export function timeToAccuracy(scheme: SchemeResult, fraction: number, fStar: number): MeanEstimate {
  const t = scheme.tables;
  if (!t) throw new Error('internal error: training ran without keepRuns');
  const m = emptyMoments();
  for (let r = 0; r < t.runs; r++) {
    const target = fraction * (t.loss[r * t.points] - fStar);
    let time = Number.POSITIVE_INFINITY;
    for (let k = 0; k < t.points; k++) {
      if (t.loss[r * t.points + k] - fStar <= target) {
        time = t.time[r * t.points + k];
        break;
      }
    }
    pushMoment(m, time);
  }
  return estimateFromMoments(m);
}

/** The runtime schemes of one replication r: ErasureHead (collect 6), exact FRC, and distributed (naive) GD. */
export interface RuntimeSet {
  readonly r: number;
  readonly erasurehead: SchemeResult;
  readonly exact: SchemeResult;
  readonly naive: SchemeResult;
}

/** Sub-claim `runtime` against one baseline: E[T_acc]_baseline / E[T_acc]_ErasureHead > 1 for every r. */
export function runtimeCheck(
  baseline: 'exact FRC' | 'distributed GD',
  sets: readonly RuntimeSet[],
  result: TrainResult,
  level: number,
): Check {
  const fStar = result.constants.fStar;
  return everywhereCheck(
    {
      subclaim: 'runtime',
      kind: 'time-to-accuracy',
      name: `vs ${baseline}, every r`,
      statistic: `min over r of E[T_acc]_${baseline} / E[T_acc]_ErasureHead (simulated time until f − f* ≤ ${fmt(ACCURACY)}·(f(x₀) − f*))`,
      quickCaveat: GD_CAVEAT,
    },
    sets.map((s) => ({
      label: `r = ${s.r}`,
      estimate: ratioEstimator(
        [timeToAccuracy(baseline === 'exact FRC' ? s.exact : s.naive, ACCURACY, fStar)],
        [timeToAccuracy(s.erasurehead, ACCURACY, fStar)],
      ),
    })),
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** The runtime sets of a training result. */
function runtimeSets(result: TrainResult): RuntimeSet[] {
  return REPLICATIONS.map((r) => ({
    r,
    erasurehead: schemeByLabel(result, `erasurehead r=${r} collect 6`),
    exact: schemeByLabel(result, `exact FRC r=${r}`),
    naive: schemeByLabel(result, 'distributed GD'),
  }));
}

/** The PL bound check of a scheme. */
function plOf(scheme: SchemeResult): BoundCheck {
  const pl = scheme.bounds.find((b) => b.bound.name === 'erasurehead-pl');
  if (!pl) throw new Error('internal error: the training spec must check erasurehead-pl');
  return pl;
}

/** Replication r of a trial cell's FRC (s + 1). */
function replication(run: CellRun): number {
  return (run.trial.schedule.code.meta.stragglerTolerance ?? 0) + 1;
}

/**
 * ErasureHead: approximate FRC with erasure decoding. Coded GD on real gradients (src/train) judges the early
 * convergence rate against distributed GD, the noise floor against the derived PL bound, and the time to accuracy in
 * simulated time against exact FRC and distributed GD; the per-iteration time of the trial engine is reported.
 */
export function erasureHeadEntry(): GalleryEntry {
  return {
    id: 'erasurehead',
    title: 'ErasureHead: as fast as GD down to a noise floor, and faster to a given accuracy',
    claim:
      'Down to a small noise floor, ErasureHead converges as quickly as distributed GD and has a faster overall runtime, because each iteration stops after a fraction of the workers instead of waiting for exact recovery.',
    subclaims: SUBCLAIMS,
    source: {
      paper: PAPER,
      where: 'abstract; approximate FRC with the num_collect rule (authors’ code hwang595/ErasureHead)',
      provenance:
        '[V-paper] the claim (abstract); [V-code] construction and stopping rule; the runtime model, cluster sizes, speed-ups and noise-floor constants are [U]; the contraction 1 − q^r and the PL noise floor are our derivation [D]',
      digest: 'research/core-gc.md §C',
    },
    criterion: `Coded GD (examples/reproduce/erasurehead.train.yaml), r ∈ {2, 4}. as-quickly: the early rate (−slope of log(f − f*) over iterations 1…K/12, per run) of ErasureHead under independent erasures (q = 0.2) over distributed GD's lies within [${RATE_BAND[0]}, ${RATE_BAND[1]}] ("as quickly" read as within 10%). floor: the PL noise-floor bound on E[f(x_k) − f*] (our derivation) holds at every k ≥ 1, simultaneous over k; its tightness is reported. runtime: with Exp(1) chunk times and ErasureHead stopping after 6 of 12 workers, the simulated time until f − f* ≤ ${fmt(ACCURACY)}·(f(x₀) − f*) of exact FRC (same r) and of distributed GD (waiting for all 12) over ErasureHead's is > 1 for every r. Every interval at the gallery's family-wise level; ratios are boxes of their means' intervals. The trial engine's per-iteration times are reported, not judged (ErasureHead never stops later than exact FRC).`,
    quickTrials: 4000,
    monteCarloChecks: 6,
    falsifiers: [
      {
        kind: 'early-rate',
        input: 'distributed GD with half the step passed as ErasureHead',
        async run(ctx: EntryContext) {
          const { result } = await ctx.train(QUICK_TRAIN);
          const gd = schemeByLabel(result, 'distributed GD');
          return [earlyRateCheck(2, schemeByLabel(result, 'distributed GD, half step'), gd, result, ctx.judgedLevel)];
        },
      },
      {
        kind: 'pl-floor',
        input: 'a wrong closed form: the PL bound without its noise floor (b_k − b_K)',
        async run(ctx: EntryContext) {
          const { result } = await ctx.train(QUICK_TRAIN);
          return REPLICATIONS.map((r) => {
            const s = schemeByLabel(result, `erasurehead r=${r}`);
            return floorBoundCheck(r, boundWithoutFloor(plOf(s)), s, result, ctx.judgedLevel);
          });
        },
      },
      {
        kind: 'time-to-accuracy',
        input:
          'the baseline’s own runs passed as ErasureHead’s (exact FRC for the FRC comparison, distributed GD for the other)',
        async run(ctx: EntryContext) {
          const { result } = await ctx.train(QUICK_TRAIN);
          const sets = runtimeSets(result);
          return [
            runtimeCheck(
              'exact FRC',
              sets.map((s) => ({ ...s, erasurehead: s.exact })),
              result,
              ctx.judgedLevel,
            ),
            runtimeCheck(
              'distributed GD',
              sets.map((s) => ({ ...s, erasurehead: s.naive })),
              result,
              ctx.judgedLevel,
            ),
          ];
        },
      },
    ],
    async run(ctx) {
      const checks: Check[] = [];
      // Per-iteration time in the trial engine (reported).
      const runs = await ctx.run(ctx.spec.cells);
      const rows: PlotRow[] = [];
      const table: (string | number)[][] = [];
      const [naiveRun] = withLabel(runs, 'naive');
      if (!naiveRun) throw new Error('internal error: the spec needs a naive cell');
      const naive = completionEstimate(naiveRun);
      const ni = estimateInterval(naive, ctx.level);
      rows.push({ protocol: 'naive GD', ...intervalColumns(ni) });
      table.push(['naive GD', '—', fmt(ni.value), `[${fmt(ni.lo)}, ${fmt(ni.hi)}]`, '0 (exact)']);
      for (const approx of withLabel(runs, 'erasurehead')) {
        const r = replication(approx);
        const exact = withLabel(runs, 'exact-frc').find((x) => replication(x) === r);
        if (!exact) throw new Error(`internal error: r = ${r} needs an exact-frc cell`);
        const erased = estimateInterval(errorEstimate(approx, Number.POSITIVE_INFINITY), ctx.level);
        for (const [name, base] of [
          ['exact FRC', completionEstimate(exact)],
          ['naive GD', naive],
        ] as const) {
          const ratio = ratioInterval([base], [completionEstimate(approx)], ctx.level);
          checks.push(
            infoCheck(
              {
                subclaim: 'runtime',
                name: `per iteration, r = ${r}, vs ${name}`,
                statistic: `E[T_${name}] / E[T_ErasureHead] (trial engine)`,
              },
              ratio.value,
              [ratio.lo, ratio.hi],
              name === 'exact FRC' ? 'cannot be below 1: ErasureHead stops no later than exact FRC in every trial' : '',
            ),
          );
        }
        for (const [name, run] of [
          [`ErasureHead r = ${r}`, approx],
          [`exact FRC r = ${r}`, exact],
        ] as const) {
          const i = estimateInterval(completionEstimate(run), ctx.level);
          rows.push({ protocol: name, ...intervalColumns(i) });
          table.push([
            name,
            r,
            fmt(i.value),
            `[${fmt(i.lo)}, ${fmt(i.hi)}]`,
            run === approx ? fmt(erased.value) : '0 (exact)',
          ]);
        }
      }
      // Coded gradient descent on real gradients (src/train).
      const { loaded, result } = await ctx.train(QUICK_TRAIN);
      const fStar = result.constants.fStar;
      const gd = schemeByLabel(result, 'distributed GD');
      const floorRows: PlotRow[] = [...curveRows(gd, 'gap', 'distributed GD')];
      const boundPlotRows: PlotRow[] = [];
      for (const r of REPLICATIONS) {
        const s = schemeByLabel(result, `erasurehead r=${r}`);
        checks.push(earlyRateCheck(r, s, gd, result, ctx.judgedLevel));
        const pl = plOf(s);
        checks.push(floorBoundCheck(r, pl, s, result, ctx.judgedLevel));
        const from = Math.ceil((2 * result.iterations) / 3);
        const floor = ratioInterval([plateauEstimate(s, from, fStar)], [plateauEstimate(gd, from, fStar)], ctx.level);
        checks.push(
          infoCheck(
            {
              subclaim: 'floor',
              name: `r = ${r}: plateau over distributed GD's`,
              statistic: `E[mean_{k ≥ ${from}} f(x_k) − f*]_ErasureHead / …_distributed GD`,
            },
            floor.value,
            [floor.lo, floor.hi],
            'a floor exists (distributed GD’s plateau is roundoff, so this ratio cannot be below 1 in practice)',
          ),
        );
        floorRows.push(...curveRows(s, 'gap'));
        boundPlotRows.push(...boundRows(pl, s.label));
      }
      const sets = runtimeSets(result);
      checks.push(
        runtimeCheck('exact FRC', sets, result, ctx.judgedLevel),
        runtimeCheck('distributed GD', sets, result, ctx.judgedLevel),
      );
      const accuracyRows: (string | number)[][] = [];
      const timeRows: PlotRow[] = [];
      for (const s of sets) {
        for (const a of ACCURACIES) {
          const eh = estimateInterval(timeToAccuracy(s.erasurehead, a, fStar), ctx.level);
          const ex = estimateInterval(timeToAccuracy(s.exact, a, fStar), ctx.level);
          const nv = estimateInterval(timeToAccuracy(s.naive, a, fStar), ctx.level);
          accuracyRows.push([
            s.r,
            fmt(a),
            fmt(eh.value),
            fmt(ex.value),
            fmt(nv.value),
            fmt(ex.value / eh.value),
            fmt(nv.value / eh.value),
          ]);
        }
        for (const scheme of [s.erasurehead, s.exact]) {
          const t = scheme.curves.time.mean;
          const g = scheme.curves.gap;
          for (let k = 0; k < g.mean.length; k++)
            if (g.mean[k] > 0)
              timeRows.push({ time: t[k], mean: g.mean[k], ci_lo: g.lo[k], ci_hi: g.hi[k], scheme: scheme.label });
        }
      }
      {
        const t = gd.curves.time.mean;
        const g = gd.curves.gap;
        for (let k = 0; k < g.mean.length; k++)
          if (g.mean[k] > 0)
            timeRows.push({
              time: t[k],
              mean: g.mean[k],
              ci_lo: g.lo[k],
              ci_hi: g.hi[k],
              scheme: 'distributed GD (waits for all 12)',
            });
      }
      return {
        checks,
        tables: [
          {
            title: 'Trial engine: per-iteration time (chunk-time units) and erased gradient at the stop (95% CI)',
            columns: ['scheme', 'r', 'mean time', '95% CI', 'E‖α − 1‖²/m'],
            rows: table,
          },
          {
            title:
              'Coded GD: mean simulated time until f − f* ≤ fraction·(f(x₀) − f*) (∞: some run never got there) and the ratios',
            columns: ['r', 'fraction', 'ErasureHead (collect 6)', 'exact FRC', 'distributed GD', 'FRC/EH', 'GD/EH'],
            rows: accuracyRows,
          },
        ],
        plots: [
          {
            name: 'noise-floor',
            caption: `Coded GD: E[f(x_k) − f*] (mean over ${result.runs} runs, 95% CI) of ErasureHead (erasures q = 0.2) and exact distributed GD`,
            spec: errorVsTimePlot({
              rows: floorRows,
              x: 'iteration',
              xTitle: 'Iteration k',
              yTitle: 'f(xₖ) − f*',
              color: 'scheme',
              colorTitle: 'Scheme',
              title: 'Noise floor',
              size: 'page',
            }),
          },
          {
            name: 'time-to-accuracy',
            caption:
              'Coded GD against simulated wall-clock time: ErasureHead (collect 6 of 12), exact FRC and distributed GD (Exp(1) chunk times), mean over the runs, 95% CI',
            spec: errorVsTimePlot({
              rows: timeRows,
              x: 'time',
              xTitle: 'Simulated time (chunk-time units)',
              yTitle: 'f(xₖ) − f*',
              color: 'scheme',
              colorTitle: 'Scheme',
              title: 'Runtime',
              size: 'page',
            }),
          },
          {
            name: 'pl-bound',
            caption: 'Coded GD: ErasureHead’s E[f(x_k) − f*] against the PL noise-floor bound (our derivation; dashed)',
            spec: convergenceBoundPlot({
              rows: boundPlotRows,
              color: 'scheme',
              colorTitle: 'Scheme',
              title: 'PL noise-floor bound',
              size: 'page',
            }),
          },
          {
            name: 'completion-time',
            caption: 'Trial engine: per-iteration time of naive GD, exact FRC and ErasureHead (collect 50%), 95% CI',
            spec: completionTimePlot({
              rows,
              x: 'protocol',
              xTitle: 'Scheme',
              title: 'Mean per-iteration time (95% CI)',
              size: 'page',
            }),
          },
        ],
        notes: [
          trainingNote(loaded, result),
          'Two models: the erasure model of the analysis (independent erasures q = 0.2, the PS waiting for the rest) for the rate and the floor, where the PL bound applies; and the collect-6 runtime model (Exp(1) chunk times, the slowest workers erased) for the time to accuracy.',
          `The accuracy level of the runtime check (${fmt(ACCURACY)} of the initial gap) is the middle of the three reported; the ratios at the other two are in the table.`,
        ],
      };
    },
  };
}

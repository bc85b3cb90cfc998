import { codeComparisonPlot } from '../../plots/templates/code-comparison.js';
import { convergenceBoundPlot } from '../../plots/templates/convergence-bound.js';
import type { PlotRow } from '../../plots/types.js';
import type { BoundCheck } from '../../train/run/check-bounds.js';
import type { SchemeResult, TrainResult } from '../../train/run/run-training.js';
import { errorEstimate, intervalColumns } from '../cell-stats.js';
import { type CellRun, withLabel } from '../cells.js';
import type { EntryContext } from '../context.js';
import type { GalleryEntry } from '../entry.js';
import { estimateInterval, ratioInterval } from '../estimates.js';
import { fmt } from '../numbers.js';
import { type Estimator, everywhereCheck, quotientEstimator, ratioEstimator } from '../simultaneous.js';
import {
  boundCheck,
  boundRows,
  boundWithoutFloor,
  relativeErrorEstimate,
  schemeByLabel,
  schemeRatio,
  trainingNote,
} from '../training.js';
import type { Check, SubClaim } from '../types.js';
import { infoCheck, judgedCheck } from '../verdict.js';

const PAPER =
  'Glasgow & Wootters, "Approximate Gradient Coding with Optimal Decoding", IEEE JSAIT 2021 (arXiv 2006.09638v4)';

/** --quick caps of the coded-GD run. */
const QUICK_TRAIN = { runs: 8, iterations: 20 };
const GD_CAVEAT = `--quick caps coded GD at ${QUICK_TRAIN.runs} runs × ${QUICK_TRAIN.iterations} iterations: a shorter run than the full one`;

const SUBCLAIMS: readonly SubClaim[] = [
  {
    id: 'lower',
    text: 'with random stragglers, optimal (least-squares) decoding of a graph assignment scheme has a lower error than fixed decoding coefficients',
  },
  { id: 'exponential', text: '… by a factor exponential in the degree d' },
  {
    id: 'floor',
    text: 'no decoder beats the isolation floor: a block whose machines all straggle is lost (Remark IV.2; per block p^d for the un-normalised optimal decoder)',
  },
  { id: 'convergence', text: 'coded GD with optimal decoding converges as Prop. VI.1 states' },
];

/** One (d, p) point: its optimal- and fixed-decoding cells. */
export interface DecoderPair {
  readonly d: number;
  readonly p: number;
  readonly optimal: CellRun;
  readonly fixed: CellRun;
}

/** The straggling probability of a cell (the spec's `stragglers.failures.p`). */
function failureP(run: CellRun): number {
  const p = run.cell.spec.stragglers.failures?.p;
  if (typeof p !== 'number') throw new Error('internal error: glasgow-wootters cells need a scalar failures.p');
  return p;
}

/** The regular degree d of a graph incidence code (replication of each block). */
function degreeOf(run: CellRun): number {
  const code = run.trial.schedule.code;
  return Math.round(code.chunks.length / code.m);
}

/** Pairs the optimal and fixed cells by (d, p). */
export function decoderPairs(runs: readonly CellRun[]): DecoderPair[] {
  return withLabel(runs, 'optimal').map((optimal) => {
    const d = degreeOf(optimal);
    const p = failureP(optimal);
    const fixed = withLabel(runs, 'fixed').find((r) => degreeOf(r) === d && failureP(r) === p);
    if (!fixed) throw new Error(`internal error: d = ${d}, p = ${p} needs a fixed cell`);
    return { d, p, optimal, fixed };
  });
}

const errorOf = (r: CellRun) => errorEstimate(r, Number.POSITIVE_INFINITY);
const advantage = (x: DecoderPair): Estimator => ratioEstimator([errorOf(x.fixed)], [errorOf(x.optimal)]);
const label = (x: DecoderPair) => `d = ${x.d}, p = ${fmt(x.p)}`;

/** Sub-claim `lower`: E[error_fixed]/E[error_optimal] > 1 at every (d, p). */
export function lowerEverywhere(pairs: readonly DecoderPair[], level: number): Check {
  return everywhereCheck(
    {
      subclaim: 'lower',
      kind: 'lower-everywhere',
      name: `every (d, p) (${pairs.length})`,
      statistic: 'min of E[error_fixed] / E[error_optimal]',
    },
    pairs.map((x) => ({ label: label(x), estimate: advantage(x) })),
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** Sub-claim `exponential`: the ratio grows with d — R(d + 1)/R(d) > 1 for every p and consecutive d. */
export function growsWithDegree(pairs: readonly DecoderPair[], level: number): Check {
  const steps = pairs.flatMap((x) => {
    const next = pairs.find((y) => y.p === x.p && y.d === x.d + 1);
    return next
      ? [
          {
            label: `p = ${fmt(x.p)}, d = ${x.d} → ${next.d}`,
            estimate: quotientEstimator(advantage(next), advantage(x)),
          },
        ]
      : [];
  });
  return everywhereCheck(
    {
      subclaim: 'exponential',
      kind: 'grows-with-degree',
      name: `every p, consecutive d (${steps.length} steps)`,
      statistic: 'min of R(d + 1) / R(d), R = E[error_fixed] / E[error_optimal]',
    },
    steps,
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/**
 * Sub-claim `floor`: E[error_optimal]/floor(d, p) is consistent with ≥ 1 at every (d, p) — an isolated block always
 * has α = 0, so the per-block error of any decoder is at least P(isolated) = p^d (`floor`, replaceable by a wrong
 * closed form in the falsifier).
 */
export function aboveIsolationFloor(
  pairs: readonly DecoderPair[],
  level: number,
  floor: (d: number, p: number) => number = (d, p) => p ** d,
): Check {
  return everywhereCheck(
    {
      subclaim: 'floor',
      kind: 'isolation-floor',
      name: `every (d, p) (${pairs.length})`,
      statistic: 'min of E[(1/n)‖α* − 1‖²] / p^d',
    },
    pairs.map((x) => {
      const f = floor(x.d, x.p);
      return {
        label: label(x),
        estimate: (lvl: number) => {
          const i = estimateInterval(errorOf(x.optimal), lvl);
          return { value: i.value / f, lo: i.lo / f, hi: i.hi / f };
        },
      };
    }),
    { kind: 'reaches', value: 1 },
    level,
  );
}

/** Coded GD, sub-claim `lower` on real gradients: E[relative gradient error]_fixed / …_optimal > 1. */
export function lowerInTraining(fixed: SchemeResult, optimal: SchemeResult, level: number): Check {
  const r = ratioInterval([relativeErrorEstimate(fixed)], [relativeErrorEstimate(optimal)], level);
  return judgedCheck(
    {
      subclaim: 'lower',
      kind: 'gd-lower',
      name: 'coded GD: fixed vs optimal',
      statistic: 'E[mean_k ‖ĝ_k − g_k‖²/‖g_k‖²]_fixed / …_optimal (real gradients)',
      quickCaveat: GD_CAVEAT,
    },
    r.value,
    [r.lo, r.hi],
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** Sub-claim `convergence`: Prop. VI.1 with the optimal decoder, the whole interval under the bound at every k ≥ 1. */
export function propositionVI1(check: BoundCheck, scheme: SchemeResult, result: TrainResult, level: number): Check {
  return boundCheck(
    { subclaim: 'convergence', kind: 'prop-vi1', name: 'Prop. VI.1 (optimal decoding)', quickCaveat: GD_CAVEAT },
    check,
    scheme,
    result.constants.fStar,
    level,
  );
}

/** Prop. VI.1's bound check of a scheme. */
function vi1Of(scheme: SchemeResult): BoundCheck {
  const b = scheme.bounds.find((x) => x.bound.name === 'glasgow-wootters-vi1');
  if (!b) throw new Error('internal error: the training spec must check glasgow-wootters-vi1');
  return b;
}

/**
 * Glasgow & Wootters: optimal decoding of graph assignment schemes against fixed decoding under i.i.d. random
 * stragglers (coefficient space, (1/n)E‖α − 1‖²) over the degree d and p; the isolation floor p^d; coded GD on real
 * gradients (src/train, examples/reproduce/glasgow-wootters.train.yaml) comparing the decoders' gradient error and
 * checking Prop. VI.1's bound on E‖x_k − x*‖².
 */
export function glasgowWoottersEntry(): GalleryEntry {
  const pairsOf = async (ctx: EntryContext) => decoderPairs(await ctx.run(ctx.spec.cells));
  return {
    id: 'glasgow-wootters',
    title: 'Optimal decoding beats fixed decoding on expander-graph schemes, by a factor exponential in d',
    claim:
      'With random stragglers, optimal (least-squares) decoding of a graph assignment scheme has a lower error than fixed decoding coefficients, by a factor exponential in the degree; no decoder beats the isolation floor; and coded GD with optimal decoding converges as Prop. VI.1 states.',
    subclaims: SUBCLAIMS,
    source: {
      paper: PAPER,
      where:
        'abstract; Prop. A.1 (fixed decoding ≥ p/(d(1−p))), Remark IV.2 (any decoder ≥ p^d/(1−p^d)), Theorem IV.1, Prop. VI.1',
      provenance:
        '[R] the headline (abstract, recalled); [V-bp] Prop. A.1, Remark IV.2 and Prop. VI.1 (blueprint transcription of v4); [D] the floor p^d for the un-normalised decoder (an isolated block has α = 0). The paper’s simulation parameters are [U]',
      digest: 'research/core-gc.md §D.1–D.5',
    },
    criterion:
      'Every check simultaneous over its points; ratios are boxes of their means’ intervals. lower: min over (d, p) of E[error_fixed]/E[error_optimal] > 1, and in coded GD (examples/reproduce/glasgow-wootters.train.yaml, same step for both decoders) E[relative gradient error ‖ĝ − g‖²/‖g‖², averaged over the iterations of a run]_fixed / …_optimal > 1. exponential: R(d) = E[error_fixed]/E[error_optimal] grows with d — min over p and consecutive d of R(d + 1)/R(d) > 1 (growth at every step; the per-step factors and the fitted slope of log R are reported). floor: at every (d, p) the interval of E[error_optimal]/p^d reaches 1 (fails only if the measurement lies wholly below the floor). convergence: Prop. VI.1 with the optimal decoder — the interval of E‖x_k − x*‖² lies under the bound at every k ≥ 1 (simultaneous over k); how tight the bound is, is reported.',
    quickTrials: 2000,
    monteCarloChecks: 5,
    falsifiers: [
      {
        kind: 'lower-everywhere',
        input: 'the fixed decoder in place of the optimal one (the fixed cells passed as both)',
        run: async (ctx) => [
          lowerEverywhere(
            (await pairsOf(ctx)).map((x) => ({ ...x, optimal: x.fixed })),
            ctx.judgedLevel,
          ),
        ],
      },
      {
        kind: 'grows-with-degree',
        input: 'the d = 3 cells passed for every degree (no growth with d)',
        async run(ctx) {
          const pairs = await pairsOf(ctx);
          const flat = pairs.map((x) => {
            const base = pairs.find((y) => y.p === x.p && y.d === 3) ?? x;
            return { ...x, optimal: base.optimal, fixed: base.fixed };
          });
          return [growsWithDegree(flat, ctx.judgedLevel)];
        },
      },
      {
        kind: 'isolation-floor',
        input: 'a wrong closed form for the floor: p^(d−1), the floor of replication d − 1',
        run: async (ctx) => [aboveIsolationFloor(await pairsOf(ctx), ctx.judgedLevel, (d, p) => p ** (d - 1))],
      },
      {
        kind: 'gd-lower',
        input: 'the fixed-decoding training scheme passed as the optimal one too',
        async run(ctx) {
          const { result } = await ctx.train(QUICK_TRAIN);
          const fixed = schemeByLabel(result, 'fixed');
          return [lowerInTraining(fixed, fixed, ctx.judgedLevel)];
        },
      },
      {
        kind: 'prop-vi1',
        input: 'a wrong closed form: Prop. VI.1’s bound without its noise floor (b_k − b_K)',
        async run(ctx) {
          const { result } = await ctx.train(QUICK_TRAIN);
          const optimal = schemeByLabel(result, 'optimal');
          return [propositionVI1(boundWithoutFloor(vi1Of(optimal)), optimal, result, ctx.judgedLevel)];
        },
      },
    ],
    async run(ctx) {
      const pairs = await pairsOf(ctx);
      const checks: Check[] = [
        lowerEverywhere(pairs, ctx.judgedLevel),
        growsWithDegree(pairs, ctx.judgedLevel),
        aboveIsolationFloor(pairs, ctx.judgedLevel),
      ];
      const rows: PlotRow[] = [];
      const ratioRows: PlotRow[] = [];
      const table: (string | number)[][] = [];
      for (const x of pairs) {
        const iOpt = estimateInterval(errorOf(x.optimal), ctx.level);
        const iFix = estimateInterval(errorOf(x.fixed), ctx.level);
        const r = advantage(x)(ctx.level);
        const floor = x.p ** x.d;
        const fixedBound = x.p / (x.d * (1 - x.p));
        rows.push({ d: String(x.d), series: `optimal, p = ${fmt(x.p)}`, ...intervalColumns(iOpt) });
        rows.push({ d: String(x.d), series: `fixed, p = ${fmt(x.p)}`, ...intervalColumns(iFix) });
        rows.push({ d: String(x.d), series: `p^d, p = ${fmt(x.p)}`, mean: floor, ci_lo: floor, ci_hi: floor });
        ratioRows.push({ d: String(x.d), p: `p = ${fmt(x.p)}`, ...intervalColumns(r) });
        table.push([
          x.d,
          fmt(x.p),
          `${fmt(iOpt.value)} [${fmt(iOpt.lo)}, ${fmt(iOpt.hi)}]`,
          fmt(floor),
          fmt(iOpt.value / floor),
          `${fmt(iFix.value)} [${fmt(iFix.lo)}, ${fmt(iFix.hi)}]`,
          fmt(fixedBound),
          `${fmt(r.value)} [${fmt(r.lo)}, ${fmt(r.hi)}]`,
        ]);
      }
      const slopes = [...new Set(pairs.map((x) => x.p))].map((p) => {
        const at = pairs.filter((x) => x.p === p).sort((a, b) => a.d - b.d);
        const xs = at.map((x) => x.d);
        const ys = at.map((x) => Math.log10(advantage(x)(ctx.level).value));
        const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
        const my = ys.reduce((s, v) => s + v, 0) / ys.length;
        const slope =
          xs.reduce((s, v, i) => s + (v - mx) * (ys[i] - my), 0) / xs.reduce((s, v) => s + (v - mx) ** 2, 0);
        return { p, slope };
      });
      for (const { p, slope } of slopes) {
        checks.push(
          infoCheck(
            {
              subclaim: 'exponential',
              name: `p = ${fmt(p)}, fitted growth`,
              statistic: 'least-squares slope of log10 R against d (decades per unit of d)',
            },
            slope,
            null,
            `R ≈ p^(1−d)/d (optimal ≈ p^d, fixed ≈ p/d) would grow by about log10(1/p) = ${fmt(Math.log10(1 / p))} decades per unit of d`,
          ),
        );
      }
      // Coded gradient descent on real gradients (src/train).
      const { loaded, result } = await ctx.train(QUICK_TRAIN);
      const gdOptimal = schemeByLabel(result, 'optimal');
      const gdFixed = schemeByLabel(result, 'fixed');
      checks.push(lowerInTraining(gdFixed, gdOptimal, ctx.judgedLevel));
      for (const s of [gdOptimal, gdFixed]) {
        const i = estimateInterval(relativeErrorEstimate(s), ctx.level);
        checks.push(
          infoCheck(
            { subclaim: 'lower', name: `coded GD, ${s.label}`, statistic: 'E[mean_k ‖ĝ_k − g_k‖²/‖g_k‖²]' },
            i.value,
            [i.lo, i.hi],
          ),
        );
      }
      const K = result.iterations;
      const gapRatio = schemeRatio(gdFixed, gdOptimal, 'gap', K, ctx.level, result.constants.fStar);
      checks.push(
        infoCheck(
          {
            subclaim: 'lower',
            name: 'coded GD: final gap',
            statistic: `E[f(x_K) − f*]_fixed / E[f(x_K) − f*]_optimal at K = ${K}`,
          },
          gapRatio.value,
          [gapRatio.lo, gapRatio.hi],
        ),
      );
      const vi1 = vi1Of(gdOptimal);
      checks.push(propositionVI1(vi1, gdOptimal, result, ctx.judgedLevel));
      const vi1Fixed = gdFixed.bounds.find((b) => b.bound.name === 'glasgow-wootters-vi1');
      if (vi1Fixed) {
        const c = boundCheck(
          { subclaim: 'convergence', kind: '', name: 'Prop. VI.1 (fixed decoding)' },
          vi1Fixed,
          gdFixed,
          result.constants.fStar,
          ctx.level,
        );
        checks.push({ ...c, criterion: null, verdict: 'INFO' });
      }
      const convergenceRows = [
        ...boundRows(vi1, 'optimal decoding'),
        ...(vi1Fixed ? boundRows(vi1Fixed, 'fixed decoding') : []),
      ];
      return {
        checks,
        tables: [
          {
            title: 'Error per block (1/n)E‖α − 1‖² at T = ∞ (every non-straggler responded), 95% CIs',
            columns: [
              'd',
              'p',
              'optimal',
              'p^d',
              'optimal/p^d',
              'fixed',
              'p/(d(1−p)) (Prop. A.1)',
              'ratio fixed/optimal',
            ],
            rows: table,
          },
        ],
        plots: [
          {
            name: 'error-vs-degree',
            caption:
              'Error per block vs degree d: optimal and fixed decoding (95% CI) and the isolation floor p^d, for p = 0.2 and 0.3 (log scale)',
            spec: codeComparisonPlot({
              rows,
              x: 'd',
              xTitle: 'Degree d (replication)',
              yTitle: 'Error per block',
              color: 'series',
              colorTitle: 'Decoder / floor',
              logY: true,
              title: 'Optimal vs fixed decoding',
              size: 'page',
            }),
          },
          {
            name: 'ratio-vs-degree',
            caption: 'E[error_fixed]/E[error_optimal] vs d (95% CI, log scale): a straight line is exponential growth',
            spec: codeComparisonPlot({
              rows: ratioRows,
              x: 'd',
              xTitle: 'Degree d',
              yTitle: 'Error ratio fixed / optimal',
              color: 'p',
              colorTitle: 'Straggling probability',
              logY: true,
              title: 'Advantage of optimal decoding',
            }),
          },
          ...(convergenceRows.length
            ? [
                {
                  name: 'prop-vi1',
                  caption: `Coded GD: E‖x_k − x*‖² (mean over ${result.runs} runs, 95% CI) against Prop. VI.1’s bound (dashed), d = 4, p = 0.2`,
                  spec: convergenceBoundPlot({
                    rows: convergenceRows,
                    color: 'scheme',
                    colorTitle: 'Decoder',
                    yTitle: 'E‖xₖ − x*‖²',
                    title: 'Prop. VI.1',
                    size: 'page',
                  }),
                },
              ]
            : []),
        ],
        notes: [
          trainingNote(loaded, result),
          `Optimal decoding sits at the isolation floor: E[error_optimal]/p^d is ${pairs.map((x) => fmt(estimateInterval(errorOf(x.optimal), ctx.level).value / x.p ** x.d)).join(', ')} over (d, p) in table order — its error is almost entirely blocks whose d machines all straggled.`,
          'The graphs are seeded random d-regular graphs (the paper’s graphs were not recovered); optimal decoding uses the linear-time graph decoder, equal to least squares (tested in test/decoders).',
        ],
      };
    },
  };
}

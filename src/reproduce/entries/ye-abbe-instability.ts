import { z } from 'zod';
import { codeComparisonPlot } from '../../plots/templates/code-comparison.js';
import type { PlotRow } from '../../plots/types.js';
import { emptyMoments, type Moments, pushMoment } from '../../stats/moments.js';
import type { GalleryEntry } from '../entry.js';
import { estimateFromMoments, estimateInterval, type Interval } from '../estimates.js';
import { LagrangeDecoder, type NodeFamily, randomPolynomial } from '../interpolation.js';
import { fmt } from '../numbers.js';
import { everywhereCheck, type LabelledEstimator } from '../simultaneous.js';
import { entrySetting } from '../spec-file.js';
import type { Check, SubClaim } from '../types.js';
import { infoCheck } from '../verdict.js';
import { RAMAMOORTHY_2024 } from './ramamoorthy2024-exact.js';

/** The precision of IEEE double, in significant decimal digits (the "ordinary floating point" of the judged point). */
const DOUBLE_DIGITS = 16;
/** "Large": a relative error of at least 1% (the decoded gradient is useless). */
const LARGE = 1e-2;
/** Accuracy whose digit count is reported ("digits needed"). */
const TARGET = 1e-6;

const SettingSchema = z
  .object({
    degrees: z.array(z.number().int().min(1).max(60)).min(2),
    digits: z.array(z.number().int().min(4).max(200)).min(2),
    nodes: z.array(z.enum(['integer', 'chebyshev'])).min(1),
    trials: z.number().int().min(2).max(100000),
  })
  .strict();

const SUBCLAIMS: readonly SubClaim[] = [
  {
    id: 'grows',
    text: 'the reconstruction error of Lagrange interpolation grows with the polynomial degree (20, 25, 30)',
  },
  {
    id: 'large',
    text: 'the error stays large even at high precision — read as: at the precision of ordinary floating point (16 significant digits) it is at least 1% at every degree',
  },
];

/** log10 of the relative error per trial, for one node family, degree and precision. */
export type ErrorGrid = Map<string, Moments>;

/** Key of a grid point. */
function key(family: NodeFamily, degree: number, digits: number): string {
  return `${family}|${degree}|${digits}`;
}

/** Runs the experiment: per node family, degree and precision, the moments of log10(relative error) over the trials. */
export function interpolationErrors(setting: z.infer<typeof SettingSchema>, seed: number, trials: number): ErrorGrid {
  const grid: ErrorGrid = new Map();
  for (const family of setting.nodes) {
    for (const degree of setting.degrees) {
      const polys = Array.from({ length: trials }, (_, t) => randomPolynomial(degree, seed, t));
      for (const digits of setting.digits) {
        const decoder = new LagrangeDecoder(family, degree, digits);
        const m = emptyMoments();
        for (const c of polys) pushMoment(m, Math.log10(Math.max(decoder.relativeError(c), Number.MIN_VALUE)));
        grid.set(key(family, degree, digits), m);
      }
    }
  }
  return grid;
}

/** The geometric-mean error (10^mean of log10) of a grid point as an interval at `level`. */
function geometric(grid: ErrorGrid, family: NodeFamily, degree: number, digits: number, level: number): Interval {
  const m = grid.get(key(family, degree, digits));
  if (!m) throw new Error(`internal error: no point ${key(family, degree, digits)}`);
  const i = estimateInterval(estimateFromMoments(m), level);
  return { value: 10 ** i.value, lo: 10 ** i.lo, hi: 10 ** i.hi };
}

/**
 * Sub-claim `grows` for one node family: at every precision where both degrees' errors are measurable (geometric
 * mean within [10^−(digits − 2), 10⁻¹]: above the working precision's roundoff, below saturation), the error at
 * degree D + 5 over that at D is > 1. The ratio of geometric means is 10^(difference of mean logs), with the box of
 * the two log-means' intervals.
 */
export function growsCheck(
  grid: ErrorGrid,
  family: NodeFamily,
  degrees: readonly number[],
  digits: readonly number[],
  level: number,
): Check {
  const sorted = [...degrees].sort((a, b) => a - b);
  const points: LabelledEstimator[] = [];
  for (const p of digits) {
    for (let i = 0; i + 1 < sorted.length; i++) {
      const [a, b] = [sorted[i], sorted[i + 1]];
      const measurable = (d: number) => {
        const v = geometric(grid, family, d, p, 0.5).value;
        return v >= 10 ** -(p - 2) && v <= 1e-1;
      };
      if (!measurable(a) || !measurable(b)) continue;
      points.push({
        label: `${p} digits, degree ${a} → ${b}`,
        estimate: (lvl) => {
          const half = 1 - (1 - lvl) / 2;
          const x = geometric(grid, family, b, p, half);
          const y = geometric(grid, family, a, p, half);
          return { value: x.value / y.value, lo: x.lo / y.hi, hi: x.hi / y.lo };
        },
      });
    }
  }
  return everywhereCheck(
    {
      subclaim: 'grows',
      kind: 'grows-with-degree',
      name: `${family} nodes (${points.length} measurable steps)`,
      statistic: 'min over precisions and consecutive degrees of gm error(D + 5) / gm error(D)',
    },
    points,
    { kind: 'greaterThan', value: 1 },
    level,
  );
}

/** Sub-claim `large` for one node family: the geometric-mean error at {@link DOUBLE_DIGITS} digits is ≥ 1% at every degree. */
export function largeCheck(grid: ErrorGrid, family: NodeFamily, degrees: readonly number[], level: number): Check {
  return everywhereCheck(
    {
      subclaim: 'large',
      kind: 'large-at-double',
      name: `${family} nodes, ${DOUBLE_DIGITS} digits`,
      statistic: `min over degrees of the geometric-mean relative error at ${DOUBLE_DIGITS} digits`,
    },
    degrees.map((d) => ({
      label: `degree ${d}`,
      estimate: (lvl: number) => geometric(grid, family, d, DOUBLE_DIGITS, lvl),
    })),
    { kind: 'atLeast', value: LARGE },
    level,
  );
}

/** The setting of a context, with the trial count capped by `--quick`. */
function settingOf(ctx: Parameters<GalleryEntry['run']>[0], quickTrials: number) {
  const setting = entrySetting(ctx.spec, SettingSchema);
  if (!setting.digits.includes(DOUBLE_DIGITS)) {
    throw new Error(`internal error: the setting's digits must include ${DOUBLE_DIGITS}`);
  }
  return { setting, trials: ctx.quick ? Math.min(setting.trials, quickTrials) : setting.trials };
}

/**
 * Numerical instability of polynomial interpolation, the decoding step of Ye–Abbe codes, on the axis of Ramamoorthy
 * et al.'s appendix figure: reconstruction error against the number of significant decimal digits at degree 20/25/30
 * (decimal.js arbitrary precision), for integer and Chebyshev nodes.
 */
export function yeAbbeInstabilityEntry(): GalleryEntry {
  const quickTrials = 10;
  const seedOf = (ctx: Parameters<GalleryEntry['run']>[0]) => Number(ctx.spec.spec.seed);
  return {
    id: 'ye-abbe-instability',
    title: 'Polynomial (Lagrange) decoding of Ye–Abbe codes is numerically unstable',
    claim:
      'Decoding the communication-efficient polynomial code by Lagrange interpolation over the reals is numerically unstable: at degree 20–30 the reconstruction error grows with the degree and stays large even at high precision.',
    subclaims: SUBCLAIMS,
    source: {
      paper: `${RAMAMOORTHY_2024}; construction from Ye & Abbe, "Communication-Computation Efficient Gradient Coding", ICML 2018 (arXiv 1802.03475)`,
      where:
        'Ramamoorthy et al., appendix figure on p. 12 (Lagrange interpolation error vs decimal places, degree 20/25/30, 100 trials)',
      provenance:
        '[AI] the instability figure (qualitative; no values, nodes or error measure recovered); that Ye–Abbe decoding is this interpolation is [BG/R] (approx-codes.md F.1)',
      digest: 'research/partial-stragglers.md §2.2, §5.4 T5; research/approx-codes.md §F.1',
    },
    criterion: `Per node family (integer 1 … D + 1 and Chebyshev; the paper's are not recovered), on the mean of log10(relative error) over the random polynomials (intervals at the family-wise level, split over the points). grows: at every precision where both are measurable (geometric mean within [10^−(digits−2), 10⁻¹]), the error at degree D + 5 over that at D is > 1. large: at ${DOUBLE_DIGITS} significant digits (IEEE double) the geometric-mean error is ≥ ${fmt(LARGE)} at every degree. The digits needed for ${fmt(TARGET)} are reported.`,
    quickTrials,
    monteCarloChecks: 4,
    falsifiers: [
      {
        kind: 'grows-with-degree',
        input: 'the degree-20 errors passed for every degree (no growth)',
        async run(ctx) {
          const { setting, trials } = settingOf(ctx, quickTrials);
          const base = { ...setting, degrees: [setting.degrees[0]] };
          const grid = interpolationErrors(base, seedOf(ctx), trials);
          for (const family of setting.nodes) {
            for (const d of setting.degrees)
              for (const p of setting.digits)
                grid.set(key(family, d, p), grid.get(key(family, setting.degrees[0], p)) as Moments);
          }
          return setting.nodes.map((f) => growsCheck(grid, f, setting.degrees, setting.digits, ctx.judgedLevel));
        },
      },
      {
        kind: 'large-at-double',
        input: 'the errors measured at 24 digits passed as the 16-digit ones (a more precise computation than claimed)',
        async run(ctx) {
          const { setting, trials } = settingOf(ctx, quickTrials);
          const grid = interpolationErrors({ ...setting, digits: [24] }, seedOf(ctx), trials);
          for (const family of setting.nodes)
            for (const d of setting.degrees)
              grid.set(key(family, d, DOUBLE_DIGITS), grid.get(key(family, d, 24)) as Moments);
          return setting.nodes.map((f) => largeCheck(grid, f, setting.degrees, ctx.judgedLevel));
        },
      },
    ],
    async run(ctx) {
      const { setting, trials } = settingOf(ctx, quickTrials);
      ctx.log(
        `  interpolation: ${setting.nodes.length} node families × ${setting.degrees.length} degrees × ${setting.digits.length} precisions × ${trials} polynomials`,
      );
      const grid = interpolationErrors(setting, seedOf(ctx), trials);
      const checks: Check[] = [];
      for (const family of setting.nodes) {
        checks.push(growsCheck(grid, family, setting.degrees, setting.digits, ctx.judgedLevel));
        checks.push(largeCheck(grid, family, setting.degrees, ctx.judgedLevel));
      }
      const rows: PlotRow[] = [];
      const table: (string | number)[][] = [];
      const neededBy: string[] = [];
      for (const family of setting.nodes) {
        for (const degree of setting.degrees) {
          const row: (string | number)[] = [family, degree];
          let needed: number | null = null;
          for (const digits of setting.digits) {
            const i = geometric(grid, family, degree, digits, ctx.level);
            rows.push({ digits, series: `${family}, degree ${degree}`, mean: i.value, ci_lo: i.lo, ci_hi: i.hi });
            row.push(fmt(i.value));
            if (needed === null && i.value <= TARGET) needed = digits;
          }
          table.push(row);
          neededBy.push(`${family} ${degree}: ${needed ?? `> ${Math.max(...setting.digits)}`}`);
          checks.push(
            infoCheck(
              {
                subclaim: 'large',
                name: `${family} nodes, degree ${degree}`,
                statistic: `fewest digits of the grid with geometric-mean error ≤ ${fmt(TARGET)}`,
              },
              needed ?? Number.NaN,
              null,
              needed === null ? `not reached up to ${Math.max(...setting.digits)} digits` : '',
            ),
          );
        }
      }
      return {
        checks,
        tables: [
          {
            title: `Geometric-mean relative error of the two top coefficients over ${trials} random polynomials, per precision (significant digits)`,
            columns: ['nodes', 'degree', ...setting.digits.map((d) => `${d} digits`)],
            rows: table,
          },
        ],
        plots: [
          {
            name: 'error-vs-digits',
            caption: `Lagrange interpolation error (two top coefficients, geometric mean over ${trials} random polynomials, 95% CI) vs significant decimal digits, degree 20/25/30, integer and Chebyshev nodes (log scale)`,
            spec: codeComparisonPlot({
              rows,
              x: 'digits',
              xTitle: 'Significant decimal digits',
              yTitle: 'Relative error',
              color: 'series',
              colorTitle: 'Nodes, degree',
              logY: true,
              title: 'Interpolation error vs precision',
              size: 'page',
            }),
          },
        ],
        notes: [
          `Each added digit of precision removes about one digit of error, so each curve is a line of slope −1 shifted by the conditioning of its node set. Fewest digits of the grid for an error ≤ ${fmt(TARGET)} (nodes, degree: digits): ${neededBy.join('; ')}.`,
          'Decoding Ye & Abbe’s code is this interpolation (the PS recovers the top ℓ coefficients of a degree-(k − 1) polynomial from k responses); gradcode’s own Ye–Abbe decoder solves the same Vandermonde system by LU in f64, as in ramamoorthy2024-exact.',
        ],
      };
    },
  };
}

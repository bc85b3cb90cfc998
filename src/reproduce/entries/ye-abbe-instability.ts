import { codeComparisonPlot } from '../../plots/templates/code-comparison.js';
import type { PlotRow } from '../../plots/types.js';
import { emptyMoments, type Moments, pushMoment } from '../../stats/moments.js';
import { ciOf, estimateFromMoments, estimateInterval, slopeInterval } from '../estimates.js';
import { fmt } from '../numbers.js';
import { type Precision, yeAbbeErrorInPrecision } from '../precision.js';
import { forEachSurvivorSet } from '../survivors.js';
import type { Check, GalleryEntry } from '../types.js';
import { infoCheck, judgedCheck } from '../verdict.js';
import { RAMAMOORTHY_2024 } from './ramamoorthy2024-exact.js';

/** Options of {@link yeAbbeInstabilityEntry}. */
export interface YeAbbeInstabilityOptions {
  /** The growth rate (decades per added worker) must exceed this (default 0: the error grows with N). */
  readonly minSlope?: number;
  /** Error level reported as the breakdown point (default 10⁻², relative to ‖u‖²). */
  readonly breakdown?: number;
}

const PRECISIONS: readonly Precision[] = ['f64', 'f32'];

/**
 * Numerical instability of polynomial (Vandermonde) decoding: the Ye–Abbe code's decoding error vs N in f64 and in
 * emulated f32, on the spec's random straggler sets. Ramamoorthy et al.'s appendix argues that Lagrange
 * interpolation is unstable; Ye & Abbe's decoder is such an interpolation.
 */
export function yeAbbeInstabilityEntry(options: YeAbbeInstabilityOptions = {}): GalleryEntry {
  const minSlope = options.minSlope ?? 0;
  const breakdown = options.breakdown ?? 1e-2;
  return {
    id: 'ye-abbe-instability',
    title: 'Polynomial (Vandermonde) decoding of Ye–Abbe codes is numerically unstable',
    claim:
      'Decoding the communication-efficient polynomial code by interpolation over the reals is numerically unstable: the reconstruction error grows rapidly with the number of workers (the polynomial degree), and lower precision breaks down sooner.',
    source: {
      paper: `${RAMAMOORTHY_2024}; construction from Ye & Abbe, "Communication-Computation Efficient Gradient Coding", ICML 2018 (arXiv 1802.03475)`,
      where:
        'Ramamoorthy et al., appendix figure on p. 12 (Lagrange interpolation error vs decimal places, degree 20/25/30, 100 trials)',
      provenance:
        '[AI] the instability figure (qualitative; no values recovered); the Ye–Abbe construction and our Chebyshev node choice are a reconstruction [R] (approx-codes.md F.1)',
      digest: 'research/partial-stragglers.md §5.4 T5; research/approx-codes.md §F.1',
    },
    criterion: `For each precision (f64, f32): the least-squares slope of the per-N mean of log10(error/(mℓ)) against N, over the spec's N values, has its 95% CI (Student t, n − 2 df) above ${fmt(minSlope)} — the error grows exponentially with N. The N at which the mean error first exceeds ${fmt(breakdown)} is reported.`,
    quickTrials: 40,
    async run(ctx) {
      const checks: Check[] = [];
      const rows: PlotRow[] = [];
      const table: (string | number)[][] = [];
      const series: Record<Precision, { N: number[]; mean: number[]; breakdown: number | null }> = {
        f64: { N: [], mean: [], breakdown: null },
        f32: { N: [], mean: [], breakdown: null },
      };
      const cells = [...ctx.spec.cells].sort((a, b) => ctx.resolve(a).schedule.code.N - ctx.resolve(b).schedule.code.N);
      for (const cell of cells) {
        const trial = ctx.resolve(cell);
        const code = trial.schedule.code;
        const scale = code.m * code.parts;
        const logs: Record<Precision, Moments> = { f64: emptyMoments(), f32: emptyMoments() };
        const values: Record<Precision, Moments> = { f64: emptyMoments(), f32: emptyMoments() };
        forEachSurvivorSet(trial, (_t, survivors) => {
          const S: number[] = [];
          for (let j = 0; j < code.N; j++) if (survivors[j]) S.push(j);
          for (const p of PRECISIONS) {
            const e = yeAbbeErrorInPrecision(code, S, p) / scale;
            pushMoment(values[p], e);
            pushMoment(logs[p], Math.log10(Math.max(e, Number.MIN_VALUE)));
          }
        });
        const row: (string | number)[] = [code.N];
        for (const p of PRECISIONS) {
          const l = estimateInterval(estimateFromMoments(logs[p]), ctx.level);
          const v = estimateFromMoments(values[p]);
          series[p].N.push(code.N);
          series[p].mean.push(l.value);
          if (series[p].breakdown === null && v.mean > breakdown) series[p].breakdown = code.N;
          rows.push({ N: code.N, precision: p, mean: 10 ** l.value, ci_lo: 10 ** l.lo, ci_hi: 10 ** l.hi });
          row.push(fmt(10 ** l.value), `[${fmt(10 ** l.lo)}, ${fmt(10 ** l.hi)}]`, fmt(v.mean));
        }
        table.push(row);
      }
      for (const p of PRECISIONS) {
        const slope = slopeInterval(series[p].N, series[p].mean, ctx.level);
        checks.push(
          judgedCheck(
            `${p}`,
            'growth of log10(error) per added worker (decades per worker)',
            slope.value,
            ciOf(slope),
            {
              kind: 'greaterThan',
              value: minSlope,
            },
          ),
        );
        const b = series[p].breakdown;
        checks.push(
          infoCheck(
            `${p} breakdown`,
            `smallest N with mean error/(mℓ) > ${fmt(breakdown)}`,
            b ?? Number.NaN,
            null,
            b === null ? `not reached up to N = ${Math.max(...series[p].N)}` : '',
          ),
        );
      }
      return {
        checks,
        tables: [
          {
            title: 'Decoding error ‖Σ w_j B_j − u‖²/(mℓ): geometric mean with 95% CI (from log10), and arithmetic mean',
            columns: ['N', 'f64 geo. mean', 'f64 95% CI', 'f64 mean', 'f32 geo. mean', 'f32 95% CI', 'f32 mean'],
            rows: table,
          },
        ],
        plots: [
          {
            name: 'error-vs-N',
            caption:
              'Ye–Abbe decoding error vs N (s = 2, ℓ = 2, Chebyshev nodes) in f64 and f32: geometric mean over random straggler sets, 95% CI',
            spec: codeComparisonPlot({
              rows,
              x: 'N',
              xTitle: 'Workers N',
              yTitle: 'Decoding error / (mℓ)',
              color: 'precision',
              colorTitle: 'Precision',
              logY: true,
              title: 'Vandermonde decoding error vs N',
            }),
          },
        ],
        notes: [
          'f32 is emulated by rounding every operation of the decoder to IEEE binary32 (Math.fround), the arithmetic of a WGSL kernel up to FMA contraction; the coefficients are stored in f32 too. The f64 path is the library’s own decoder (identical operations).',
          'The trial engine is not used for the error here: its original protocol reports exact decoding as soon as k messages arrived for any-k codes (the code’s guarantee), which hides roundoff by design.',
        ],
      };
    },
  };
}

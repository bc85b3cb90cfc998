/**
 * Synthetic, deterministic example rows for every plot template (closed-form curves with a fixed wobble, no random
 * numbers): the golden-file test renders them, and `npx tsx test/plots/render-gallery.ts` writes the PNGs in
 * docs/plots/. They show the templates, not measured results.
 */
import { codeComparisonPlot } from '../../src/plots/templates/code-comparison.js';
import { completionCdfPlot } from '../../src/plots/templates/completion-cdf.js';
import { completionTimePlot } from '../../src/plots/templates/completion-time.js';
import { convergenceBoundPlot } from '../../src/plots/templates/convergence-bound.js';
import { errorVsTimePlot } from '../../src/plots/templates/error-vs-time.js';
import { orderingComparisonPlot } from '../../src/plots/templates/ordering-comparison.js';
import { plotTable } from '../../src/plots/templates/plot-table.js';
import type { PlotRow, PlotSpec } from '../../src/plots/types.js';

/** A deterministic multiplicative wobble in [1 − a, 1 + a] so curves do not look drawn with a ruler. */
function wobble(i: number, a = 0.06): number {
  return 1 + a * Math.sin(1.7 * i + 0.3);
}

/** Mean ± t-interval columns for a mean `m` with relative half-width `rel`, as the stats module would write them. */
function withCi(m: number, rel: number): Pick<PlotRow, 'mean' | 'ci_lo' | 'ci_hi'> {
  return { mean: m, ci_lo: m * (1 - rel), ci_hi: m * (1 + rel) };
}

/** Error vs T for two protocols and an uncoded baseline; partial reaches zero error (exact decoding) at T = 9. */
export function errorVsTimeRows(): PlotRow[] {
  const rows: PlotRow[] = [];
  const rates: Record<string, number> = { partial: 1.05, original: 0.55, 'ignore stragglers': 0.22 };
  for (const [protocol, rate] of Object.entries(rates)) {
    for (let i = 1; i <= 24; i++) {
      const T = i / 2;
      if (protocol === 'partial' && T > 9) {
        rows.push({ protocol, T, mean: 0, ci_lo: 0, ci_hi: 0 });
        continue;
      }
      const m = Math.exp(-rate * T) * wobble(i, 0.04);
      // The interval widens in relative terms as fewer trials keep a non-zero error; near zero it crosses zero.
      const rel = 0.05 + 0.12 * (T / 12) ** 2 + (protocol === 'partial' && T >= 8 ? 1.2 : 0);
      rows.push({ protocol, T, ...withCi(m, rel) });
    }
  }
  return rows;
}

/** Mean completion time per (protocol, code) with CIs, and quantile columns for box plots. */
export function completionRows(): PlotRow[] {
  const rows: PlotRow[] = [];
  const codes = ['cyclic MDS', 'FRC', 'BIBD'];
  const base: Record<string, number> = { original: 6.2, partial: 3.1 };
  codes.forEach((code, c) => {
    for (const [protocol, b] of Object.entries(base)) {
      const m = b * (1 + 0.12 * c) * wobble(c + b, 0.05);
      const spread = m * 0.35;
      rows.push({
        protocol,
        code,
        ...withCi(m, 0.04),
        p5: m - 1.5 * spread,
        p25: m - 0.6 * spread,
        p50: m - 0.1 * spread,
        p75: m + 0.6 * spread,
        p95: m + 2.1 * spread,
        trials: 100000,
      });
    }
  });
  return rows;
}

/** Empirical CDF points of completion time: Erlang-like curves, faster for the partial protocol. */
export function completionCdfRows(): PlotRow[] {
  const rows: PlotRow[] = [];
  const shapes: Record<string, [number, number]> = { partial: [4, 1.3], original: [6, 0.95] };
  for (const [protocol, [k, rate]] of Object.entries(shapes)) {
    for (let i = 0; i <= 60; i++) {
      const T = i * 0.25;
      // Erlang(k, rate) CDF: 1 − Σ_{n<k} e^{−rT}(rT)^n/n!
      let term = 1;
      let sum = 1;
      for (let n = 1; n < k; n++) {
        term *= (rate * T) / n;
        sum += term;
      }
      const F = 1 - Math.exp(-rate * T) * sum;
      const half = 1.36 / Math.sqrt(2000); // DKW 95% band half-width for 2000 trials
      rows.push({ protocol, T, F, F_lo: Math.max(0, F - half), F_hi: Math.min(1, F + half) });
    }
  }
  return rows;
}

/** Optimality gap of coded GD over iterations for two decoders, against a geometric bound. */
export function convergenceRows(): PlotRow[] {
  const rows: PlotRow[] = [];
  const decoders: Record<string, [number, number]> = { optimal: [0.86, 0.9], fixed: [0.92, 0.95] };
  for (const [decoder, [rate, boundRate]] of Object.entries(decoders)) {
    for (let t = 0; t <= 60; t += 2) {
      const m = 2 * rate ** t * wobble(t, 0.05) + 1e-6;
      rows.push({ decoder, iteration: t, ...withCi(m, 0.08 + t / 400), bound: 3 * boundRate ** t + 2e-6 });
    }
  }
  return rows;
}

/** Optimal vs random ordering per N, for two metrics (completion time and decoding error at a fixed T). */
export function orderingRows(): PlotRow[] {
  const rows: PlotRow[] = [];
  for (const N of [6, 8, 10, 12]) {
    for (const ordering of ['optimal', 'random']) {
      const slow = ordering === 'random' ? 1.28 + N / 100 : 1;
      rows.push({ N, ordering, metric: 'Completion time', ...withCi(2.1 * Math.log(N) * slow * wobble(N), 0.03) });
      rows.push({ N, ordering, metric: 'Error at T = 3', ...withCi((0.02 + 0.01 * N) * slow ** 3 * wobble(N), 0.06) });
    }
  }
  return rows;
}

/** Decoding error vs number of stragglers s, per code, for N = 20 and N = 40. */
export function codeComparisonRows(): PlotRow[] {
  const rows: PlotRow[] = [];
  const codes: Record<string, number> = { 'cyclic MDS': 0.9, FRC: 0.55, BIBD: 0.35, uncoded: 0.15 };
  for (const N of [20, 40]) {
    for (const [code, k] of Object.entries(codes)) {
      for (let s = 1; s <= 8; s++) {
        const m = (s / N) ** (1 + k) * 10 ** (-2 * k) * wobble(s + N, 0.08);
        rows.push({ N, code, s, ...withCi(m, 0.1) });
      }
    }
  }
  return rows;
}

/** Completion time vs straggler probability p, the kind of table `gradcode plot` reads from a sweep. */
export function tableRows(): PlotRow[] {
  const rows: PlotRow[] = [];
  for (const code of ['cyclic MDS', 'FRC']) {
    for (let i = 0; i <= 10; i++) {
      const p = i / 20;
      const m = (code === 'FRC' ? 3.2 : 3.8) / (1 - p) ** 1.5;
      rows.push({ code, p, ...withCi(m, 0.02 + p / 10), trials: 10000 });
    }
  }
  return rows;
}

/** One example figure per template (and a faceted and a box-plot variant). */
export interface PlotExample {
  name: string;
  spec: () => PlotSpec;
}

/** Every example, in gallery order; names are the fixture and PNG file names. */
export const PLOT_EXAMPLES: PlotExample[] = [
  {
    name: 'error-vs-time',
    spec: () => errorVsTimePlot({ rows: errorVsTimeRows(), color: 'protocol', colorTitle: 'Protocol' }),
  },
  {
    name: 'completion-time-bars',
    spec: () =>
      completionTimePlot({
        rows: completionRows(),
        x: 'protocol',
        xTitle: 'Protocol',
        color: 'code',
        colorTitle: 'Code',
      }),
  },
  {
    name: 'completion-time-box',
    spec: () =>
      completionTimePlot({
        rows: completionRows(),
        mark: 'box',
        x: 'code',
        xTitle: 'Code',
        color: 'protocol',
        colorTitle: 'Protocol',
        showMean: true,
      }),
  },
  {
    name: 'completion-cdf',
    spec: () => completionCdfPlot({ rows: completionCdfRows(), yLo: 'F_lo', yHi: 'F_hi', colorTitle: 'Protocol' }),
  },
  {
    name: 'convergence-bound',
    spec: () => convergenceBoundPlot({ rows: convergenceRows(), color: 'decoder', colorTitle: 'Decoder' }),
  },
  {
    name: 'ordering-comparison',
    spec: () =>
      orderingComparisonPlot({
        rows: orderingRows(),
        facet: 'metric',
        facetTitle: null,
        yTitle: 'Mean (95% CI)',
        size: 'page',
      }),
  },
  {
    name: 'code-comparison',
    spec: () =>
      codeComparisonPlot({
        rows: codeComparisonRows(),
        x: 's',
        xTitle: 'Stragglers s',
        yTitle: 'Decoding error (per chunk)',
        logY: true,
        facet: 'N',
        size: 'page',
      }),
  },
  {
    name: 'plot-table',
    spec: () =>
      plotTable({
        rows: tableRows(),
        x: 'p',
        y: 'mean',
        color: 'code',
        xTitle: 'Straggler probability p',
        yTitle: 'Completion time (chunk-time units)',
        colorTitle: 'Code',
        title: 'Completion time vs straggler probability',
      }),
  },
];

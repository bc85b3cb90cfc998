import { studentTQuantile } from '../../src/stats/student-t.js';
import type { QuantileStatistic, RunnerResult, Statistic } from './result.js';

/** z of a two-sided 95% interval (for turning a peer's 95% order-statistic interval into a standard error). */
const Z95 = 1.959963984540054;

/** A statistic of one configuration as reported by gradcode (one backend) and by one peer. */
export interface StatisticPair {
  readonly workload: string;
  readonly config: string;
  readonly statistic: string;
  readonly gradcode: string;
  readonly peer: string;
  readonly a: Statistic;
  readonly b: Statistic;
}

/** The verdict on one pair. */
export interface Check extends StatisticPair {
  /** Standardised difference (a − b)/se of the difference; null when not defined (e.g. one side +∞). */
  readonly z: number | null;
  readonly agree: boolean;
  readonly note: string;
}

const num = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/** Standard error of a quantile from a 95% order-statistic interval (lo, hi), or NaN without one. */
function quantileSe(q: QuantileStatistic): number {
  const lo = num(q.lo);
  const hi = num(q.hi);
  return Number.isFinite(lo) && Number.isFinite(hi) ? (hi - lo) / (2 * Z95) : Number.NaN;
}

/**
 * Compares two estimates of the same statistic at critical value `zc`:
 * - means: z = Δ / √(se_a² + se_b²);
 * - counts (e.g. censored trials): the two-proportion z test with the pooled proportion;
 * - quantiles: both +∞ agree (the rank falls in the censored mass on both sides); finite values compare Δ with
 *   zc·√2·se_q + the histogram resolutions, se_q from the side that kept its samples (both sides ran the same trial
 *   count, so each estimate has about that sampling error).
 * Exact equality always agrees (e.g. zero censored trials on both sides).
 */
export function compareStatistics(
  a: Statistic,
  b: Statistic,
  zc: number,
): { z: number | null; agree: boolean; note: string } {
  if (a.kind === 'mean' && b.kind === 'mean') {
    const d = num(a.mean) - num(b.mean);
    if (Number.isNaN(d)) {
      const both = Number.isNaN(num(a.mean)) && Number.isNaN(num(b.mean));
      return { z: null, agree: both, note: both ? 'undefined on both sides' : 'undefined on one side only' };
    }
    const s = Math.hypot(num(a.se), num(b.se));
    if (d === 0) return { z: 0, agree: true, note: 'equal' };
    const z = d / s;
    return { z, agree: Math.abs(z) <= zc, note: '' };
  }
  if (a.kind === 'count' && b.kind === 'count') {
    const pa = a.count / a.of;
    const pb = b.count / b.of;
    if (pa === pb) return { z: 0, agree: true, note: 'equal proportions' };
    const p = (a.count + b.count) / (a.of + b.of);
    const s = Math.sqrt(p * (1 - p) * (1 / a.of + 1 / b.of));
    const z = (pa - pb) / s;
    return { z, agree: Math.abs(z) <= zc, note: '' };
  }
  if (a.kind === 'quantile' && b.kind === 'quantile') {
    const va = num(a.value);
    const vb = num(b.value);
    if (va === Number.POSITIVE_INFINITY && vb === Number.POSITIVE_INFINITY) {
      return { z: null, agree: true, note: '+∞ on both sides (censored mass)' };
    }
    if (!Number.isFinite(va) || !Number.isFinite(vb)) return { z: null, agree: false, note: 'finite on one side only' };
    const se = [quantileSe(a), quantileSe(b)].filter(Number.isFinite);
    const resolution = num(a.resolution ?? 0) + num(b.resolution ?? 0);
    const d = va - vb;
    if (se.length === 0) {
      return { z: null, agree: Math.abs(d) <= resolution, note: 'no interval on either side: within resolution?' };
    }
    const s = Math.SQRT2 * Math.max(...se);
    return {
      z: d / s,
      agree: Math.abs(d) <= zc * s + resolution,
      note: resolution > 0 ? `± histogram bin ${resolution.toPrecision(2)}` : '',
    };
  }
  return { z: null, agree: false, note: `different kinds (${a.kind} vs ${b.kind})` };
}

/** Critical |z| for `checks` simultaneous two-sided tests at family-wise level `level` (Bonferroni). */
export function bonferroniZ(checks: number, level = 0.95): number {
  return studentTQuantile(1 - (1 - level) / (2 * Math.max(1, checks)), 1e8);
}

/** Every statistic of every configuration that a gradcode result and a peer result both report. */
export function statisticPairs(
  gradcodeName: string,
  a: RunnerResult,
  peerName: string,
  b: RunnerResult,
): StatisticPair[] {
  const pairs: StatisticPair[] = [];
  for (const ca of a.configs) {
    const cb = b.configs.find((c) => c.label === ca.label);
    if (!cb) continue;
    for (const [statistic, sa] of Object.entries(ca.stats)) {
      const sb = cb.stats[statistic];
      if (sb) {
        pairs.push({
          workload: a.workload,
          config: ca.label,
          statistic,
          gradcode: gradcodeName,
          peer: peerName,
          a: sa,
          b: sb,
        });
      }
    }
  }
  return pairs;
}

/** Evaluates all pairs of a run together: family-wise 95% over all of them (Bonferroni), so one run's verdicts are
 * wrong with probability ≤ 5% when the implementations agree. */
export function evaluatePairs(pairs: readonly StatisticPair[], level = 0.95): { zCritical: number; checks: Check[] } {
  const zCritical = bonferroniZ(pairs.length, level);
  return { zCritical, checks: pairs.map((p) => ({ ...p, ...compareStatistics(p.a, p.b, zCritical) })) };
}

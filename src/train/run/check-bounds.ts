import { decoderNames, decoders } from '../../decoders/registry.js';
import type { Decoder } from '../../decoders/types.js';
import type { AlphaMoments } from '../bounds/alpha-moments.js';
import type { ProblemConstants } from '../bounds/constants.js';
import { erasureHeadFloor } from '../bounds/erasurehead.js';
import { corollaryVII2, type GwInputs, propositionVI1 } from '../bounds/glasgow-wootters.js';
import { type SongChoiInputs, songChoiSmooth, songChoiStronglyConvex } from '../bounds/song-choi.js';
import { type BoundCurve, type BoundMetric, type BoundName, notApplicable } from '../bounds/types.js';
import { type BoundRow, type Verdict, verdict } from '../bounds/verdict.js';
import type { ResolvedScheme } from '../spec/resolve-train.js';
import { curveOf } from './curves.js';
import type { SchemeRun, SchemeTables } from './run-scheme.js';

/** A bound evaluated for one scheme, its rows (empirical mean and CI against the bound) and its verdict. */
export interface BoundCheck {
  readonly bound: BoundCurve;
  /** One row per iteration where the bound is defined (empty when it does not apply). */
  readonly rows: readonly BoundRow[];
  /** Null when the bound does not apply (then `bound.reason` says why). */
  readonly verdict: Verdict | null;
}

/**
 * The per-worker weights ω of the message energy Σ_j ω_j‖msg_j‖² a scheme's bounds need: Song & Choi's variance
 * Σ_j δ_j‖f_j‖² (δ_j = p_j/(1 − p_j); core-gc.md §B.2, exact error) for an unbiased-estimate decoder (`unbiased`),
 * ErasureHead's Σ_b ‖G_b‖² = (1/r) Σ_j ‖msg_j‖² for a decoder on r-fold replication groups (`erasure`; core-gc.md
 * §C.5); else 0. The decoders declare these properties in src/decoders/registry.ts.
 */
export function energyWeights(scheme: ResolvedScheme, bounds: readonly BoundName[]): Float64Array {
  const N = scheme.code.N;
  const omega = new Float64Array(N);
  const p = scheme.failureOnly;
  const songChoi = bounds.includes('song-choi-smooth') || bounds.includes('song-choi-strongly-convex');
  if (songChoi && scheme.decoder.unbiasedEstimate && p) {
    for (let j = 0; j < N; j++) omega[j] = p[j] / (1 - p[j]);
  } else if (bounds.includes('erasurehead-pl') && scheme.decoder.usesReplicationGroups && scheme.groups) {
    const r = N / new Set(scheme.groups).size;
    omega.fill(1 / r);
  }
  return omega;
}

/** The registered decoders that declare a property, for the message of a bound whose assumption they meet. */
function decodersWith(property: 'unbiasedEstimate' | 'usesReplicationGroups'): string {
  return decoderNames.filter((name) => (decoders[name] as Decoder)[property]).join(' or ');
}

/** The per-run table a bound metric constrains: ‖x_k − x*‖², f(x_k) − f*, or (1/k) Σ_{t<k} ‖∇f(x_t)‖². */
export function metricTable(metric: BoundMetric, tables: SchemeTables, fStar: number): Float64Array {
  const { runs, points } = tables;
  if (metric === 'distance') return tables.distance;
  if (metric === 'gap') return tables.loss.map((v) => v - fStar);
  const out = new Float64Array(runs * points).fill(Number.NaN);
  for (let r = 0; r < runs; r++) {
    let sum = 0;
    for (let k = 1; k < points; k++) {
      sum += tables.gradientNorm[r * points + k - 1];
      out[r * points + k] = sum / k;
    }
  }
  return out;
}

/** Compares a bound with the empirical mean and CI of its metric at every iteration where it is defined. */
export function checkBound(bound: BoundCurve, tables: SchemeTables, fStar: number, confidence: number): BoundCheck {
  if (!bound.applies || !bound.values) return { bound, rows: [], verdict: null };
  const curve = curveOf(metricTable(bound.metric, tables, fStar), tables.runs, tables.points, confidence);
  const rows: BoundRow[] = [];
  for (let k = 0; k < tables.points; k++) {
    if (!Number.isFinite(bound.values[k])) continue;
    rows.push({ iteration: k, mean: curve.mean[k], ci_lo: curve.lo[k], ci_hi: curve.hi[k], bound: bound.values[k] });
  }
  return { bound, rows, verdict: verdict(rows) };
}

/** Why the failure-only, wait-for-all model of the random-straggler bounds does not describe a scheme, if it does not. */
function randomModelIssue(scheme: ResolvedScheme): string | undefined {
  if (!scheme.failureOnly) return 'needs workers that miss a round only by failing independently (stragglers.failures)';
  if (scheme.wait.kind !== 'all') return 'needs the PS to wait for every non-failed worker (wait: all)';
  return undefined;
}

/**
 * Evaluates the requested bounds for one scheme's runs: Glasgow & Wootters Prop. VI.1 and Cor. VII.2 (paper
 * statements, core-gc.md §D.4), the Song–Choi strongly convex and smooth forms and the ErasureHead PL floor (our
 * derivations, core-gc.md §B.4 and §C.5; each curve's `derivation` and `provenance` say so).
 */
export function checkSchemeBounds(args: {
  readonly names: readonly BoundName[];
  readonly scheme: ResolvedScheme;
  readonly run: SchemeRun;
  readonly constants: ProblemConstants;
  readonly eps0: number;
  readonly gap0: number;
  readonly confidence: number;
}): BoundCheck[] {
  const { names, scheme, run, constants, eps0, gap0, confidence } = args;
  const { tables, steps } = run;
  const { runs, points } = tables;
  const gw: GwInputs = {
    constants,
    steps,
    optimizer: scheme.optimizer,
    m: scheme.code.m,
    parts: scheme.code.parts,
    eps0,
  };
  const issue = randomModelIssue(scheme);
  const out: BoundCheck[] = [];
  for (const name of names) {
    let bound: BoundCurve;
    switch (name) {
      case 'glasgow-wootters-vi1': {
        if (issue || !run.moments) {
          bound = notApplicable(
            name,
            'Glasgow–Wootters Prop. VI.1 (random stragglers)',
            'paper',
            'core-gc.md §D.4',
            'distance',
            issue ?? 'stated for one-part codes (ℓ = 1)',
          );
        } else bound = propositionVI1(gw, run.moments as AlphaMoments);
        break;
      }
      case 'glasgow-wootters-vii2':
        bound = corollaryVII2(gw, run.plan.maxAlphaError);
        break;
      case 'song-choi-strongly-convex':
      case 'song-choi-smooth': {
        const unbiased = scheme.decoder.unbiasedEstimate === true && !issue;
        let secondMomentMax = 0;
        const varianceMean = new Float64Array(points);
        for (let r = 0; r < runs; r++) {
          for (let k = 0; k < points; k++) {
            const e = tables.messageEnergy[r * points + k];
            secondMomentMax = Math.max(secondMomentMax, tables.gradientNorm[r * points + k] + e);
            varianceMean[k] += e / runs;
          }
        }
        const inputs: SongChoiInputs = {
          unbiased,
          biasReason: unbiased
            ? undefined
            : !scheme.decoder.unbiasedEstimate
              ? `the ${scheme.decoder.name} decoder is not Song & Choi's unbiased estimate (decoder: ${decodersWith('unbiasedEstimate')})`
              : issue,
          optimizer: scheme.optimizer,
          steps,
          mu: constants.mu,
          L: constants.L,
          secondMomentMax,
          varianceMean,
          gap0,
        };
        bound = name === 'song-choi-smooth' ? songChoiSmooth(inputs) : songChoiStronglyConvex(inputs);
        break;
      }
      case 'erasurehead-pl': {
        const p = scheme.failureOnly;
        const groups = scheme.groups;
        let assumption = issue;
        if (!assumption && !scheme.decoder.usesReplicationGroups)
          assumption = `needs ErasureHead's group decoding (decoder: ${decodersWith('usesReplicationGroups')})`;
        if (!assumption && !groups) assumption = 'needs a code with replication groups (FRC)';
        if (!assumption && p && p.some((v) => v !== p[0]))
          assumption = 'needs one erasure probability q for every node';
        let S = 0;
        for (const e of tables.messageEnergy) if (Number.isFinite(e)) S = Math.max(S, e);
        const r = groups ? scheme.code.N / new Set(groups).size : 1;
        bound = erasureHeadFloor({
          assumption,
          optimizer: scheme.optimizer,
          steps,
          mu: constants.mu,
          L: constants.L,
          q: p ? p[0] : 0,
          r,
          S,
          gap0,
        });
        break;
      }
    }
    out.push(checkBound(bound, tables, constants.fStar, confidence));
  }
  return out;
}

import { z } from 'zod';
import { parseCodeSpec } from '../../codes/spec.js';
import { chunkReplication } from '../../codes/structure.js';
import type { GradientCode } from '../../codes/types.js';
import { getDecoder } from '../../decoders/registry.js';
import { codeComparisonPlot } from '../../plots/templates/code-comparison.js';
import type { PlotRow } from '../../plots/types.js';
import { Stream } from '../../rng/counters.js';
import { PhiloxStream } from '../../rng/stream.js';
import type { EntryContext } from '../context.js';
import type { GalleryEntry } from '../entry.js';
import { fmt } from '../numbers.js';
import { entrySetting } from '../spec-file.js';
import type { Check, SubClaim } from '../types.js';
import { infoCheck, judgedCheck } from '../verdict.js';

const PAPER =
  'Bitar, Wootters & El Rouayheb, "Stochastic Gradient Coding for Straggler Mitigation in Distributed Learning", IEEE JSAIT 1(1), 2020';

/** Relative deviation counted as roundoff. */
const TOLERANCE = 1e-9;
/** Largest N whose 2^N survivor patterns are enumerated. */
const MAX_ENUMERATED = 16;

const SettingSchema = z
  .object({
    p: z.number().gt(0).lt(1),
    dimension: z.number().int().min(1).max(100),
    assignments: z.array(z.string().min(1)).min(1),
    redundancy: z
      .object({ n: z.number().int().min(2).max(MAX_ENUMERATED), degrees: z.array(z.number().int().min(1)).min(2) })
      .strict(),
    comparison: z
      .object({
        p: z.array(z.number().gt(0).lt(1)).min(1),
        codes: z.record(z.string(), z.object({ code: z.string().min(1), decoder: z.string().min(1) }).strict()),
      })
      .strict(),
  })
  .strict();
type Setting = z.infer<typeof SettingSchema>;

const SUBCLAIMS: readonly SubClaim[] = [
  {
    id: 'unbiased',
    text: 'with random stragglers, assigning data redundantly and simply ignoring the stragglers (weights 1/(d(1 − p))) gives an unbiased gradient estimate',
  },
  {
    id: 'variance',
    text: 'for a pair-wise balanced design its variance is p/(d²(1 − p))·[(d − λ)Σ_j‖g_j‖² + λ‖Σ_j g_j‖²] (λ_jj′ in general) [our derivation of the paper’s model]',
  },
  {
    id: 'redundancy',
    text: 'convergence improves with redundancy: more replication lowers the estimator’s variance at the optimum',
  },
  {
    id: 'many-stragglers',
    text: 'small redundancy handles many stragglers, and SGC beats existing approximate gradient codes when stragglers are many',
    untestable:
      'which approximate codes, loads, losses and step sizes the paper compared, and its numbers, are not recovered (approx-codes.md F.2); the exact coefficient error E‖α − 1‖² of SGC and three codes of the same load is reported over p instead',
  },
];

/** Calls `visit(mask, probability)` for every survivor pattern of N workers straggling independently w.p. p_j. */
export function forEachPattern(
  N: number,
  p: ArrayLike<number>,
  visit: (survivors: Uint8Array, probability: number) => void,
): void {
  if (N > MAX_ENUMERATED) throw new Error(`internal error: ${N} workers are too many to enumerate`);
  const survivors = new Uint8Array(N);
  for (let mask = 0; mask < 1 << N; mask++) {
    let probability = 1;
    for (let j = 0; j < N; j++) {
      survivors[j] = (mask >> j) & 1;
      probability *= survivors[j] ? 1 - p[j] : p[j];
    }
    visit(survivors, probability);
  }
}

/** Seeded normal gradient vectors g_j (m × dim), optionally shifted to sum to zero (the optimum of the loss). */
export function randomGradients(m: number, dim: number, seed: number, zeroSum = false): Float64Array[] {
  const stream = new PhiloxStream(seed, Stream.construction, m, dim);
  const g = Array.from({ length: m }, () => Float64Array.from({ length: dim }, () => stream.normal()));
  if (zeroSum) {
    for (let k = 0; k < dim; k++) {
      const mean = g.reduce((s, v) => s + v[k], 0) / m;
      for (const v of g) v[k] -= mean;
    }
  }
  return g;
}

/** Exact E[α] and E‖Σ_j(α_j − 1)g_j‖² of a code and decoder under independent stragglers (enumeration). */
export function exactMoments(code: GradientCode, decoder: string, p: number, gradients?: readonly Float64Array[]) {
  const probs = new Float64Array(code.N).fill(p);
  const dec = getDecoder(decoder);
  const mean = new Float64Array(code.m);
  let alphaError = 0;
  let gradientError = 0;
  const dim = gradients?.[0]?.length ?? 0;
  const diff = new Float64Array(dim);
  forEachPattern(code.N, probs, (survivors, probability) => {
    const { alpha } = dec.decode(code, { survivors, p: probs });
    let e = 0;
    diff.fill(0);
    for (let j = 0; j < code.m; j++) {
      mean[j] += probability * alpha[j];
      e += (alpha[j] - 1) ** 2;
      if (gradients) for (let k = 0; k < dim; k++) diff[k] += (alpha[j] - 1) * gradients[j][k];
    }
    alphaError += probability * e;
    if (gradients) gradientError += probability * diff.reduce((s, x) => s + x * x, 0);
  });
  return { mean, alphaError, gradientError };
}

/** The SGC code of an assignment spec. */
function sgcOf(assignment: string): GradientCode {
  return parseCodeSpec(`sgc:(${assignment})`);
}

/** Sub-claim `unbiased`: max_j |E[α̂_j] − 1| (exact) with weights 1/(1 − p) (`weightsOf` replaceable by a wrong decoder). */
export function unbiasedCheck(assignment: string, p: number, decoder = 'unbiased'): Check {
  const { mean } = exactMoments(sgcOf(assignment), decoder, p);
  return judgedCheck(
    {
      subclaim: 'unbiased',
      kind: 'unbiased',
      name: `sgc:(${assignment}), p = ${p}, ${decoder} decoding`,
      statistic: 'max_j |E[α̂_j] − 1| (all 2^N survivor patterns)',
    },
    Math.max(...Array.from(mean, (x) => Math.abs(x - 1))),
    null,
    { kind: 'atMost', value: TOLERANCE },
  );
}

/**
 * The variance formula p/(d²(1 − p))·[d Σ_j‖g_j‖² + Σ_{j≠j′} λ_jj′ g_jᵀg_j′] for an assignment where every chunk has d
 * holders and chunks j, j′ share λ_jj′ workers (= p/(d²(1−p))·[(d − λ)Σ‖g_j‖² + λ‖Σg_j‖²] for constant λ).
 * `coOccurrence` false drops the λ terms (a falsifier's wrong form).
 */
export function varianceFormula(
  code: GradientCode,
  p: number,
  g: readonly Float64Array[],
  coOccurrence = true,
): number {
  const d = chunkReplication(code)[0];
  const holders: Set<number>[] = Array.from({ length: code.m }, () => new Set());
  for (let j = 0; j < code.N; j++)
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) holders[code.chunks[e]].add(j);
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, k) => s + x * b[k], 0);
  let total = 0;
  for (let a = 0; a < code.m; a++) {
    total += d * dot(g[a], g[a]);
    if (!coOccurrence) continue;
    for (let b = 0; b < code.m; b++) {
      if (a === b) continue;
      let lambda = 0;
      for (const w of holders[a]) if (holders[b].has(w)) lambda++;
      total += lambda * dot(g[a], g[b]);
    }
  }
  return (p / (d * d * (1 - p))) * total;
}

/** Sub-claim `variance`: exact E‖ĝ − g‖² against the formula (relative deviation). */
export function varianceCheck(assignment: string, s: Setting, seed: number, coOccurrence = true): Check {
  const code = sgcOf(assignment);
  const g = randomGradients(code.m, s.dimension, seed);
  const exact = exactMoments(code, 'unbiased', s.p, g).gradientError;
  const formula = varianceFormula(code, s.p, g, coOccurrence);
  return judgedCheck(
    {
      subclaim: 'variance',
      kind: 'variance',
      name: `sgc:(${assignment}), p = ${s.p}`,
      statistic: `|E‖ĝ − g‖² − formula| / E‖ĝ − g‖² (E = ${fmt(exact)}, enumeration)`,
    },
    Math.abs(exact - formula) / exact,
    null,
    { kind: 'atMost', value: TOLERANCE },
  );
}

/** E‖ĝ − g‖² at zero-sum gradients for cyclic SGC of every degree of the setting (exact). */
export function redundancyVariances(s: Setting, seed: number): { d: number; variance: number }[] {
  const g = randomGradients(s.redundancy.n, s.dimension, seed, true);
  return s.redundancy.degrees.map((d) => ({
    d,
    variance: exactMoments(sgcOf(`cyclic:N=${s.redundancy.n},d=${d}`), 'unbiased', s.p, g).gradientError,
  }));
}

/** Sub-claim `redundancy`: every step d → d + 1 lowers the variance: min over steps of (V(d) − V(d′))/V(d) > 0. */
export function redundancyCheck(values: readonly { d: number; variance: number }[]): Check {
  let least = Number.POSITIVE_INFINITY;
  let at = '';
  for (let i = 0; i + 1 < values.length; i++) {
    const drop = (values[i].variance - values[i + 1].variance) / values[i].variance;
    if (drop < least) [least, at] = [drop, `d = ${values[i].d} → ${values[i + 1].d}`];
  }
  const c = judgedCheck(
    {
      subclaim: 'redundancy',
      kind: 'redundancy',
      name: `cyclic SGC, d = ${values.map((v) => v.d).join(', ')}`,
      statistic: 'min over consecutive d of the relative drop of E‖ĝ − g‖² (zero-sum gradients, exact)',
    },
    least,
    null,
    { kind: 'greaterThan', value: 0 },
  );
  return { ...c, reason: `${c.reason}; smallest drop at ${at}` };
}

function settingOf(ctx: EntryContext): Setting {
  return entrySetting(ctx.spec, SettingSchema);
}

/**
 * Bitar, Wootters & El Rouayheb's stochastic gradient coding, all by exact enumeration of the survivor patterns:
 * unbiasedness, the variance of a pair-wise balanced design, its decrease with redundancy at the optimum, and — reported
 * — the coefficient error against three other codes of the same load as the straggling probability grows.
 */
export function stochasticGradientCodingEntry(): GalleryEntry {
  const seedOf = (ctx: EntryContext) => Number(ctx.spec.spec.seed);
  return {
    id: 'stochastic-gradient-coding',
    title: 'Stochastic gradient coding: unbiased, lower variance with redundancy',
    claim:
      'When stragglers are random, assigning data to workers redundantly by a pair-wise balanced design and simply ignoring the stragglers gives an unbiased gradient estimate; convergence improves with redundancy, small redundancy handles many stragglers, and the scheme beats existing approximate gradient codes when stragglers are many.',
    subclaims: SUBCLAIMS,
    source: {
      paper: PAPER,
      where: 'abstract',
      provenance:
        '[V] the claims (abstract and journal page); [D] the unbiased estimator’s variance and its scaling (our derivation, approx-codes.md F.2); the convergence constants, step sizes and experiments are [X]',
      digest: 'research/approx-codes.md §F.2',
    },
    criterion: `All checks exact: expectations over all 2^N survivor patterns (workers straggle independently with p = 0.3). unbiased: for every assignment, max_j |E[α̂_j] − 1| ≤ ${fmt(TOLERANCE)}. variance: E‖ĝ − g‖² for seeded gradient vectors equals p/(d²(1 − p))·[dΣ‖g_j‖² + Σ_{j≠j′} λ_jj′ g_jᵀg_j′] to ${fmt(TOLERANCE)} relative. redundancy: for cyclic SGC with n = 12, E‖ĝ − g‖² at gradients summing to zero drops at every step d → d + 1 (d = 1 … 6). many-stragglers: UNTESTABLE; E‖α − 1‖²/n of SGC, ErasureHead, BGC (one-step) and ignoring stragglers is reported for p ∈ {0.1 … 0.9}.`,
    quickTrials: 1,
    monteCarloChecks: 0,
    falsifiers: [
      {
        kind: 'unbiased',
        input: 'the stragglers ignored without reweighting: fixed weight n/(n − s)·m/ΣB in place of 1/(1 − p)',
        run: async (ctx) => {
          const s = settingOf(ctx);
          return s.assignments.map((a) => unbiasedCheck(a, s.p, 'fixed'));
        },
      },
      {
        kind: 'variance',
        input: 'a wrong closed form: the co-occurrence terms λ_jj′ dropped',
        run: async (ctx) => {
          const s = settingOf(ctx);
          return s.assignments.map((a) => varianceCheck(a, s, seedOf(ctx), false));
        },
      },
      {
        kind: 'redundancy',
        input: 'the d = 1 variance passed for every d',
        run: async (ctx) => {
          const values = redundancyVariances(settingOf(ctx), seedOf(ctx));
          return [redundancyCheck(values.map((v) => ({ ...v, variance: values[0].variance })))];
        },
      },
    ],
    async run(ctx) {
      const s = settingOf(ctx);
      const seed = seedOf(ctx);
      const checks: Check[] = [];
      for (const a of s.assignments) checks.push(unbiasedCheck(a, s.p), varianceCheck(a, s, seed));
      const redundancy = redundancyVariances(s, seed);
      checks.push(redundancyCheck(redundancy));
      const rows: PlotRow[] = [];
      const table: (string | number)[][] = [];
      for (const p of s.comparison.p) {
        const row: (string | number)[] = [fmt(p)];
        for (const [name, c] of Object.entries(s.comparison.codes)) {
          const code = parseCodeSpec(c.code);
          const e = exactMoments(code, c.decoder, p).alphaError / code.m;
          row.push(fmt(e));
          rows.push({ p, code: name, mean: e });
        }
        table.push(row);
      }
      const names = Object.keys(s.comparison.codes);
      const sgc = names.indexOf('SGC');
      for (const [i, p] of s.comparison.p.entries()) {
        const values = table[i].slice(1).map(Number);
        const best = names[values.indexOf(Math.min(...values))];
        checks.push(
          infoCheck(
            { subclaim: 'many-stragglers', name: `p = ${fmt(p)}`, statistic: 'E‖α − 1‖²/n of SGC (exact)' },
            sgc >= 0 ? values[sgc] : Number.NaN,
            null,
            `lowest: ${best}; ${names.map((n, k) => `${n} ${fmt(values[k])}`).join(', ')}`,
          ),
        );
      }
      return {
        checks,
        tables: [
          {
            title: `E‖ĝ − g‖² of cyclic SGC (n = ${s.redundancy.n}, p = ${s.p}) at zero-sum gradients, per replication d (exact)`,
            columns: ['d', 'E‖ĝ − g‖²'],
            rows: redundancy.map((v) => [v.d, fmt(v.variance)]),
          },
          {
            title: 'Exact coefficient error E‖α − 1‖²/n (n = 12) over the straggling probability p',
            columns: ['p', ...names],
            rows: table,
          },
        ],
        plots: [
          {
            name: 'error-vs-p',
            caption:
              'Exact E‖α − 1‖²/n against the straggling probability p (n = 12, load 3 except ignoring stragglers, load 1; log scale)',
            spec: codeComparisonPlot({
              rows,
              x: 'p',
              xTitle: 'Straggling probability p',
              yTitle: 'E‖α − 1‖² / n',
              color: 'code',
              colorTitle: 'Code, decoder',
              yLo: null,
              yHi: null,
              logY: true,
              title: 'Coefficient error vs p',
            }),
          },
        ],
        notes: [
          'E‖α − 1‖² weighs bias and variance alike: SGC is unbiased with a larger variance, ErasureHead and ignoring stragglers are biased (they drop what did not arrive) — the ranking on this measure is not a ranking of convergence.',
          'At gradients that do not sum to zero, the λ‖Σ_j g_j‖² term of the variance grows with d (λ ≈ d(d − 1)/(n − 1)): redundancy lowers the noise at the optimum, not everywhere.',
        ],
      };
    },
  };
}

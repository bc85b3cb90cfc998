import { stragglerStatistics } from '../../adversarial/straggler-statistics.js';
import { codeFromRows } from '../../codes/build.js';
import type { GradientCode } from '../../codes/types.js';
import { codeComparisonPlot } from '../../plots/templates/code-comparison.js';
import type { PlotRow } from '../../plots/types.js';
import { computeFinishTimes } from '../../protocols/finish-times.js';
import { emptyMoments, pushMoment } from '../../stats/moments.js';
import { TrialDrawer } from '../../stragglers/draws.js';
import type { TrialCell } from '../../trials/cell.js';
import { labelOf } from '../cells.js';
import type { EntryContext } from '../context.js';
import type { GalleryEntry } from '../entry.js';
import { estimateFromMoments, estimateInterval } from '../estimates.js';
import { fmt } from '../numbers.js';
import type { Check, SubClaim } from '../types.js';
import { infoCheck, judgedCheck } from '../verdict.js';

const PAPER =
  'Maßny, Hofmeister, Egger, Bitar & Wachter-Zeh, "Nested Gradient Codes for Straggler Mitigation in Distributed Machine Learning", arXiv 2212.08580 (2022)';

/** Largest error per chunk counted as exact. */
const TOLERANCE = 1e-9;

const SUBCLAIMS: readonly SubClaim[] = [
  {
    id: 'flexible',
    text: 'by concatenating gradient codes with different straggler tolerances, a nested gradient code tolerates a flexible number of stragglers (level t decodable from any N − s_t of its messages, not from fewer)',
  },
  {
    id: 'latency',
    text: 'with task scheduling and a little extra signalling the computation load adapts to the actual number of stragglers, and the latency is significantly lower than that of gradient codes',
    untestable:
      'the paper’s scheduling, signalling and latency model are not recovered (approx-codes.md E.2–E.5), and our reconstruction does not adapt the load; its latency and completion rate against an ordinary gradient code are reported for k = 0 … 3 failures instead',
  },
];

/** One level of a nested code: its tolerance, chunk offset and chunk count (from `meta.extra.levels`). */
interface Level {
  readonly s: number;
  readonly chunkOffset: number;
  readonly chunks: number;
}

/** The levels of a nested code; an internal error for any other code. */
function levelsOf(code: GradientCode): readonly Level[] {
  const extra = code.meta.extra;
  if (extra?.kind !== 'nested') throw new Error(`internal error: ${code.name} is not a nested code`);
  return extra.levels;
}

/** Level t of a nested code as a code of its own: the columns of its chunks, renumbered from 0. */
export function levelCode(code: GradientCode, level: Level): GradientCode {
  const rows: number[][] = [];
  const coefficients: number[][] = [];
  for (let j = 0; j < code.N; j++) {
    const row: number[] = [];
    const coef: number[] = [];
    for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
      const i = code.chunks[e] - level.chunkOffset;
      if (i >= 0 && i < level.chunks) {
        row.push(i);
        coef.push(code.coefficients[e]);
      }
    }
    rows.push(row);
    coefficients.push(coef);
  }
  return codeFromRows({
    name: `${code.name} level s = ${level.s}`,
    m: level.chunks,
    rows,
    coefficients,
    meta: { ...code.meta, extra: undefined, stragglerTolerance: level.s },
  });
}

/**
 * Sub-claim `flexible` for one level: the largest optimal error per chunk over all `s`-sets (s = the level's
 * tolerance, or another value in a falsifier) is roundoff, and over all (s + 1)-sets it is not.
 */
export function levelChecks(name: string, code: GradientCode, s: number): Check[] {
  const at = (k: number) => stragglerStatistics(code, { kind: 'exhaustive', s: k }, { decoder: 'optimal' });
  const a = at(s);
  const b = at(s + 1);
  return [
    judgedCheck(
      {
        subclaim: 'flexible',
        kind: 'level-robust',
        name: `${name}, all ${s}-sets`,
        statistic: `max over ${a.sets} sets of the level’s error/m`,
      },
      a.error.maxNormalized,
      null,
      { kind: 'atMost', value: TOLERANCE },
    ),
    judgedCheck(
      {
        subclaim: 'flexible',
        kind: 'level-tight',
        name: `${name}, all ${s + 1}-sets`,
        statistic: `max over ${b.sets} sets of the level’s error/m`,
      },
      b.error.maxNormalized,
      null,
      { kind: 'greaterThan', value: TOLERANCE },
    ),
  ];
}

/**
 * Per trial of a cell, the time at which every level of its nested code is decodable (each level t needs N − s_t
 * workers to have finished their level-t chunks, levels processed in order; +∞ when fewer ever do) and the time of
 * the first level alone, from the cell's own straggler draws (the Philox counters of the trial engine).
 */
export function levelTimes(cell: TrialCell): { complete: number[]; first: number[] } {
  const { schedule } = cell;
  const { code } = schedule;
  const levels = levelsOf(code);
  const drawer = new TrialDrawer(cell.stragglers, cell.seed, cell.index);
  const factors = new Float64Array(code.N);
  const times = new Float64Array(Math.max(1, schedule.maxLoad));
  const finish = new Float64Array(code.chunks.length);
  const done = new Float64Array(code.N);
  const complete: number[] = [];
  const first: number[] = [];
  for (let t = 0; t < cell.trials; t++) {
    computeFinishTimes(schedule, drawer, t, factors, times, finish);
    let all = 0;
    levels.forEach((level, index) => {
      const end = level.chunkOffset + level.chunks;
      for (let j = 0; j < code.N; j++) {
        let last = 0;
        for (let e = code.offsets[j]; e < code.offsets[j + 1]; e++) {
          const i = schedule.chunkAt[e];
          if (i >= level.chunkOffset && i < end) last = Math.max(last, finish[e]);
        }
        done[j] = last;
      }
      const sorted = Float64Array.from(done).sort();
      const at = sorted[code.N - level.s - 1];
      all = Math.max(all, at);
      if (index === 0) first.push(at);
    });
    complete.push(all);
  }
  return { complete, first };
}

/** The nested codes of the spec (one per code string). */
function codesOf(ctx: EntryContext): { name: string; code: GradientCode }[] {
  const seen = new Map<string, GradientCode>();
  for (const cell of ctx.spec.cells) {
    const name = String(cell.spec.code);
    if (!seen.has(name)) seen.set(name, ctx.resolve(cell).schedule.code);
  }
  return [...seen].map(([name, code]) => ({ name, code }));
}

/**
 * Nested gradient codes in our reconstruction (levels of exact codes processed in turn): each level's exact
 * robustness to its own tolerance (exhaustive), and — reported, since the paper's scheduling and latency model are
 * not recovered — completion rate and latency against an ordinary gradient code under k random failures.
 */
export function nestedGradientCodesEntry(): GalleryEntry {
  return {
    id: 'nested-gradient-codes',
    title: 'Nested gradient codes (reconstruction): flexible straggler tolerance by levels',
    claim:
      'Nested gradient codes tolerate a flexible number of stragglers by concatenating gradient codes with different straggler tolerances; with task scheduling and a little extra signalling the workers’ computation load adapts to the actual number of stragglers, giving significantly lower latency than gradient codes.',
    subclaims: SUBCLAIMS,
    source: {
      paper: PAPER,
      where: 'abstract',
      provenance:
        '[V] the claims (abstract); [R] the construction (our reconstruction: levels of Tandon CRCs processed in sequence, codes/nested.ts); scheduling, signalling, latency model, theorems and experiments are [X]',
      digest: 'research/approx-codes.md §E',
    },
    criterion: `flexible (exact): for every nested code of the spec and every level t, the largest optimal error per chunk of that level over all s_t-straggler sets is ≤ ${fmt(TOLERANCE)}, and over all (s_t + 1)-sets it exceeds ${fmt(TOLERANCE)}. latency: UNTESTABLE; with k ∈ {0, 1, 2, 3} random failures and Exp(1) chunk times, the fraction of trials in which every level decodes and the mean time to decode (all levels; the first level alone) are reported for the nested code and the ordinary gradient code.`,
    quickTrials: 2000,
    monteCarloChecks: 0,
    falsifiers: [
      {
        kind: 'level-robust',
        input: 'each level with one encoding coefficient moved by 0.5',
        run: async (ctx) =>
          codesOf(ctx).flatMap(({ name, code }) =>
            levelsOf(code).flatMap((level) => {
              const c = levelCode(code, level);
              const coefficients = Float64Array.from(c.coefficients);
              coefficients[0] += 0.5;
              return levelChecks(`${name} (perturbed)`, { ...c, coefficients }, level.s).filter(
                (x) => x.kind === 'level-robust',
              );
            }),
          ),
      },
      {
        kind: 'level-tight',
        input: 'each level checked as if it tolerated one straggler fewer than it does',
        run: async (ctx) =>
          codesOf(ctx).flatMap(({ name, code }) =>
            levelsOf(code)
              .filter((level) => level.s >= 1)
              .flatMap((level) =>
                levelChecks(name, levelCode(code, level), level.s - 1).filter((x) => x.kind === 'level-tight'),
              ),
          ),
      },
    ],
    async run(ctx) {
      const checks: Check[] = [];
      for (const { name, code } of codesOf(ctx)) {
        levelsOf(code).forEach((level, t) => {
          checks.push(...levelChecks(`${name} level ${t + 1} (s = ${level.s})`, levelCode(code, level), level.s));
        });
      }
      const rows: PlotRow[] = [];
      const table: (string | number)[][] = [];
      for (const cell of ctx.spec.cells) {
        const trial = ctx.resolve(cell);
        const k = cell.spec.stragglers.fixedSet?.s ?? 0;
        const { complete, first } = levelTimes(trial);
        const finite = complete.filter(Number.isFinite);
        const all = emptyMoments();
        for (const x of finite) pushMoment(all, x);
        const lead = emptyMoments();
        for (const x of first.filter(Number.isFinite)) pushMoment(lead, x);
        const iAll = estimateInterval(estimateFromMoments(all), ctx.level);
        const iLead = estimateInterval(estimateFromMoments(lead), ctx.level);
        const rate = finite.length / complete.length;
        const label = labelOf(cell);
        table.push([
          label,
          String(cell.spec.code),
          k,
          fmt(rate),
          finite.length ? `${fmt(iAll.value)} [${fmt(iAll.lo)}, ${fmt(iAll.hi)}]` : '—',
          `${fmt(iLead.value)} [${fmt(iLead.lo)}, ${fmt(iLead.hi)}]`,
        ]);
        if (finite.length > 1)
          rows.push({ k: String(k), code: label, mean: iAll.value, ci_lo: iAll.lo, ci_hi: iAll.hi });
        checks.push(
          infoCheck(
            {
              subclaim: 'latency',
              name: `${label}, k = ${k} failures`,
              statistic: 'mean time until every level decodes (trials where it does)',
            },
            finite.length ? iAll.value : Number.NaN,
            finite.length > 1 ? [iAll.lo, iAll.hi] : null,
            `every level decodes in ${fmt(100 * rate)}% of the trials; the first level alone after ${fmt(iLead.value)}`,
          ),
        );
      }
      return {
        checks,
        tables: [
          {
            title:
              'Latency with k random failures (Exp(1) chunk times, chunk-time units, 95% CI): share of trials where every level decodes, time until then, time of the first level',
            columns: ['code', 'spec', 'k', 'complete', 'time (all levels)', 'time (first level)'],
            rows: table,
          },
        ],
        plots: [
          {
            name: 'latency',
            caption:
              'Mean time until every level decodes vs the number k of failed workers (trials where it does; 95% CI): nested s = [3, 1] against the gradient code s = [3, 3]',
            spec: codeComparisonPlot({
              rows,
              x: 'k',
              xTitle: 'Failed workers k',
              yTitle: 'Time to decode (chunk-time units)',
              color: 'code',
              colorTitle: 'Code',
              title: 'Latency (reconstruction)',
            }),
          },
        ],
        notes: [
          'Our reconstruction processes every level and does not adapt the load, so the nested code is faster than the gradient code only while k ≤ the smallest tolerance, and leaves its later levels undecoded beyond it (their share of the gradient is then lost); the paper’s scheduling would make workers take over the missing work — not reproduced.',
        ],
      };
    },
  };
}

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PlotFormat } from '../plots/render/formats.js';
import type { TrainResult } from '../train/run/run-training.js';
import { createTrialExecutor } from '../trials/backend-executor.js';
import type { TrialExecutor } from '../trials/executor.js';
import { createEntryContext, type EntryContext } from './context.js';
import { FAMILY_FALSE_FAIL, REPORTED_LEVEL } from './family.js';
import { GALLERY_JUDGED_LEVEL, GALLERY_MONTE_CARLO_CHECKS } from './gallery.js';
import { quickIndicative } from './quick.js';
import { loadEntrySpec } from './spec-file.js';
import type { LoadedTrainSpec } from './training.js';
import type { Check, ClaimSource, EntryVerdict, GalleryEntry, ReportedVerdict, ReportTable } from './types.js';
import { entryVerdict, judgedChecks, type SubClaimResult, subclaimResults, verdictReason } from './verdict.js';
import { writeReport } from './write-report.js';

/** Options of {@link reproduceEntry} (the flags of `gradcode reproduce ID`). */
export interface ReproduceOptions {
  /** Cap every cell's trials at the entry's quick count (same code paths). */
  readonly quick?: boolean;
  /** Trial backend: `auto` (default), `webgpu` or `cpu`. */
  readonly backend?: string;
  /** WebGPU adapter name. */
  readonly adapter?: string;
  /** Output directory (default `results/reproduce/<id>` under the working directory). */
  readonly outDir?: string;
  /** Plot formats of the report (default svg and png). */
  readonly formats?: readonly PlotFormat[];
  /** Directory of the spec files (default the package's `examples/reproduce/`). */
  readonly specDir?: string;
  /** A trial executor to use instead of creating one from `backend` (library use and tests; not disposed here). */
  readonly executor?: TrialExecutor;
  /** Progress lines. */
  readonly log?: (message: string) => void;
}

/** The intervals of a run: reported (informational) checks and judged Monte-Carlo checks. */
export interface ResultLevels {
  /** Level of informational intervals. */
  readonly reported: number;
  /** Level of each judged Monte-Carlo check (family-wise split). */
  readonly judged: number;
  /** Family-wise false-FAIL level of the gallery. */
  readonly family: number;
  /** Judged Monte-Carlo checks in the whole gallery (the Bonferroni divisor). */
  readonly galleryChecks: number;
}

/** What `gradcode reproduce ID` measured and decided (`--json` prints a summary; result.json holds all of it). */
export interface ReproduceResult {
  readonly id: string;
  readonly title: string;
  readonly claim: string;
  readonly source: ClaimSource;
  readonly criterion: string;
  /** The entry verdict; with `--quick`, INDICATIVE when the quick run cannot promise the full run's verdict. */
  readonly verdict: ReportedVerdict;
  /** The verdict the checks of this run give (equal to `verdict` unless INDICATIVE). */
  readonly measuredVerdict: EntryVerdict;
  /** One line: why (sub-claims held, contradicted with numbers, untestable with what is missing). */
  readonly reason: string;
  /** Why a quick run is only indicative (empty otherwise). */
  readonly indicative: readonly string[];
  readonly subclaims: readonly SubClaimResult[];
  /** Per judged check kind, the deliberately wrong input that makes it FAIL (test/reproduce/falsifiers.test.ts). */
  readonly falsifiers: readonly { readonly kind: string; readonly input: string }[];
  /** The primary check: the first failing judged one when a sub-claim fails, else the first judged one. */
  readonly statistic: string;
  readonly measured: number;
  readonly ci: readonly [number, number] | null;
  /** Level of `ci` (null: exact). */
  readonly level: number | null;
  readonly checks: readonly Check[];
  readonly tables: readonly ReportTable[];
  readonly notes: readonly string[];
  readonly quick: boolean;
  readonly levels: ResultLevels;
  /** Trials per cell (min and max over the spec's cells, after the quick cap). */
  readonly trials: { readonly min: number; readonly max: number; readonly cells: number };
  readonly spec: string;
  /** Trial backend used (null when the entry ran no trial cells). */
  readonly backend: string | null;
  readonly seconds: number;
  readonly outDir: string;
  /** Written files: the markdown report, result.json and plots by name and format. */
  readonly files: { readonly report: string; readonly json: string; readonly plots: Record<string, string[]> };
}

/** Options of {@link entryContext}. */
export interface EntryContextFor {
  readonly quick: boolean;
  readonly executor: () => Promise<TrialExecutor>;
  readonly log?: (message: string) => void;
  readonly specDir?: string;
  readonly backend?: string;
  readonly adapter?: string;
  readonly onTraining?: (loaded: LoadedTrainSpec, result: TrainResult) => void;
}

/** The context an entry (or one of its falsifiers) runs in: its spec loaded (capped with `quick`), the gallery's levels. */
export function entryContext(entry: GalleryEntry, options: EntryContextFor): EntryContext {
  const spec = loadEntrySpec(entry.id, {
    quickTrials: options.quick ? entry.quickTrials : undefined,
    dir: options.specDir,
  });
  return createEntryContext({
    id: entry.id,
    specDir: options.specDir,
    backend: options.backend,
    adapter: options.adapter,
    onTraining: options.onTraining,
    quick: options.quick,
    level: REPORTED_LEVEL,
    judgedLevel: GALLERY_JUDGED_LEVEL,
    spec,
    log: options.log ?? (() => {}),
    executor: options.executor,
  });
}

/**
 * Runs one gallery entry: loads its spec file (`examples/reproduce/<id>.yaml`, trials capped with `quick`), runs it
 * through the spec/trial machinery on the chosen backend, judges every check against the criterion fixed in the
 * entry, derives the sub-claim and entry verdicts (and, with `quick`, whether they are only indicative), and writes
 * `report.md`, `result.json` and the plots to the output directory.
 */
export async function reproduceEntry(entry: GalleryEntry, options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const started = performance.now();
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  let created: (TrialExecutor & { dispose?: () => Promise<void> }) | undefined;
  let used: TrialExecutor | undefined;
  const training: { loaded: LoadedTrainSpec; backend: string }[] = [];
  const context = entryContext(entry, {
    quick,
    specDir: options.specDir,
    backend: options.backend,
    adapter: options.adapter,
    onTraining: (loaded, result) => training.push({ loaded, backend: result.backend }),
    log,
    executor: async () => {
      used =
        options.executor ??
        (created = await createTrialExecutor({ backend: options.backend, adapter: options.adapter }));
      log(`  backend: ${used.description}`);
      return used;
    },
  });
  const spec = context.spec;
  let outcome: Awaited<ReturnType<GalleryEntry['run']>>;
  try {
    outcome = await entry.run(context);
  } finally {
    await created?.dispose?.();
  }
  const monteCarlo = judgedChecks(outcome.checks).filter((c) => c.method === 'monte-carlo').length;
  if (monteCarlo > entry.monteCarloChecks) {
    throw new Error(
      `internal error: ${entry.id} judged ${monteCarlo} Monte-Carlo checks but declares ${entry.monteCarloChecks}`,
    );
  }
  const subclaims = subclaimResults(entry.subclaims, outcome.checks);
  const measuredVerdict = entryVerdict(subclaims);
  const indicative = quick ? quickIndicative(outcome.checks, outcome.indicative ?? []) : [];
  const verdict: ReportedVerdict = indicative.length ? 'INDICATIVE' : measuredVerdict;
  const judged = judgedChecks(outcome.checks);
  const primary = judged.find((c) => c.verdict === 'FAIL') ?? judged[0] ?? outcome.checks[0];
  const trials = spec.cells.map((c) => c.spec.trials);
  const outDir = options.outDir ?? join('results', 'reproduce', entry.id);
  const reason = verdictReason(subclaims);
  const base = {
    id: entry.id,
    title: entry.title,
    claim: entry.claim,
    source: entry.source,
    criterion: entry.criterion,
    verdict,
    measuredVerdict,
    reason: indicative.length
      ? `quick run, only indicative (${indicative.join('; ')}); measured: ${measuredVerdict} — ${reason}`
      : reason,
    indicative,
    subclaims,
    falsifiers: entry.falsifiers.map((f) => ({ kind: f.kind, input: f.input })),
    statistic: primary ? `${primary.name}: ${primary.statistic}` : '',
    measured: primary?.measured ?? Number.NaN,
    ci: primary?.ci ?? null,
    level: primary?.level ?? null,
    checks: outcome.checks,
    tables: outcome.tables,
    notes: outcome.notes,
    quick,
    levels: {
      reported: REPORTED_LEVEL,
      judged: GALLERY_JUDGED_LEVEL,
      family: FAMILY_FALSE_FAIL,
      galleryChecks: GALLERY_MONTE_CARLO_CHECKS,
    },
    trials: trials.length
      ? { min: Math.min(...trials), max: Math.max(...trials), cells: trials.length }
      : { min: 0, max: 0, cells: 0 },
    spec: spec.relativePath,
    backend:
      [...new Set([used?.description, ...training.map((t) => `${t.backend} (coded GD)`)])]
        .filter((b) => b)
        .join('; ') || null,
    seconds: 0,
    outDir,
  };
  const files = await writeReport(
    { ...base, seconds: (performance.now() - started) / 1000 },
    {
      outDir,
      plots: outcome.plots,
      specText: [
        spec.text.trimEnd(),
        ...training.map(
          (t) =>
            `---\n# ${t.loaded.relativePath}: the coded-GD setting (src/train)${quick ? `; --quick caps: ${t.loaded.runs} runs × ${t.loaded.iterations} iterations` : ''}\n${t.loaded.text.trimEnd()}`,
        ),
      ].join('\n'),
      formats: options.formats ?? ['svg', 'png'],
    },
  );
  return { ...base, seconds: (performance.now() - started) / 1000, files };
}

/**
 * What `gradcode reproduce ID --json` prints: the id, the claim, the primary measured value and its interval, the
 * verdict and its one-line reason.
 */
export interface ReproduceSummary {
  readonly id: string;
  readonly claim: string;
  readonly measured: number;
  readonly ci: readonly [number, number] | null;
  readonly verdict: ReproduceResult['verdict'];
  readonly reason: string;
}

/** The {@link ReproduceSummary} of a result (the full result is written to `result.json`). */
export function resultSummary(r: ReproduceResult): ReproduceSummary {
  return { id: r.id, claim: r.claim, measured: r.measured, ci: r.ci, verdict: r.verdict, reason: r.reason };
}

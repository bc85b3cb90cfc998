import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PlotFormat } from '../plots/render/formats.js';
import type { TrainResult } from '../train/run/run-training.js';
import { createTrialExecutor } from '../trials/backend-executor.js';
import type { TrialExecutor } from '../trials/executor.js';
import { createEntryContext, type EntryContext } from './context.js';
import type { GalleryEntry } from './entry.js';
import { FAMILY_FALSE_FAIL, REPORTED_LEVEL } from './family.js';
import { GALLERY_JUDGED_LEVEL, GALLERY_MONTE_CARLO_CHECKS } from './gallery.js';
import { quickIndicative } from './quick.js';
import type { ReproduceResult } from './result.js';
import { loadEntrySpec } from './spec-file.js';
import type { LoadedTrainSpec } from './training.js';
import type { ReportedVerdict } from './types.js';
import { entryVerdict, judgedChecks, subclaimResults, verdictReason } from './verdict.js';
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

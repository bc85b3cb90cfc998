import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PlotFormat } from '../plots/render/formats.js';
import { createTrialExecutor } from '../trials/backend-executor.js';
import type { TrialExecutor } from '../trials/executor.js';
import { createEntryContext } from './context.js';
import { loadEntrySpec } from './spec-file.js';
import type { LoadedTrainSpec } from './training.js';
import type { Check, ClaimSource, GalleryEntry, ReportTable } from './types.js';
import { entryVerdict, pendingChecks } from './verdict.js';
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

/** What `gradcode reproduce ID` measured and decided (`--json` prints it). */
export interface ReproduceResult {
  readonly id: string;
  readonly title: string;
  readonly claim: string;
  readonly source: ClaimSource;
  readonly criterion: string;
  /** PASS / FAIL over the judged checks; NOT RUN when none could run. */
  readonly verdict: 'PASS' | 'FAIL' | 'NOT RUN';
  /** The primary check: the first failing one when the verdict is FAIL, else the first judged one. */
  readonly statistic: string;
  readonly measured: number;
  readonly ci: readonly [number, number] | null;
  readonly checks: readonly Check[];
  /** Checks that could not run, with what is missing (the verdict covers the others). */
  readonly pending: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly notes: readonly string[];
  readonly quick: boolean;
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

/**
 * Runs one gallery entry: loads its spec file (`examples/reproduce/<id>.yaml`, trials capped with `quick`), runs it
 * through the spec/trial machinery on the chosen backend, judges every check against the criterion fixed in the
 * entry, and writes `report.md`, `result.json` and the plots (svg, png) to the output directory.
 */
export async function reproduceEntry(entry: GalleryEntry, options: ReproduceOptions = {}): Promise<ReproduceResult> {
  const started = performance.now();
  const quick = options.quick === true;
  const log = options.log ?? (() => {});
  const spec = loadEntrySpec(entry.id, { quickTrials: quick ? entry.quickTrials : undefined, dir: options.specDir });
  let created: (TrialExecutor & { dispose?: () => Promise<void> }) | undefined;
  let used: TrialExecutor | undefined;
  const training: { loaded: LoadedTrainSpec; backend: string }[] = [];
  const context = createEntryContext({
    id: entry.id,
    specDir: options.specDir,
    backend: options.backend,
    adapter: options.adapter,
    onTraining: (loaded, result) => training.push({ loaded, backend: result.backend }),
    quick,
    level: 0.95,
    spec,
    log,
    executor: async () => {
      used =
        options.executor ??
        (created = await createTrialExecutor({ backend: options.backend, adapter: options.adapter }));
      log(`  backend: ${used.description}`);
      return used;
    },
  });
  let outcome: Awaited<ReturnType<GalleryEntry['run']>>;
  try {
    outcome = await entry.run(context);
  } finally {
    await created?.dispose?.();
  }
  const verdict = entryVerdict(outcome.checks);
  const judged = outcome.checks.filter((c) => c.verdict === 'PASS' || c.verdict === 'FAIL');
  const primary = (verdict === 'FAIL' ? judged.find((c) => c.verdict === 'FAIL') : judged[0]) ?? outcome.checks[0];
  const trials = spec.cells.map((c) => c.spec.trials);
  const outDir = options.outDir ?? join('results', 'reproduce', entry.id);
  const base = {
    id: entry.id,
    title: entry.title,
    claim: entry.claim,
    source: entry.source,
    criterion: entry.criterion,
    verdict,
    statistic: primary ? `${primary.name}: ${primary.statistic}` : '',
    measured: primary?.measured ?? Number.NaN,
    ci: primary?.ci ?? null,
    checks: outcome.checks,
    pending: pendingChecks(outcome.checks).map((c) => `${c.name}: ${c.reason}`),
    tables: outcome.tables,
    notes: outcome.notes,
    quick,
    trials: { min: Math.min(...trials), max: Math.max(...trials), cells: trials.length },
    spec: spec.relativePath,
    backend: [used?.description, ...training.map((t) => `${t.backend} (coded GD)`)].filter((b) => b).join('; ') || null,
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

/** What `gradcode reproduce ID --json` prints: exactly the id, the claim, the primary measured value, its CI, the verdict. */
export interface ReproduceSummary {
  readonly id: string;
  readonly claim: string;
  readonly measured: number;
  readonly ci: readonly [number, number] | null;
  readonly verdict: ReproduceResult['verdict'];
}

/** The {@link ReproduceSummary} of a result (the full result is written to `result.json`). */
export function resultSummary(r: ReproduceResult): ReproduceSummary {
  return { id: r.id, claim: r.claim, measured: r.measured, ci: r.ci, verdict: r.verdict };
}

import { supportSize } from '../codes/structure.js';
import type { PlannedCell } from '../trials/planned-cell.js';

/**
 * What a run is about to do, cell by cell, before any trial runs: what `gradcode run` prints first and what
 * `--dry-run` prints alone. N and m come from the built code (a graph code's workers are its edges, so
 * `graph:random-regular:n=30,d=6` shows N = 90), so surprises show before the run, not after it.
 */

/** One cell of the plan. */
export interface PlanRow {
  readonly index: number;
  /** The `scheme` (label, or code · protocol · order). */
  readonly scheme: string;
  readonly code: string;
  /** Workers. */
  readonly N: number;
  /** Chunks. */
  readonly m: number;
  /** Chunks per worker δ_j: smallest, mean, largest. */
  readonly load: { readonly min: number; readonly mean: number; readonly max: number };
  readonly protocol: string;
  /** ℓ the protocol works with. */
  readonly parts: number;
  /** The original protocol's decoder, else null. */
  readonly decoder: string | null;
  readonly order: string;
  /** Planned trials (the maximum, with an adaptive stop). */
  readonly trials: number;
  /** Times in the T grid (0: completion statistics only). */
  readonly gridPoints: number;
  /**
   * Estimated cost in chunk-time draws: trials × support entries (one Philox draw per (trial, worker, chunk)). The
   * trial kernels' work is proportional to it for a given protocol, so it ranks cells and sums to the run's size.
   */
  readonly cost: number;
}

/** The plan of a shard: its cells (those already done left out) and totals. */
export interface PlanSummary {
  readonly cells: readonly PlanRow[];
  /** Cells of the shard already complete in the results directory (not run again). */
  readonly done: number;
  readonly trials: number;
  readonly cost: number;
}

/** The plan rows of `planned`, leaving out the cells whose index is in `done`. */
export function summarizePlan(planned: readonly PlannedCell[], done: ReadonlySet<number> = new Set()): PlanSummary {
  const cells = planned
    .filter((p) => !done.has(p.index))
    .map((p): PlanRow => {
      const code = p.cell.schedule.code;
      const loads = Array.from({ length: code.N }, (_, j) => code.offsets[j + 1] - code.offsets[j]);
      const d = p.describe;
      return {
        index: p.index,
        scheme: d.scheme,
        code: d.code,
        N: code.N,
        m: code.m,
        load: { min: Math.min(...loads), mean: loads.reduce((s, x) => s + x, 0) / code.N, max: Math.max(...loads) },
        protocol: d.protocol,
        parts: d.parts,
        decoder: d.decoder,
        order: d.order,
        trials: d.trialsPlanned,
        gridPoints: p.cell.grid.length,
        cost: d.trialsPlanned * supportSize(code),
      };
    });
  return {
    cells,
    done: planned.length - cells.length,
    trials: cells.reduce((s, c) => s + c.trials, 0),
    cost: cells.reduce((s, c) => s + c.cost, 0),
  };
}

/** A count in engineering style: 950, 12.3k, 4.5M, 1.2G. */
function count(n: number): string {
  if (n < 1e3) return String(n);
  const [scale, unit] = n < 1e6 ? [1e3, 'k'] : n < 1e9 ? [1e6, 'M'] : n < 1e12 ? [1e9, 'G'] : [1e12, 'T'];
  return `${+(n / scale).toPrecision(3)}${unit}`;
}

function loadText(load: PlanRow['load']): string {
  if (load.min === load.max) return String(load.min);
  return `${load.min}–${load.max} (mean ${+load.mean.toPrecision(3)})`;
}

function protocolText(row: PlanRow): string {
  if (row.protocol === 'original') return `original (${row.decoder})${row.parts > 1 ? ` ℓ=${row.parts}` : ''}`;
  if (row.protocol === 'partial') return `partial ℓ=${row.parts}`;
  return row.protocol;
}

/**
 * The plan as text: a headline (cells, trials, cost) and one row per cell — index, scheme, N, m, load δ, protocol,
 * order, trials, T points and cost with its share of the total. At most `maxRows` rows (the first and last ones, with
 * a line for those left out); all of them by default.
 */
export function formatPlanSummary(summary: PlanSummary, maxRows = Number.POSITIVE_INFINITY): string {
  const done = summary.done ? ` (${summary.done} already done)` : '';
  const head =
    `plan: ${summary.cells.length} cell${summary.cells.length === 1 ? '' : 's'}${done}, ${count(summary.trials)} trials, ` +
    `estimated cost ${count(summary.cost)} chunk-time draws (trials × support entries)`;
  if (summary.cells.length === 0) return `${head}\n`;
  const header = ['cell', 'scheme', 'N', 'm', 'load δ', 'protocol', 'order', 'trials', 'T pts', 'cost', 'share'];
  const shown =
    summary.cells.length <= maxRows
      ? summary.cells
      : [...summary.cells.slice(0, Math.ceil(maxRows / 2)), ...summary.cells.slice(-Math.floor(maxRows / 2))];
  const rows = shown.map((r) => [
    String(r.index),
    r.scheme.includes(r.code) ? r.scheme : `${r.scheme} [${r.code}]`,
    String(r.N),
    String(r.m),
    loadText(r.load),
    protocolText(r),
    r.order,
    count(r.trials),
    String(r.gridPoints),
    count(r.cost),
    `${summary.cost ? Math.round((100 * r.cost) / summary.cost) : 0}%`,
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, k) => Math.max(...all.map((row) => [...row[k]].length)));
  const left = new Set([1, 4, 5, 6]);
  const lines = all.map((row) =>
    row
      .map((c, k) => (left.has(k) ? c.padEnd(widths[k]) : c.padStart(widths[k])))
      .join('  ')
      .trimEnd(),
  );
  if (shown.length < summary.cells.length) {
    const cut = Math.ceil(maxRows / 2) + 1;
    lines.splice(cut, 0, `  … ${summary.cells.length - shown.length} more cells (--dry-run lists all)`);
  }
  return `${head}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

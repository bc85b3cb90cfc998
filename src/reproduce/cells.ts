import type { ExpandedCell } from '../spec/expand.js';
import type { TrialCell } from '../trials/cell.js';
import type { TrialExecutor } from '../trials/executor.js';
import { resolveCell } from '../trials/resolve-cell.js';
import { type CellResult, runCell } from '../trials/run-cell.js';

/** A cell of a gallery spec after running: the spec cell, its resolved form and the trial engine's result. */
export interface CellRun {
  readonly cell: ExpandedCell;
  readonly trial: TrialCell;
  readonly result: CellResult;
}

/** The label of a spec cell (`label:` in the YAML), or `""`. */
export function labelOf(cell: ExpandedCell): string {
  return cell.spec.label ?? '';
}

/** ℓ of a resolved cell: the partial protocol's `parts`, otherwise the code's own ℓ. */
export function partsOf(trial: TrialCell): number {
  return trial.plan.parts;
}

/** Cells with the given label. */
export function withLabel<T extends { cell: ExpandedCell } | ExpandedCell>(items: readonly T[], label: string): T[] {
  return items.filter((x) => labelOf('cell' in x ? x.cell : x) === label);
}

/**
 * Resolves spec cells (codes, orders, straggler models), caching by cell object (a falsifier's modified copy of a cell
 * resolves afresh); relative paths from `baseDir`.
 */
export class CellResolver {
  private readonly cache = new WeakMap<ExpandedCell, TrialCell>();
  constructor(
    private readonly baseDir: string,
    private readonly field: string,
  ) {}

  resolve(cell: ExpandedCell): TrialCell {
    let trial = this.cache.get(cell);
    if (!trial) {
      trial = resolveCell(cell.spec, {
        baseDir: this.baseDir,
        field: `${this.field} ${cell.origin}`,
        index: cell.index,
      });
      this.cache.set(cell, trial);
    }
    return trial;
  }
}

/** Runs cells one after another on `executor` (each cell's own trial count, seed and stream). */
export async function runCells(
  cells: readonly ExpandedCell[],
  resolver: CellResolver,
  executor: TrialExecutor,
  onCell?: (done: number, total: number, run: CellRun) => void,
): Promise<CellRun[]> {
  const runs: CellRun[] = [];
  for (const cell of cells) {
    const trial = resolver.resolve(cell);
    const result = await runCell(trial, executor);
    const run = { cell, trial, result };
    runs.push(run);
    onCell?.(runs.length, cells.length, run);
  }
  return runs;
}

/** The one run with `label` and ℓ = `parts` (an internal error unless exactly one matches). */
export function pickByParts(runs: readonly CellRun[], label: string, parts: number): CellRun {
  const found = withLabel(runs, label).filter((r) => partsOf(r.trial) === parts);
  if (found.length !== 1) {
    throw new Error(`internal error: expected one "${label}" cell with ℓ = ${parts}, found ${found.length}`);
  }
  return found[0];
}

/** Distinct ℓ values of the runs, ascending. */
export function partsValues(runs: readonly CellRun[]): number[] {
  return [...new Set(runs.map((r) => partsOf(r.trial)))].sort((a, b) => a - b);
}

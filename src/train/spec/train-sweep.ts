import { z } from 'zod';
import { InputError } from '../../errors.js';
import { contentHash } from '../../spec/canonical.js';
import { SweepSchema } from '../../spec/cell-schema.js';
import { gridCombinations, MAX_CELLS, setPath } from '../../spec/expand.js';
import { SpecLabelsSchema } from '../../spec/plot-schema.js';
import { parseWith } from '../../spec/zod-error.js';
import { type ResolvedTrain, resolveTrainSpec } from './resolve-train.js';
import { SCHEME_KEYS, TrainSpecSchema } from './train-schema.js';

/**
 * The keys a training spec file may have besides those of one training run (train-schema.ts): sweep axes, figures
 * and labels. They are not part of a run: `sweep` expands the file into runs, `plots`/`labels` only draw.
 */
export const TrainFileExtras = z
  .object({
    sweep: SweepSchema.optional(),
    plots: z.array(z.record(z.string(), z.unknown())).optional(),
    labels: SpecLabelsSchema.optional(),
  })
  .strict();

/** One run of a training sweep: its position, axis values, spec (a plain training spec) and resolution. */
export interface TrainSweepCell {
  readonly index: number;
  /** Axis path → value, e.g. {"step.factor": 0.5, "stragglers.failures.p": 0.2}. */
  readonly axes: Readonly<Record<string, unknown>>;
  /** The cell's training spec as a value (no sweep, plots or labels), as handed to `resolveTrainSpec`. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The validated and resolved spec. */
  readonly resolved: ResolvedTrain;
  /** First 16 hex digits of the SHA-256 of the validated spec (`resolved.spec`, defaults filled). */
  readonly id: string;
}

/** The top-level keys an axis path may start with: every key of a training run except the list of schemes. */
const AXIS_ROOTS = new Set(Object.keys(TrainSpecSchema.shape).filter((k) => k !== 'schemes' && k !== 'name'));

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * Sets an axis in a training spec value. A path into a scheme key (`step.factor`, `decoder`, `stragglers.failures.p`,
 * `code`, …) is set at the top level and in every `schemes` entry that sets the same key itself — so the axis value
 * reaches every scheme rather than being shadowed by an entry's own value.
 */
function setAxis(spec: Record<string, unknown>, path: string, value: unknown): void {
  setPath(spec, path, structuredClone(value), 'sweep');
  const root = path.split('.')[0];
  if (!(SCHEME_KEYS as readonly string[]).includes(root) || !Array.isArray(spec.schemes)) return;
  spec.schemes.forEach((entry, k) => {
    if (isPlainObject(entry) && entry[root] !== undefined)
      setPath(entry, path, structuredClone(value), `schemes[${k}]`);
  });
}

/**
 * Expands a training spec file into runs (issue 14, "Training in the same house"): the cartesian product of
 * `sweep.grid` and, in lock-step, `sweep.zip` (keys: dotted paths into the spec — `step.factor`, `decoder`,
 * `stragglers.failures.p`, `code`, `runs`, `dataset.rows`, …), each combination one plain training spec, validated
 * and resolved now so that bad input fails before anything runs. Without a sweep the file is one run. Errors are
 * InputErrors naming the field, with the sweep cell's axis values.
 */
export function expandTrainSpec(value: unknown, options: { baseDir?: string } = {}): TrainSweepCell[] {
  if (!isPlainObject(value)) throw new InputError('spec', 'a training spec is a mapping (dataset, iterations, …)');
  const { sweep, plots: _plots, labels: _labels, ...base } = value;
  const extras = parseWith(TrainFileExtras, { sweep, plots: _plots, labels: _labels });
  const grid = Object.entries(extras.sweep?.grid ?? {});
  const zip = Object.entries(extras.sweep?.zip ?? {});
  const zipLength = zip.length ? zip[0][1].length : 1;
  for (const [key, values] of zip) {
    if (values.length !== zipLength)
      throw new InputError(
        `sweep.zip.${key}`,
        `has ${values.length} values but sweep.zip.${zip[0][0]} has ${zipLength}; zip axes advance together`,
      );
  }
  for (const [key] of [...grid, ...zip]) {
    if (grid.some(([g]) => g === key) && zip.some(([z]) => z === key))
      throw new InputError(`sweep.zip.${key}`, 'is also a grid axis; an axis belongs to grid or zip, not both');
    const root = key.split('.')[0];
    if (!AXIS_ROOTS.has(root))
      throw new InputError(
        `sweep.${key}`,
        `"${root}" is not a key of a training spec that can be swept; keys: ${[...AXIS_ROOTS].join(', ')}`,
      );
  }
  const total = grid.reduce((n, [, v]) => n * v.length, 1) * zipLength;
  if (total > MAX_CELLS) throw new InputError('sweep', `expands to ${total} runs (more than ${MAX_CELLS})`);
  const combos = gridCombinations(grid);
  const cells: TrainSweepCell[] = [];
  for (const combo of combos) {
    for (let z = 0; z < zipLength; z++) {
      const axes: Record<string, unknown> = { ...combo };
      for (const [key, values] of zip) axes[key] = values[z];
      const spec = structuredClone(base);
      for (const [path, v] of Object.entries(axes)) setAxis(spec, path, v);
      let resolved: ResolvedTrain;
      try {
        resolved = resolveTrainSpec(spec, options);
      } catch (e) {
        if (!(e instanceof InputError) || Object.keys(axes).length === 0) throw e;
        const values = Object.entries(axes)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(', ');
        throw new InputError(e.field, `${e.message.slice(e.field.length + 2)} (sweep cell ${cells.length}: ${values})`);
      }
      cells.push({ index: cells.length, axes, spec, resolved, id: contentHash(resolved.spec).slice(0, 16) });
    }
  }
  return cells;
}

/**
 * The identity of a training sweep's results: the SHA-256 of its name and every run (index, axis values, validated
 * spec). `description`, `plots` and `labels` are left out, so they can be edited without invalidating results.
 */
export function trainSpecHash(name: string, cells: readonly TrainSweepCell[]): string {
  return contentHash({
    kind: 'train',
    name,
    cells: cells.map((c) => ({ index: c.index, axes: c.axes, spec: c.resolved.spec })),
  });
}

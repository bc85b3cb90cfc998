import { dirname, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { readInputFile } from '../../input/read-input-file.js';
import { parseSpecText, type SpecFormat, specFormatOf } from '../../spec/parse-spec-text.js';
import { expandTrainSpec, type TrainSweepCell, trainSpecHash } from './train-sweep.js';

/** Command-line overrides of a training spec (`--runs`, `--iterations`, `--seed`), applied before validation. */
export interface TrainOverrides {
  readonly runs?: number;
  readonly iterations?: number;
  readonly seed?: number | string;
}

/** A training spec file, validated and expanded into its runs, with where it came from. */
export interface LoadedTrainSpec {
  /** Absolute path of the file (or a description of where the value came from). */
  readonly source: string;
  /** Directory relative paths in the spec resolve against (absolute). */
  readonly baseDir: string;
  readonly format: SpecFormat;
  /** The file's value with the overrides applied (what `resume` re-expands). */
  readonly value: Readonly<Record<string, unknown>>;
  readonly overrides: TrainOverrides;
  readonly name: string;
  /** The runs of the sweep (one without `sweep`), in index order. */
  readonly cells: readonly TrainSweepCell[];
  /** {@link trainSpecHash}: equal for every shard of one sweep. */
  readonly specHash: string;
  /** The file's `plots` and `labels` (validated when drawn). */
  readonly plots: readonly unknown[];
  readonly labels: Readonly<Record<string, string>> | undefined;
}

/** Applies `--runs`/`--iterations`/`--seed` to a raw spec value (a copy): the top level and every `schemes` entry. */
export function applyTrainOverrides(raw: Record<string, unknown>, overrides: TrainOverrides): Record<string, unknown> {
  const spec = structuredClone(raw);
  if (overrides.runs !== undefined) spec.runs = overrides.runs;
  if (overrides.iterations !== undefined) spec.iterations = overrides.iterations;
  if (overrides.seed !== undefined) spec.seed = overrides.seed;
  const sweep = spec.sweep as Record<string, Record<string, unknown[]>> | undefined;
  for (const kind of ['grid', 'zip'] as const) {
    const axes = sweep?.[kind];
    if (!axes || typeof axes !== 'object') continue;
    for (const key of ['runs', 'iterations', 'seed'] as const) {
      const v = overrides[key];
      if (v !== undefined && Array.isArray(axes[key])) axes[key] = axes[key].map(() => v);
    }
  }
  return spec;
}

/** Validates and expands a training spec value (see {@link LoadedTrainSpec}). */
export function loadTrainSpecValue(
  value: unknown,
  options: { source: string; baseDir: string; format?: SpecFormat; overrides?: TrainOverrides },
): LoadedTrainSpec {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(options.source, 'a training spec is a mapping (dataset, iterations, runs, code, step, …)');
  }
  const overrides = options.overrides ?? {};
  const raw = applyTrainOverrides(value as Record<string, unknown>, overrides);
  const baseDir = resolve(options.baseDir);
  const cells = expandTrainSpec(raw, { baseDir });
  const name = cells[0].resolved.spec.name;
  return {
    source: options.source,
    baseDir,
    format: options.format ?? 'yaml',
    value: raw,
    overrides,
    name,
    cells,
    specHash: trainSpecHash(name, cells),
    plots: Array.isArray(raw.plots) ? raw.plots : [],
    labels: raw.labels as Record<string, string> | undefined,
  };
}

/**
 * Reads (a regular file within limits.specFileBytes), parses (YAML or JSON by extension) and loads a training spec
 * file; relative paths resolve against it.
 */
export function loadTrainSpecFile(path: string, overrides: TrainOverrides = {}): LoadedTrainSpec {
  const absolute = resolve(path);
  // A regular file within limits.specFileBytes (a FIFO or /dev/zero is refused; a BOM is ignored).
  const text = readInputFile(path, { field: path, what: 'spec file', limit: 'specFileBytes' });
  const format = specFormatOf(absolute);
  const value = parseSpecText(text, path, format);
  return loadTrainSpecValue(value, { source: absolute, baseDir: dirname(absolute), format, overrides });
}

/**
 * Whether a spec file holds a training spec (a top-level `dataset` key) rather than a trial sweep: `gradcode sweep`,
 * `slurm` and `merge` handle both. A file that cannot be read or parsed is not one (its loader reports why).
 */
export function isTrainSpecFile(path: string): boolean {
  try {
    const absolute = resolve(path);
    const text = readInputFile(path, { field: path, what: 'spec file', limit: 'specFileBytes' });
    const value = parseSpecText(text, path, specFormatOf(absolute));
    return value !== null && typeof value === 'object' && !Array.isArray(value) && 'dataset' in value;
  } catch {
    return false;
  }
}

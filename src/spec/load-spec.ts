import { dirname, resolve } from 'node:path';
import { checkParsedValue } from '../input/checked-value.js';
import { readInputFile } from '../input/read-input-file.js';
import { contentHash } from './canonical.js';
import { type Spec, SpecSchema } from './cell-schema.js';
import { type ExpandedCell, expandSpec } from './expand.js';
import { applySpecOverrides, type SpecOverrides } from './overrides.js';
import { parseSpecText, type SpecFormat, specFormatOf } from './parse-spec-text.js';
import { parseWith } from './zod-error.js';

/** A validated, expanded spec with where it came from. */
export interface LoadedSpec {
  /** Absolute path of the spec file, or a description of where the value came from. */
  readonly source: string;
  /** Directory relative paths in the spec (order files, traces, code files) are resolved against (absolute). */
  readonly baseDir: string;
  readonly format: SpecFormat;
  /** The validated spec (defaults filled, overrides applied). */
  readonly spec: Spec;
  readonly overrides: SpecOverrides;
  /** Every cell of the sweep, in index order. */
  readonly cells: readonly ExpandedCell[];
  /** {@link specHash} of the expanded cells: equal for every shard of one sweep. */
  readonly specHash: string;
}

/**
 * The identity of a sweep's results: the SHA-256 of its name and of every expanded cell (validated cell spec, origin
 * and axis values, in index order). `description` and `plots` are left out, so they can be edited without
 * invalidating stored results; anything that changes a trial or a result column changes the hash.
 */
export function specHash(spec: Spec, cells: readonly ExpandedCell[]): string {
  return contentHash({
    name: spec.name,
    cells: cells.map((c) => ({ index: c.index, origin: c.origin, axes: c.axes, spec: c.spec })),
  });
}

/**
 * Validates a raw spec value: plain data only (`checkParsedValue`: no prototype keys, bounded depth), overrides,
 * then {@link SpecSchema} (strict: unknown keys are named), then {@link expandSpec} (every cell validated with its
 * defaults). Errors are InputErrors naming the field.
 */
export function loadSpecValue(
  raw: unknown,
  options: { source: string; baseDir: string; format?: SpecFormat; overrides?: SpecOverrides },
): LoadedSpec {
  const overrides = options.overrides ?? {};
  checkParsedValue(raw, options.source);
  const spec = parseWith(SpecSchema, applySpecOverrides(raw, overrides));
  const cells = expandSpec(spec);
  return {
    source: options.source,
    baseDir: resolve(options.baseDir),
    format: options.format ?? 'yaml',
    spec,
    overrides,
    cells,
    specHash: specHash(spec, cells),
  };
}

/**
 * Reads (a regular file within limits.specFileBytes; a BOM is ignored), parses (YAML or JSON by extension; syntax
 * errors carry line and column) and validates a spec file. Relative paths inside it resolve against the file's
 * directory.
 */
export function loadSpecFile(path: string, overrides: SpecOverrides = {}): LoadedSpec {
  const absolute = resolve(path);
  const text = readInputFile(path, { field: path, what: 'spec file', limit: 'specFileBytes' });
  const format = specFormatOf(absolute);
  const raw = parseSpecText(text, path, format);
  return loadSpecValue(raw, { source: absolute, baseDir: dirname(absolute), format, overrides });
}

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { output, ZodType } from 'zod';
import { InputError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { type Spec, SpecSchema } from '../spec/cell-schema.js';
import { type ExpandedCell, expandSpec } from '../spec/expand.js';
import { parseWith } from '../spec/zod-error.js';

/** A gallery entry's setting: its spec file, parsed and expanded into cells. */
export interface LoadedSpec {
  /** Absolute path of the YAML file. */
  readonly path: string;
  /** Path relative to the package root, e.g. `examples/reproduce/tandon2017.yaml`. */
  readonly relativePath: string;
  /** The file as written (copied into the report). */
  readonly text: string;
  readonly spec: Spec;
  /** Expanded cells; with `quick`, every cell's trials capped at the entry's quick count (empty without cells). */
  readonly cells: readonly ExpandedCell[];
  /**
   * The file's `setting:` mapping — an entry's parameters beyond trial cells (degrees, precisions, codes to
   * enumerate), validated by the entry ({@link entrySetting}); null when the file has none.
   */
  readonly setting: Readonly<Record<string, unknown>> | null;
}

/** Directory of the gallery's spec files: `examples/reproduce/` of the installed package. */
export function gallerySpecDir(): string {
  return join(packageRoot(), 'examples', 'reproduce');
}

/**
 * Loads `<dir>/<id>.yaml` (default dir: {@link gallerySpecDir}) as an ordinary gradcode spec (the same zod schema and
 * sweep expansion as `gradcode run`), capping each cell's trials at `quickTrials` when given. Errors are
 * {@link InputError}s naming the file and field.
 */
export function loadEntrySpec(id: string, options: { quickTrials?: number; dir?: string } = {}): LoadedSpec {
  const path = join(options.dir ?? gallerySpecDir(), `${id}.yaml`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(path, `cannot read the gallery spec: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InputError(path, `malformed YAML: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError(path, 'a gallery spec must be a mapping');
  const { setting, ...trialPart } = raw as Record<string, unknown>;
  if (setting !== undefined && (typeof setting !== 'object' || setting === null || Array.isArray(setting))) {
    throw new InputError(`${path}: setting`, 'must be a mapping');
  }
  const spec = parseWith(SpecSchema, trialPart, '');
  const expanded = spec.cells || spec.defaults || spec.sweep ? expandSpec(spec) : [];
  const cap = options.quickTrials;
  const cells =
    cap === undefined
      ? expanded
      : expanded.map((c) => ({ ...c, spec: { ...c.spec, trials: Math.min(c.spec.trials, cap) } }));
  return {
    path,
    relativePath: relative(packageRoot(), path),
    text,
    spec,
    cells,
    setting: (setting as Record<string, unknown> | undefined) ?? null,
  };
}

/**
 * An entry's `setting:` parsed with its zod schema; errors are {@link InputError}s naming the file and field
 * (`setting.degrees[1]: …`).
 */
export function entrySetting<T extends ZodType>(spec: LoadedSpec, schema: T): output<T> {
  return parseWith(schema, spec.setting ?? {}, `${spec.relativePath}: setting`);
}

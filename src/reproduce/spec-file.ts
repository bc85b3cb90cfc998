import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
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
  /** Expanded cells; with `quick`, every cell's trials capped at the entry's quick count. */
  readonly cells: readonly ExpandedCell[];
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
  const spec = parseWith(SpecSchema, raw, '');
  const expanded = expandSpec(spec);
  const cap = options.quickTrials;
  const cells =
    cap === undefined
      ? expanded
      : expanded.map((c) => ({ ...c, spec: { ...c.spec, trials: Math.min(c.spec.trials, cap) } }));
  return { path, relativePath: relative(packageRoot(), path), text, spec, cells };
}

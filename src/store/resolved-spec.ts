import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { parseJsonText } from '../input/parse-json.js';
import { readInputBytes } from '../input/read-input-file.js';
import { packageVersion } from '../package-root.js';
import { cellId } from '../spec/cell-id.js';
import type { CellSpec, Spec } from '../spec/cell-schema.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { loadSpecValue } from '../spec/load-spec.js';
import type { SpecOverrides } from '../spec/overrides.js';
import type { SpecFormat } from '../spec/parse-spec-text.js';
import { writeFileAtomic } from './atomic-write.js';
import { fileSystemError } from './fs-errors.js';
import { resultsFile, sourceSpecPath } from './layout.js';

/** Format marker of `spec.resolved.json`. */
export const RESOLVED_SPEC_FORMAT = 'gradcode-resolved-spec/1';

/** Contents of `spec.resolved.json`: the validated spec and every cell with its defaults filled. */
export interface ResolvedSpecFile {
  readonly format: typeof RESOLVED_SPEC_FORMAT;
  readonly gradcode: string;
  readonly name: string;
  readonly specHash: string;
  /** Where the spec came from: its absolute path, format, and the directory relative paths resolve against. */
  readonly source: { readonly path: string; readonly format: SpecFormat; readonly baseDir: string };
  /** `--trials`/`--seed` overrides that were applied. */
  readonly overrides: SpecOverrides;
  /** The validated spec (top-level defaults filled, overrides applied); `resume` re-expands it. */
  readonly spec: Spec;
  /** The spec's `plots` list (for `gradcode plot`), or []. */
  readonly plots: readonly unknown[];
  /** Every cell of the sweep, in index order. */
  readonly cells: readonly {
    readonly index: number;
    readonly id: string;
    readonly origin: string;
    readonly axes: Readonly<Record<string, unknown>>;
    readonly spec: CellSpec;
  }[];
}

/** Builds the resolved-spec document of a loaded spec. */
export function resolvedSpecOf(loaded: LoadedSpec): ResolvedSpecFile {
  return {
    format: RESOLVED_SPEC_FORMAT,
    gradcode: packageVersion(),
    name: loaded.spec.name,
    specHash: loaded.specHash,
    source: { path: loaded.source, format: loaded.format, baseDir: loaded.baseDir },
    overrides: loaded.overrides,
    spec: loaded.spec,
    plots: loaded.spec.plots ?? [],
    cells: loaded.cells.map((c) => ({
      index: c.index,
      id: cellId(c.spec),
      origin: c.origin,
      axes: c.axes,
      spec: c.spec,
    })),
  };
}

/** Reads `DIR/spec.resolved.json`; a missing or foreign file is an InputError naming the directory. */
export function readResolvedSpec(dir: string): ResolvedSpecFile {
  const path = resultsFile(dir, 'resolvedSpec');
  if (!existsSync(dir)) throw new InputError(dir, 'not a gradcode results directory (it does not exist)');
  if (!existsSync(path))
    throw new InputError(
      dir,
      'not a gradcode results directory (no spec.resolved.json); a run stopped before it recorded its spec has ' +
        'nothing to resume: start it again with `gradcode run SPEC --out DIR`',
    );
  let value: ResolvedSpecFile;
  try {
    value = parseJsonText(readFileSync(path, 'utf8'), path) as unknown as ResolvedSpecFile;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw fileSystemError(e, path, 'read');
  }
  if ((value as { format?: string })?.format === 'gradcode-resolved-train/1')
    throw new InputError(
      dir,
      'holds training results (gradcode train); use `gradcode resume`, `plot` or `report` on it',
    );
  if (value?.format !== RESOLVED_SPEC_FORMAT) throw new InputError(path, `not a ${RESOLVED_SPEC_FORMAT} file`);
  return value;
}

/**
 * Whether `dir` holds a readable `spec.resolved.json` of this format: a results directory of a gradcode version from
 * before the results marker (`claimResultsDir` adopts it).
 */
export function holdsResolvedSpec(dir: string): boolean {
  try {
    readResolvedSpec(dir);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, without writing, that a results directory holding a spec holds this sweep (equal spec hash): results of
 * two different sweeps never mix. A directory without a spec passes.
 */
export function checkSameSweep(dir: string, loaded: LoadedSpec): void {
  if (!existsSync(resultsFile(dir, 'resolvedSpec'))) return;
  const existing = readResolvedSpec(dir);
  if (existing.specHash !== loaded.specHash) {
    throw new InputError(
      dir,
      `holds results of a different sweep (spec hash ${existing.specHash.slice(0, 12)}… from ${existing.source.path}; ` +
        `this spec has ${loaded.specHash.slice(0, 12)}…); choose another --out directory, or run ` +
        '`gradcode resume DIR` to continue the stored sweep',
    );
  }
}

/**
 * Records a spec in a results directory: writes `spec.resolved.json` (atomically) and a copy of the source file, or,
 * when the directory already holds a spec, checks it is the same sweep (equal spec hash) — results of two different
 * sweeps never mix. Returns whether the directory already held the spec.
 */
export function recordSpec(dir: string, loaded: LoadedSpec): boolean {
  const path = resultsFile(dir, 'resolvedSpec');
  if (existsSync(path)) {
    checkSameSweep(dir, loaded);
    return true;
  }
  writeFileAtomic(path, `${JSON.stringify(resolvedSpecOf(loaded), null, 2)}\n`);
  copySourceSpec(dir, loaded.source, loaded.format);
  return false;
}

/**
 * Keeps a byte copy of the spec file a run started from (`spec.source.yaml|json`), once, read through the bounded
 * input reader (a FIFO or an endless file is refused, not copied). Trial and training directories alike.
 */
export function copySourceSpec(dir: string, source: string, format: SpecFormat): void {
  const copy = sourceSpecPath(dir, format);
  if (existsSync(source) && !existsSync(copy))
    writeFileAtomic(copy, readInputBytes(source, { field: source, what: 'spec file', limit: 'specFileBytes' }));
}

/**
 * Rebuilds the loaded spec stored in a results directory (for `resume`): re-validates and re-expands the stored spec
 * with its overrides and checks the hash still matches (a different gradcode version might expand it differently).
 */
export function loadStoredSpec(dir: string): LoadedSpec {
  const file = readResolvedSpec(dir);
  const loaded = loadSpecValue(file.spec, {
    source: file.source.path,
    baseDir: file.source.baseDir,
    format: file.source.format,
    overrides: {},
  });
  if (loaded.specHash !== file.specHash) {
    throw new InputError(
      resultsFile(dir, 'resolvedSpec'),
      `re-expanding the stored spec gives hash ${loaded.specHash.slice(0, 12)}…, not the stored ` +
        `${file.specHash.slice(0, 12)}… (was it written by another gradcode version? it says ${file.gradcode})`,
    );
  }
  return { ...loaded, overrides: file.overrides };
}

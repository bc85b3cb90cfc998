import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-root.js';
import type { SpecFormat } from '../spec/parse-spec-text.js';
import { type LoadedTrainSpec, loadTrainSpecValue, type TrainOverrides } from '../train/spec/load-train-spec.js';
import { writeFileAtomic } from './atomic-write.js';
import { resultsFile } from './layout.js';
import { copySourceSpec, RESOLVED_SPEC_FORMAT } from './resolved-spec.js';

/** Format marker of a training results directory's `spec.resolved.json`. */
export const RESOLVED_TRAIN_FORMAT = 'gradcode-resolved-train/1';

/** Contents of a training results directory's `spec.resolved.json`. */
export interface ResolvedTrainFile {
  readonly format: typeof RESOLVED_TRAIN_FORMAT;
  readonly gradcode: string;
  readonly name: string;
  readonly specHash: string;
  readonly source: { readonly path: string; readonly format: SpecFormat; readonly baseDir: string };
  readonly overrides: TrainOverrides;
  /** The spec file's value with the overrides applied: `resume` re-expands it. */
  readonly value: Readonly<Record<string, unknown>>;
  readonly plots: readonly unknown[];
  readonly labels: Readonly<Record<string, string>> | null;
  /** Every run of the sweep: position, id, axis values and validated spec (defaults filled). */
  readonly cells: readonly {
    readonly index: number;
    readonly id: string;
    readonly axes: Readonly<Record<string, unknown>>;
    readonly spec: unknown;
  }[];
}

/** What kind of results a directory holds, from its `spec.resolved.json`; null when it has none (or an unknown one). */
export function resultsKind(dir: string): 'trials' | 'train' | null {
  const path = resultsFile(dir, 'resolvedSpec');
  if (!existsSync(path)) return null;
  try {
    const format = (JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown }).format;
    return format === RESOLVED_TRAIN_FORMAT ? 'train' : format === RESOLVED_SPEC_FORMAT ? 'trials' : null;
  } catch {
    return null;
  }
}

/** The resolved-spec document of a loaded training spec. */
export function resolvedTrainOf(loaded: LoadedTrainSpec): ResolvedTrainFile {
  return {
    format: RESOLVED_TRAIN_FORMAT,
    gradcode: packageVersion(),
    name: loaded.name,
    specHash: loaded.specHash,
    source: { path: loaded.source, format: loaded.format, baseDir: loaded.baseDir },
    overrides: loaded.overrides,
    value: loaded.value,
    plots: loaded.plots,
    labels: loaded.labels ?? null,
    cells: loaded.cells.map((c) => ({ index: c.index, id: c.id, axes: c.axes, spec: c.resolved.spec })),
  };
}

/** Reads a training directory's `spec.resolved.json` (InputError naming the directory when it is not one). */
export function readResolvedTrainSpec(dir: string): ResolvedTrainFile {
  const path = resultsFile(dir, 'resolvedSpec');
  if (!existsSync(path)) throw new InputError(dir, 'not a gradcode results directory (no spec.resolved.json)');
  let value: ResolvedTrainFile;
  try {
    value = JSON.parse(readFileSync(path, 'utf8')) as ResolvedTrainFile;
  } catch (e) {
    throw new InputError(path, `unreadable: ${(e as Error).message}`);
  }
  if (value?.format !== RESOLVED_TRAIN_FORMAT) throw new InputError(path, `not a ${RESOLVED_TRAIN_FORMAT} file`);
  return value;
}

/**
 * Records a training spec in a results directory (`spec.resolved.json` and a copy of the file), or checks that the
 * directory already holds the same sweep; one of another sweep (or of trials) is refused. Returns whether it did.
 */
export function recordTrainSpec(dir: string, loaded: LoadedTrainSpec): boolean {
  const path = resultsFile(dir, 'resolvedSpec');
  if (existsSync(path)) {
    checkSameTrainSweep(dir, loaded);
    return true;
  }
  writeFileAtomic(path, `${JSON.stringify(resolvedTrainOf(loaded), null, 2)}\n`);
  copySourceSpec(dir, loaded.source, loaded.format);
  return false;
}

/** Re-expands the training spec stored in a results directory (for `resume`), checking its hash still matches. */
export function loadStoredTrainSpec(dir: string): LoadedTrainSpec {
  const file = readResolvedTrainSpec(dir);
  const loaded = loadTrainSpecValue(file.value, {
    source: file.source.path,
    baseDir: file.source.baseDir,
    format: file.source.format,
  });
  if (loaded.specHash !== file.specHash) {
    throw new InputError(
      resultsFile(dir, 'resolvedSpec'),
      `re-expanding the stored training spec gives hash ${loaded.specHash.slice(0, 12)}…, not the stored ` +
        `${file.specHash.slice(0, 12)}… (was it written by another gradcode version? it says ${file.gradcode})`,
    );
  }
  return { ...loaded, overrides: file.overrides };
}

/** Whether a directory holds a training spec (an older directory without a marker can be adopted). */
export function holdsResolvedTrainSpec(dir: string): boolean {
  try {
    readResolvedTrainSpec(dir);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks, without writing, that a directory holding a spec holds this training sweep (equal spec hash), and not trial
 * results; a directory without a spec passes.
 */
export function checkSameTrainSweep(dir: string, loaded: LoadedTrainSpec): void {
  if (!existsSync(resultsFile(dir, 'resolvedSpec'))) return;
  if (resultsKind(dir) !== 'train')
    throw new InputError(dir, 'holds trial results (gradcode run), not training results; choose another --out');
  const existing = readResolvedTrainSpec(dir);
  if (existing.specHash !== loaded.specHash)
    throw new InputError(
      dir,
      `holds results of a different training sweep (spec hash ${existing.specHash.slice(0, 12)}… from ` +
        `${existing.source.path}; this spec has ${loaded.specHash.slice(0, 12)}…); choose another --out, or run ` +
        '`gradcode resume DIR` to continue the stored one',
    );
}

import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-root.js';
import { parseAtomicTempName, writeFileAtomic } from './atomic-write.js';
import { fileSystemError, readJsonIfPresent } from './fs-errors.js';
import { removeLeftoverTempFiles } from './leftovers.js';

/**
 * The marker file that makes a directory a gradcode results directory. gradcode writes only into a directory it
 * created (or found empty) and marked; a non-empty directory without the marker — `--out /etc`, a home directory, a
 * folder of the user's own files — is refused before anything is written (issue 15, item 1).
 */
export const RESULTS_MARKER = '.gradcode-results.json';

/** Format tag of the marker. */
export const RESULTS_MARKER_FORMAT = 'gradcode-results/1';

/** What a results directory holds: trial sweeps (`run`, `sweep`, `merge`) or coded-descent runs (`train`). */
export type ResultsKind = 'sweep' | 'train';

/** Contents of {@link RESULTS_MARKER}. */
export interface ResultsMarker {
  readonly format: typeof RESULTS_MARKER_FORMAT;
  readonly kind: ResultsKind;
  readonly createdAt: string;
  readonly gradcode: string;
}

/** What {@link inspectResultsDir} found. */
export type ResultsDirState =
  /** Nothing at the path yet (its nearest existing parent is a writable directory). */
  | 'absent'
  /** An empty directory. */
  | 'empty'
  /** A directory with gradcode's marker of the right kind. */
  | 'marked'
  /** A directory without the marker that the caller's `adopt` recognised (results of an older gradcode). */
  | 'adoptable';

/** Options of {@link inspectResultsDir} and {@link claimResultsDir}. */
export interface ResultsDirOptions {
  /** Field of the InputErrors (default `--out`). */
  readonly field?: string;
  /**
   * Recognises a directory written by a gradcode version before the marker (e.g. it holds a valid
   * `spec.resolved.json`); such a directory is accepted and marked.
   */
  readonly adopt?: (dir: string) => boolean;
  /** Skip the writability check (readers). */
  readonly readOnly?: boolean;
}

/** Reads a marker, or null when the file is missing; a foreign or corrupt marker is an InputError. */
export function readResultsMarker(dir: string): ResultsMarker | null {
  const path = join(dir, RESULTS_MARKER);
  const value = readJsonIfPresent(path);
  if (value === undefined) return null;
  const marker = value as Partial<ResultsMarker> | null;
  if (marker?.format !== RESULTS_MARKER_FORMAT || (marker.kind !== 'sweep' && marker.kind !== 'train'))
    throw new InputError(path, `not a ${RESULTS_MARKER_FORMAT} marker`);
  return marker as ResultsMarker;
}

/** The nearest existing ancestor of a path (the path itself when it exists). */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

function requireWritable(path: string, dir: string, field: string): void {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
  } catch (e) {
    const why = fileSystemError(e, path, 'write there');
    if (why instanceof InputError)
      throw new InputError(field, `${dir}: cannot write the results there (${why.message.replace(/^[^:]*: /, '')})`);
    throw why;
  }
}

/**
 * Checks, without writing anything, whether `dir` can receive results of `kind`: it does not exist yet (and its
 * nearest existing parent is a writable directory), or it is an empty directory, or it carries gradcode's marker of
 * that kind, or `adopt` recognises it; and it is writable unless `readOnly`. Everything else is an InputError on
 * `options.field` (default `--out`): a file or device (`/dev/null`), a non-empty directory gradcode did not create,
 * results of the other kind, read-only storage or missing permissions. Call it before any computation.
 */
export function inspectResultsDir(dir: string, kind: ResultsKind, options: ResultsDirOptions = {}): ResultsDirState {
  const field = options.field ?? '--out';
  if (dir.trim() === '') throw new InputError(field, 'must not be empty');
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      const why = fileSystemError(e, dir, 'use it');
      throw why instanceof InputError ? new InputError(field, why.message) : why;
    }
  }
  if (!stat) {
    const parent = nearestExisting(dir);
    if (!statSync(parent).isDirectory()) throw new InputError(field, `${dir}: ${parent} is a file, not a directory`);
    if (!options.readOnly) requireWritable(parent, dir, field);
    return 'absent';
  }
  if (!stat.isDirectory())
    throw new InputError(
      field,
      `${dir} is ${stat.isFile() ? 'a file' : 'not a regular directory (a device, FIFO or socket)'}; give a directory`,
    );
  let state: ResultsDirState;
  const marker = readResultsMarker(dir);
  if (marker) {
    if (marker.kind !== kind)
      throw new InputError(field, `${dir} holds gradcode ${marker.kind} results, not ${kind} results; choose another`);
    state = 'marked';
  } else {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (e) {
      const why = fileSystemError(e, dir, 'list it');
      throw why instanceof InputError ? new InputError(field, why.message) : why;
    }
    // A marker a killed claim left half-written (its temporary file) does not make the directory foreign.
    if (entries.every((name) => name.startsWith(`.${RESULTS_MARKER}.`) && parseAtomicTempName(name))) state = 'empty';
    else if (options.adopt?.(dir)) state = 'adoptable';
    else
      throw new InputError(
        field,
        `${dir} is not empty and was not created by gradcode (it has no ${RESULTS_MARKER}); gradcode writes only ` +
          'into a new or empty directory or one of its own results directories: choose another',
      );
  }
  if (!options.readOnly) requireWritable(dir, dir, field);
  return state;
}

/**
 * Makes `dir` a results directory of `kind` for writing, or refuses it (see {@link inspectResultsDir}): creates it
 * (and missing parents) and writes the marker atomically. When the marker cannot be written, the directories this
 * call created are removed again, so a refused or failed claim leaves nothing behind. Returns what was found.
 */
export function claimResultsDir(dir: string, kind: ResultsKind, options: ResultsDirOptions = {}): ResultsDirState {
  const state = inspectResultsDir(dir, kind, options);
  if (state === 'marked') return state;
  const field = options.field ?? '--out';
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
    removeLeftoverTempFiles(dir);
    const marker: ResultsMarker = {
      format: RESULTS_MARKER_FORMAT,
      kind,
      createdAt: new Date().toISOString(),
      gradcode: packageVersion(),
    };
    writeFileAtomic(join(dir, RESULTS_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  } catch (e) {
    if (created) removeCreated(resolve(created), resolve(dir));
    const why = fileSystemError(e, dir, 'create the results directory');
    throw why instanceof InputError && why.field !== field ? new InputError(field, why.message) : why;
  }
  return state;
}

/** Removes the empty directories from `leaf` up to and including `top` (what one `mkdir -p` created). */
function removeCreated(top: string, leaf: string): void {
  for (let p = leaf; ; p = dirname(p)) {
    try {
      rmdirSync(p);
    } catch {
      return;
    }
    if (p === top || dirname(p) === p) return;
  }
}

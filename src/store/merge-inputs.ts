import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { canonicalJson } from '../spec/canonical.js';
import { formatPinnedBackend, PINS_FILE, type Pins, readPins, sameBackend } from './pins.js';
import { inspectResultsDir, type ResultsKind } from './results-dir.js';

/** What both merges (trial sweeps, training sweeps) accept about their inputs. */
export interface MergeInputOptions {
  /** Merge shards pinned to (or computed on) different backends. */
  readonly allowMixedBackends?: boolean;
}

/** How a merge reads one kind of results directory. */
export interface MergeInputKind<S extends { readonly specHash: string }> {
  readonly kind: ResultsKind;
  /** Reads a directory's resolved spec (an InputError when it has none). */
  readonly readSpec: (dir: string) => S;
  /** Recognises a directory of an older gradcode that has no marker yet. */
  readonly adopt: (dir: string) => boolean;
  /** What one spec is called in messages: `sweep`, `training sweep`. */
  readonly noun: string;
}

/**
 * The input directories of a merge, deduplicated by real path, each a readable results directory of `kind`, all of
 * one spec (same spec hash); returns them with their resolved specs, the first one's spec as the merge's.
 */
export function mergeInputs<S extends { readonly specHash: string }>(
  inputs: readonly string[],
  kind: MergeInputKind<S>,
): { dirs: string[]; spec: S } {
  if (inputs.length === 0) throw new InputError('DIR', 'give at least one results directory to merge');
  const dirs = [...new Map(inputs.map((d) => [existsSync(d) ? realpathSync(d) : resolve(d), d])).values()];
  const specs = dirs.map((d) => kind.readSpec(d));
  for (const d of dirs) inspectResultsDir(d, kind.kind, { field: d, adopt: kind.adopt, readOnly: true });
  const spec = specs[0];
  specs.forEach((s, k) => {
    if (s.specHash !== spec.specHash)
      throw new InputError(
        dirs[k],
        `holds a different ${kind.noun} than ${dirs[0]} (spec hash ${s.specHash.slice(0, 12)}… vs ` +
          `${spec.specHash.slice(0, 12)}…); only shards of one spec can be merged`,
      );
  });
  return { dirs, spec };
}

/**
 * The pins shared by the input directories (null when none has any): every directory with pins must have pinned the
 * same file contents, and — unless `allowMixedBackends` — the same backend.
 */
export function checkInputPins(dirs: readonly string[], options: MergeInputOptions): Pins | null {
  const pinned = dirs
    .map((d) => ({ dir: d, pins: readPins(d) }))
    .filter((p): p is { dir: string; pins: Pins } => !!p.pins);
  if (pinned.length === 0) return null;
  const [first, ...rest] = pinned;
  const files = (p: Pins) => canonicalJson(p.files.map((f) => [f.path, f.sha256]));
  for (const other of rest) {
    if (files(other.pins) !== files(first.pins))
      throw new InputError(
        other.dir,
        `pinned other versions of the referenced files than ${first.dir} (${join(other.dir, PINS_FILE)}); its ` +
          'cells were computed from different inputs',
      );
    if (!options.allowMixedBackends && !sameBackend(other.pins.backend, first.pins.backend))
      throw new InputError(
        other.dir,
        `is pinned to ${formatPinnedBackend(other.pins.backend)}, ${first.dir} to ` +
          `${formatPinnedBackend(first.pins.backend)}; merge shards of one backend, or pass --allow-mixed-backends`,
      );
  }
  return first.pins;
}

/**
 * Refuses records computed on different backends (f32 and f64 rows would mix) unless `allowMixedBackends`;
 * `units` names the records in the message (`cells`, `schemes`).
 */
export function refuseMixedBackends(
  records: Iterable<{ readonly backend: { readonly kind: string } }>,
  units: string,
  options: MergeInputOptions,
): void {
  const kinds = [...new Set([...records].map((r) => r.backend.kind))];
  if (kinds.length > 1 && !options.allowMixedBackends)
    throw new InputError(
      'DIR',
      `the ${units} were computed on different backends (${kinds.join(' and ')}: f32 and f64 rows would mix); ` +
        'merge shards of one backend, or pass --allow-mixed-backends',
    );
}

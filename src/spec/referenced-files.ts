import { isAbsolute, resolve } from 'node:path';
import type { ResolvedCodeSpec } from '../codes/registry.js';
import { type CodeSpecInput, resolveCodeSpec } from '../codes/spec.js';
import type { StragglerModel } from '../stragglers/model.js';

/** A file a result depends on, and the spec field that names it. */
export interface SpecFile {
  /** Absolute path. */
  readonly path: string;
  readonly field: string;
}

/** The scheme keys that may name files: a cell of a sweep, or a scheme of a training spec. */
export interface FileReferences {
  readonly code: unknown;
  readonly order?: string;
  readonly stragglers?: StragglerModel;
}

const absolute = (path: string, baseDir: string) => (isAbsolute(path) ? path : resolve(baseDir, path));

/** Orders that are not file paths. */
function isOrderFile(order: string): boolean {
  return !(order === 'natural' || order === 'optimal' || order.includes(':'));
}

function codeFiles(spec: ResolvedCodeSpec, field: string, baseDir: string, out: SpecFile[]): void {
  if (spec.family === 'file' && typeof spec.params.path === 'string')
    out.push({ path: absolute(spec.params.path, baseDir), field: `${field}.path` });
  for (const [name, value] of Object.entries(spec.params))
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'family' in value)
      codeFiles(value as ResolvedCodeSpec, `${field}.${name}`, baseDir, out);
}

/**
 * Every file a cell or training scheme reads, resolved the way the run resolves it (relative to `baseDir`, the spec
 * file's directory): an order file, a straggler trace, and the `file:` codes of its code (nested factors included).
 * `field` is the cell's prefix (`cells[2]`, `schemes[0]`). These are the files whose contents are pinned
 * (`pinInputs`), so a run never mixes results computed from two versions of a file.
 */
export function referencedFiles(refs: FileReferences, field: string, baseDir: string): SpecFile[] {
  const out: SpecFile[] = [];
  const code = resolveCodeSpec(refs.code as CodeSpecInput, { field: `${field}.code`, baseDir });
  codeFiles(code, `${field}.code`, baseDir, out);
  if (refs.order !== undefined && isOrderFile(refs.order))
    out.push({ path: absolute(refs.order, baseDir), field: `${field}.order` });
  const trace = refs.stragglers?.trace?.file;
  if (trace !== undefined) out.push({ path: absolute(trace, baseDir), field: `${field}.stragglers.trace.file` });
  return out;
}

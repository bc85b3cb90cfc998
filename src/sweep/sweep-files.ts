import { canonicalJson } from '../spec/canonical.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { referencedFiles, type SpecFile } from '../spec/referenced-files.js';

/**
 * Every file the cells of a sweep read (order files, traces, `file:` codes), resolved against the spec's directory,
 * each with the first cell field naming it: what a results directory pins by content before its first trial. Cells
 * with the same code, order and trace are looked at once, so a 100 000-cell sweep over a few files stays cheap.
 */
export function sweepReferencedFiles(loaded: LoadedSpec): SpecFile[] {
  const seen = new Set<string>();
  const files: SpecFile[] = [];
  for (const cell of loaded.cells) {
    const { code, order, stragglers } = cell.spec;
    const codeText = canonicalJson(code);
    // Only `file:` codes read files; other codes need no resolving here.
    const key = `${codeText.includes('file') ? codeText : ''}\u0000${order}\u0000${stragglers.trace?.file ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (codeText.includes('file') || order !== 'natural' || stragglers.trace)
      files.push(...referencedFiles({ code, order, stragglers }, cell.origin, loaded.baseDir));
  }
  return files;
}

import { checkLimit } from '../limits/limits.js';
import { type CodeSize, findCodeFamily, type ResolvedCodeSpec } from './registry.js';

/**
 * N, m, stored entries and construction operations of a resolved code spec, from its parameters alone (each family's
 * `size` in the registry, nested codes included); null when only the built code knows (custom files).
 */
export function estimateCodeSize(spec: ResolvedCodeSpec): CodeSize | null {
  const family = findCodeFamily(spec.family);
  if (!family) return null;
  return family.size(spec.params, { size: estimateCodeSize });
}

/**
 * Refuses a code too large to build before building it (issue 15, item 5): workers ≤ limits.codeWorkers, chunks ≤
 * limits.codeChunks, stored entries ≤ limits.codeEntries and estimated construction operations ≤
 * limits.codeConstructionOps (CRC's N·(s+1)³, nested and product codes from their factors). `field` names the code,
 * e.g. `defaults.code`.
 */
export function checkCodeSize(spec: ResolvedCodeSpec, field: string): void {
  const size = estimateCodeSize(spec);
  if (!size) return;
  checkLimit('codeWorkers', size.N, field, `the workers N of ${spec.family}`);
  checkLimit('codeChunks', size.m, field, `the chunks m of ${spec.family}`);
  checkLimit('codeEntries', size.entries, field, `the stored entries of ${spec.family} (support × ℓ)`);
  checkLimit('codeConstructionOps', size.ops, field, `the estimated operations to build ${spec.family}`);
}

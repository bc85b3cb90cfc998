import { contentHash } from './canonical.js';
import type { CellSpec } from './cell-schema.js';

/** A cell's identity: the first 16 hex digits of the SHA-256 of its validated spec (seed included). */
export function cellId(spec: CellSpec): string {
  return contentHash(spec).slice(0, 16);
}

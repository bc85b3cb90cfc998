import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { TidyRow } from './columns.js';
import { resultsFile } from './layout.js';
import { readParquetMetadata, readParquetRows } from './parquet.js';

/** What {@link checkStoredTables} found. */
export type StoredTablesState =
  | { readonly state: 'intact' }
  | { readonly state: 'missing' }
  /** A table that cannot be read, or belongs to another sweep: `path` and why. */
  | { readonly state: 'unusable'; readonly path: string; readonly reason: string };

/** The two results tables of a directory, read in full; a table that cannot be read throws with its path named. */
async function readBoth(dir: string): Promise<{ cells: TidyRow[]; curve: TidyRow[] }> {
  const read = async (path: string) => {
    try {
      return await readParquetRows(path);
    } catch (e) {
      const message = e instanceof InputError ? e.message.slice(e.field.length + 2) : (e as Error).message;
      throw Object.assign(new Error(message), { tablePath: path });
    }
  };
  const cells = await read(resultsFile(dir, 'cells'));
  const curve = await read(resultsFile(dir, 'curve'));
  return { cells, curve };
}

/**
 * Whether `cells.parquet` and `curve.parquet` of `dir` are intact results of the sweep `specHash` with `cells` rows:
 * both readable to the last row, footers naming that spec hash. Used to finish a complete directory without rewriting
 * anything (read-only storage included), and to rebuild damaged tables from the logs.
 */
export async function checkStoredTables(dir: string, specHash: string, cells: number): Promise<StoredTablesState> {
  const paths = [resultsFile(dir, 'cells'), resultsFile(dir, 'curve')];
  if (!paths.every((p) => existsSync(p))) return { state: 'missing' };
  try {
    for (const path of paths) {
      const hash = readParquetMetadata(path)['gradcode.spec_hash'];
      if (hash !== specHash)
        return { state: 'unusable', path, reason: `its footer names spec hash ${hash?.slice(0, 12) ?? 'none'}` };
    }
    const rows = await readBoth(dir);
    if (rows.cells.length !== cells)
      return { state: 'unusable', path: paths[0], reason: `it has ${rows.cells.length} rows, not ${cells}` };
  } catch (e) {
    if (e instanceof InputError)
      return { state: 'unusable', path: e.field, reason: e.message.slice(e.field.length + 2) };
    const path = (e as { tablePath?: string }).tablePath ?? paths[0];
    return { state: 'unusable', path, reason: (e as Error).message };
  }
  return { state: 'intact' };
}

/**
 * The tables of a results directory read from Parquet, or `null` — after calling `onWarning` with a message naming
 * the file — when one cannot be read (truncated, overwritten, not Parquet), so the caller can rebuild the rows from
 * the shard logs. For `loadResults` and anything else that reads stored tables.
 */
export async function readTablesOrWarn(
  dir: string,
  onWarning: (message: string) => void,
): Promise<{ cells: TidyRow[]; curve: TidyRow[] } | null> {
  try {
    return await readBoth(dir);
  } catch (e) {
    const path = (e as { tablePath?: string }).tablePath ?? resultsFile(dir, 'cells');
    onWarning(`${path}: ${(e as Error).message}; using the rows of the shard logs instead`);
    return null;
  }
}

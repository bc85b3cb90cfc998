import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import type { ColumnDef, TidyRow, TidyValue } from './columns.js';
import { onFile } from './fs-errors.js';

/** Key-value metadata stored in a Parquet footer. */
export type ParquetMetadataPairs = Readonly<Record<string, string>>;

/**
 * Encodes a table as Parquet bytes (snappy, column statistics, rows in the given order). The bytes depend only on the
 * columns, rows and metadata — no clock, host or random state — so equal results give byte-identical files.
 */
export function encodeParquet<S>(
  columns: readonly ColumnDef<S>[],
  rows: readonly TidyRow[],
  metadata: ParquetMetadataPairs,
  createdBy: string,
): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      data: rows.map((r) => toStored(r[c.name], c.type)),
    })),
    kvMetadata: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    createdBy,
  });
  return new Uint8Array(buffer);
}

/**
 * A tidy value as the Parquet writer takes it: INT64 as BigInt, and a JSON column's canonical text parsed back into
 * its value, so the writer's JSON type encodes it once (a string handed to it would be stored as a JSON string).
 */
function toStored(v: TidyValue | undefined, type: ColumnDef<unknown>['type']): unknown {
  if (v === undefined || v === null) return null;
  if (type === 'INT64') return BigInt(v as number);
  if (type === 'JSON') return JSON.parse(v as string);
  return v;
}

/** Writes a table to a Parquet file atomically (see {@link encodeParquet}). */
export function writeParquetTable<S>(
  path: string,
  columns: readonly ColumnDef<S>[],
  rows: readonly TidyRow[],
  metadata: ParquetMetadataPairs,
  createdBy: string,
): void {
  writeFileAtomic(path, encodeParquet(columns, rows, metadata, createdBy));
}

/** The bytes of a Parquet file; an unreadable file is an InputError naming it. */
function parquetBytes(path: string): ArrayBuffer {
  const bytes = onFile(path, 'read', () => readFileSync(path));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** A Parquet decoding failure as an InputError naming the file (exit code 2: the file is damaged, not gradcode). */
function corrupt(path: string, error: unknown): InputError {
  return new InputError(path, `not a readable Parquet file (${(error as Error).message})`);
}

/**
 * Reads every row of a Parquet file (hyparquet) as tidy rows: INT64 values come back as numbers and the values of
 * JSON columns as their JSON text (as the tables built from the logs hold them). A damaged file is an InputError
 * naming it.
 */
export async function readParquetRows(path: string): Promise<TidyRow[]> {
  const file = parquetBytes(path);
  let rows: Record<string, unknown>[];
  let jsonColumns: Set<string>;
  try {
    const metadata = parquetMetadata(file);
    jsonColumns = new Set(
      metadata.schema.filter((e) => e.converted_type === 'JSON' || e.logical_type?.type === 'JSON').map((e) => e.name),
    );
    rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
  } catch (e) {
    throw corrupt(path, e);
  }
  return rows.map((row) => {
    const out: TidyRow = {};
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'bigint') out[k] = Number(v);
      else if (jsonColumns.has(k) && v !== null && v !== undefined) out[k] = JSON.stringify(v);
      else out[k] = v as TidyValue;
    }
    return out;
  });
}

/** The key-value metadata of a Parquet file (InputError naming a damaged file). */
export function readParquetMetadata(path: string): Record<string, string> {
  const file = parquetBytes(path);
  let pairs: { key: string; value?: string }[];
  try {
    pairs = parquetMetadata(file).key_value_metadata ?? [];
  } catch (e) {
    throw corrupt(path, e);
  }
  return Object.fromEntries(pairs.map((p) => [p.key, p.value ?? '']));
}

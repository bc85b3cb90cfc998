import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeFileAtomic } from './atomic-write.js';
import type { ColumnDef, TidyRow, TidyValue } from './columns.js';

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

/**
 * Reads every row of a Parquet file (hyparquet) as tidy rows: INT64 values come back as numbers and the values of
 * JSON columns as their JSON text (as the tables built from the logs hold them).
 */
export async function readParquetRows(path: string): Promise<TidyRow[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const jsonColumns = new Set(
    metadata.schema.filter((e) => e.converted_type === 'JSON' || e.logical_type?.type === 'JSON').map((e) => e.name),
  );
  const rows = (await parquetReadObjects({ file, metadata })) as Record<string, unknown>[];
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

/** The key-value metadata of a Parquet file. */
export function readParquetMetadata(path: string): Record<string, string> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const pairs = parquetMetadata(file).key_value_metadata ?? [];
  return Object.fromEntries(pairs.map((p) => [p.key, p.value ?? '']));
}

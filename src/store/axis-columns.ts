import { type ColumnDef, type ColumnType, col, type TidyValue } from './columns.js';

/** How one sweep axis is stored: its dotted spec path, its column name and the column's Parquet type. */
export interface AxisColumn {
  /** The axis key as written in the spec's `sweep.grid` / `sweep.zip`, e.g. `stragglers.slow.factor`. */
  readonly path: string;
  /** The column name: works unquoted in SQL, Vega-Lite, pandas and polars, e.g. `stragglers_slow_factor`. */
  readonly column: string;
  /** INT32 (every value an integer in int32 range), DOUBLE (numbers), BOOLEAN, STRING, or JSON (anything else). */
  readonly type: Extract<ColumnType, 'INT32' | 'DOUBLE' | 'BOOLEAN' | 'STRING' | 'JSON'>;
}

/**
 * The column name of a sweep axis, before collisions are resolved: every run of characters other than ASCII letters
 * and digits becomes one `_`, leading and trailing `_` are dropped, and a name that would start with a digit (or be
 * empty) gets the prefix `axis_`. `stragglers.slow.factor` → `stragglers_slow_factor`, `code.N` → `code_N`.
 */
export function axisColumnStem(path: string): string {
  const stem = path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return stem === '' || /^[0-9]/.test(stem) ? `axis_${stem}` : stem;
}

/** The Parquet type of an axis from every value it takes. */
export function axisColumnType(values: readonly unknown[]): AxisColumn['type'] {
  const present = values.filter((v) => v !== undefined && v !== null);
  if (present.length > 0 && present.every((v) => typeof v === 'number')) {
    const ints = (present as number[]).every((v) => Number.isInteger(v) && Math.abs(v) <= 2 ** 31 - 1);
    return ints ? 'INT32' : 'DOUBLE';
  }
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.every((v) => typeof v === 'string')) return 'STRING';
  return 'JSON';
}

/**
 * The columns of a sweep's axes, in axis order. Names come from {@link axisColumnStem}; a name equal (ignoring case,
 * as SQL does) to one of `reserved` (the table's fixed columns, e.g. `protocol`, `N`) or to an earlier axis column
 * gets the prefix `axis_` (then a suffix `_2`, `_3`, … if still taken). Grid over `protocol` → `axis_protocol`.
 */
export function axisColumnsOf(
  paths: readonly string[],
  values: readonly (readonly unknown[])[],
  reserved: readonly string[],
): AxisColumn[] {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  return paths.map((path, k) => {
    const stem = axisColumnStem(path);
    let column = taken.has(stem.toLowerCase()) && !stem.startsWith('axis_') ? `axis_${stem}` : stem;
    for (let n = 2; taken.has(column.toLowerCase()); n++)
      column = `${stem.startsWith('axis_') ? '' : 'axis_'}${stem}_${n}`;
    taken.add(column.toLowerCase());
    return { path, column, type: axisColumnType(values[k] ?? []) };
  });
}

/** The stored value of an axis in one cell: numbers, flags and strings as they are; JSON as canonical text. */
export function axisCellValue(axis: AxisColumn, value: unknown): TidyValue {
  if (value === undefined || value === null) return null;
  if (axis.type === 'JSON') return JSON.stringify(value);
  return value as TidyValue;
}

/**
 * The column an axis reference names: an axis column name as stored, the axis's dotted spec path, or the schema-1
 * spelling `axis.<path>`. Returns undefined when `name` is none of these.
 */
export function resolveAxisReference(axes: readonly AxisColumn[], name: string): AxisColumn | undefined {
  const path = name.startsWith('axis.') ? name.slice('axis.'.length) : name;
  return axes.find((a) => a.column === name) ?? axes.find((a) => a.path === path);
}

/**
 * Columns for the sweep axes (see {@link AxisColumn}): one per axis, role `axis`, typed from its values. Inserted
 * after `order` in both tables.
 */
export function axisColumnDefs<S>(
  axes: readonly AxisColumn[],
  rec: (s: S) => { readonly axes: Readonly<Record<string, unknown>> },
): ColumnDef<S>[] {
  return axes.map((axis) =>
    col(
      axis.column,
      axis.type,
      `value of sweep axis \`${axis.path}\``,
      (s: S) => axisCellValue(axis, rec(s).axes[axis.path]),
      true,
      'axis',
    ),
  );
}

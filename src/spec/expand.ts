import { resolveCodeSpec } from '../codes/spec.js';
import { didYouMean } from '../did-you-mean.js';
import { InputError } from '../errors.js';
import { checkPathSegments } from '../input/forbidden-keys.js';
import { checkLimit, LIMITS } from '../limits/limits.js';
import { checkCellLimits, gridPointsOf } from './cell-limits.js';
import { type CellSpec, CellSpecSchema, type Spec } from './cell-schema.js';
import { parseWith } from './zod-error.js';

/** One cell of an expanded sweep: its validated spec and where it came from. */
export interface ExpandedCell {
  /** Position in the sweep (0-based), stable for a given spec. */
  index: number;
  spec: CellSpec;
  /** The explicit cell it derives from (`cells[i]`, or `defaults`). */
  origin: string;
  /** The axis values that produced it, e.g. {"code.N": 20, "protocol": "partial"}. */
  axes: Record<string, unknown>;
}

/** Largest number of cells a sweep may expand to (limits.cells: a typo in an axis should not allocate millions). */
export const MAX_CELLS = LIMITS.cells.value;

/**
 * Expands a spec into cells (issue 6, "Sweep axes"): every explicit cell (default: one cell of the defaults) is
 * merged over `defaults`, then crossed with the cartesian product of the `grid` axes and, in lock-step, the `zip`
 * axes (all zip axes must have the same length). Axis keys are dotted paths into a cell (`code.N`,
 * `stragglers.failures.p`, `protocol`); a path into a compact code string first turns the code into its object form.
 * Each resulting cell is validated strictly; an error names the cell, the axis values and the field. The cell count
 * is checked against limits.cells from the axis lengths, before any cell is built; an axis key in both `grid` and
 * `zip`, two axes of which one is inside the other (`code` and `code.N`), and path segments such as `__proto__` are
 * refused.
 */
export function expandSpec(spec: Spec): ExpandedCell[] {
  const grid = Object.entries(spec.sweep?.grid ?? {});
  const zip = Object.entries(spec.sweep?.zip ?? {});
  const zipLength = zip.length ? zip[0][1].length : 1;
  for (const [key, values] of zip) {
    if (values.length !== zipLength) {
      throw new InputError(
        `sweep.zip.${key}`,
        `has ${values.length} values but sweep.zip.${zip[0][0]} has ${zipLength}; zip axes advance together`,
      );
    }
  }
  for (const [key] of grid) validatePath(key, 'grid');
  for (const [key] of zip) validatePath(key, 'zip');
  checkAxisOverlap(
    grid.map(([k]) => k),
    zip.map(([k]) => k),
  );
  const bases = spec.cells ?? [{}];
  const total = grid.reduce((n, [, values]) => n * values.length, bases.length * zipLength);
  checkLimit('cells', total, 'sweep', `the number of cells (${bases.length} × the axis lengths)`);
  const combos = gridCombinations(grid);
  const cells: ExpandedCell[] = [];
  bases.forEach((base, b) => {
    const origin = spec.cells ? `cells[${b}]` : 'defaults';
    for (const combo of combos) {
      for (let z = 0; z < zipLength; z++) {
        const axes: Record<string, unknown> = { ...combo };
        for (const [key, values] of zip) axes[key] = values[z];
        const merged = deepMerge(structuredClone(spec.defaults ?? {}), structuredClone(base));
        if (merged.seed === undefined) merged.seed = spec.seed;
        for (const [path, value] of Object.entries(axes)) setPath(merged, path, value, origin);
        let cellSpec: CellSpec;
        try {
          cellSpec = parseWith(CellSpecSchema, merged, origin === 'defaults' ? 'defaults' : origin);
          checkCellLimits(cellSpec, origin);
        } catch (e) {
          if (!(e instanceof InputError) || Object.keys(axes).length === 0) throw e;
          const values = Object.entries(axes)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(', ');
          throw new InputError(
            e.field,
            `${e.message.slice(e.field.length + 2)} (sweep cell ${cells.length}: ${values})`,
          );
        }
        cells.push({ index: cells.length, spec: cellSpec, origin, axes });
      }
    }
  });
  const curveRows = cells.reduce((n, c) => n + gridPointsOf(c.spec), 0);
  const where = spec.sweep ? 'sweep' : spec.cells ? 'cells' : 'defaults.tGrid';
  checkLimit('curveRows', curveRows, where, 'the rows of the curve table (Σ T-grid points over the cells)');
  return cells;
}

/** Every combination of the grid axes' values, the first axis varying slowest (spec order). */
export function gridCombinations(axes: [string, unknown[]][]): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [key, values] of axes) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combos;
}

const TOP_KEYS = new Set(Object.keys(CellSpecSchema.shape));

function validatePath(path: string, kind: 'grid' | 'zip'): void {
  const segments = path.split('.');
  checkPathSegments(segments, `sweep.${kind}.${path}`);
  if (segments.some((s) => s === '')) throw new InputError(`sweep.${kind}.${path}`, 'has an empty path segment');
  const top = segments[0];
  if (!TOP_KEYS.has(top)) {
    throw new InputError(
      `sweep.${path}`,
      `"${top}" is not a cell key${didYouMean(top, TOP_KEYS)}; cell keys: ${[...TOP_KEYS].join(', ')}`,
    );
  }
}

/**
 * Refuses an axis given twice (in `grid` and `zip`: one would silently win and cells repeat) and two axes where one
 * path is inside the other (`code` and `code.N`: the outer value would be overwritten in some cells).
 */
function checkAxisOverlap(grid: readonly string[], zip: readonly string[]): void {
  const all = [...grid.map((k) => ['grid', k] as const), ...zip.map((k) => ['zip', k] as const)];
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++) {
      const [ka, pa] = all[a];
      const [kb, pb] = all[b];
      if (pa === pb) throw new InputError(`sweep.${kb}.${pb}`, `is also a sweep.${ka} axis; give each axis once`);
      if (pb.startsWith(`${pa}.`) || pa.startsWith(`${pb}.`))
        throw new InputError(
          `sweep.${kb}.${pb}`,
          `overlaps the sweep.${ka} axis "${pa}" (one is inside the other); sweep one of them`,
        );
    }
  }
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(source)) {
    if (isPlainObject(v) && isPlainObject(target[k]) && k !== 'code')
      deepMerge(target[k] as Record<string, unknown>, v);
    else target[k] = v;
  }
  return target;
}

/** Sets a dotted path, creating objects; a compact code string is converted to its object form first. */
export function setPath(cell: Record<string, unknown>, path: string, value: unknown, origin: string): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = cell;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (k === 'code' && i === 0 && typeof node.code === 'string') {
      const resolved = resolveCodeSpec(node.code, { field: `${origin}.code` });
      node.code = { family: resolved.family, ...resolved.params };
    }
    if (node[k] === undefined) node[k] = {};
    if (!isPlainObject(node[k])) {
      throw new InputError(
        `sweep.${path}`,
        `cannot set "${keys.slice(i + 1).join('.')}" inside ${keys.slice(0, i + 1).join('.')} (not an object)`,
      );
    }
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

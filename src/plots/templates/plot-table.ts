import { InputError } from '../../errors.js';
import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import { isNumericColumn } from '../data/field-type.js';
import type { FigureOptions } from '../layout/compose.js';
import type { PlotRow, PlotSpec } from '../types.js';
import { type SeriesMark, seriesFigure } from './series-figure.js';

/** Marks {@link plotTable} can draw. */
export const TABLE_MARKS = ['line', 'point', 'bar'] as const;

/** Inputs of {@link plotTable}, one per `gradcode plot` flag. */
export interface PlotTableOptions extends Omit<FigureOptions, 'facet'> {
  /** Rows of a stored sweep (one per cell, per (cell, T), …). */
  rows: readonly PlotRow[];
  /** `--x`: column on the x axis. */
  x: string;
  /** `--y`: numeric column on the y axis. */
  y: string;
  /** `--color`: series column. */
  color?: string;
  /** `--facet`: one panel per value. */
  facet?: string;
  /** `--y-lo` / `--y-hi`: interval columns. When neither is given and y is `mean`, `ci_lo`/`ci_hi` are used if present. */
  yLo?: string;
  yHi?: string;
  /** `--mark`: `line`, `point` or `bar`; default `line` for a numeric x, `bar` otherwise. */
  mark?: string;
  /** `--interval`: `band` or `bars` (default: band for lines over a numeric x, bars otherwise). */
  interval?: string;
  /** `--log-x` / `--log-y`. */
  logX?: boolean;
  logY?: boolean;
  /** `--x-title` / `--y-title` / `--color-title`; default to the column names. */
  xTitle?: string;
  yTitle?: string;
  colorTitle?: string;
}

/** The CLI flag behind each {@link PlotTableOptions} column option, used to name the field in errors. */
export const PLOT_TABLE_FLAGS = {
  x: '--x',
  y: '--y',
  color: '--color',
  facet: '--facet',
  yLo: '--y-lo',
  yHi: '--y-hi',
  mark: '--mark',
  interval: '--interval',
} as const;

/**
 * The generic plot behind `gradcode plot DIR --x … --y … --color … --facet …`: any columns of a tidy table, in the
 * publication style. Unknown columns, a non-numeric y, half an interval or an unknown mark throw an
 * {@link InputError} naming the flag (and, for columns, listing the available ones).
 */
export function plotTable(options: PlotTableOptions): PlotSpec {
  const o = options;
  const F = PLOT_TABLE_FLAGS;
  requireColumns(o.rows, {
    [F.x]: o.x,
    [F.y]: o.y,
    [F.color]: o.color,
    [F.facet]: o.facet,
    [F.yLo]: o.yLo,
    [F.yHi]: o.yHi,
  });
  let { yLo, yHi } = o;
  if (yLo === undefined && yHi === undefined && o.y === 'mean' && o.rows.some((r) => 'ci_lo' in r && 'ci_hi' in r)) {
    yLo = 'ci_lo';
    yHi = 'ci_hi';
  }
  requireNumericColumns(o.rows, { [F.y]: o.y, [F.yLo]: yLo, [F.yHi]: yHi });
  requirePairedColumns({ [F.yLo]: yLo, [F.yHi]: yHi });
  const numericX = isNumericColumn(o.rows, o.x);
  const mark = (o.mark ?? (numericX ? 'line' : 'bar')) as SeriesMark;
  if (!(TABLE_MARKS as readonly string[]).includes(mark)) {
    throw new InputError(F.mark, `unknown mark "${o.mark}"; use one of ${TABLE_MARKS.join(', ')}`);
  }
  const interval = o.interval ?? (mark === 'line' && numericX ? 'band' : 'bars');
  if (interval !== 'band' && interval !== 'bars') {
    throw new InputError(F.interval, `unknown interval style "${o.interval}"; use band or bars`);
  }
  return seriesFigure({
    ...o,
    yLo,
    yHi,
    mark,
    interval,
    logX: o.logX ?? false,
    logY: o.logY ?? false,
    xTitle: o.xTitle ?? o.x,
    yTitle: o.yTitle ?? o.y,
    colorTitle: o.colorTitle ?? o.color ?? '',
  });
}

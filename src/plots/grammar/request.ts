import type { FigureOptions } from '../layout/compose.js';
import type { PlotRow } from '../types.js';
import type { PlotFilter } from './filter.js';
import type { LogRequest } from './log-choice.js';
import type { MergeAdvice } from './marks.js';

/** The encodings of a figure: which column goes to which channel. */
export interface Encodings {
  /** x axis (any column). */
  readonly x: string;
  /** y axis (numeric), with an optional interval `yLo`–`yHi` and the standard error `se` of `y` (for averaging). */
  readonly y: string;
  readonly yLo?: string;
  readonly yHi?: string;
  readonly se?: string;
  /** Series channels: colour, point shape, line dash. */
  readonly color?: string;
  readonly shape?: string;
  readonly dash?: string;
  /** Small multiples: a grid (`row` × `column`), or a wrapped list of panels (`facet`). */
  readonly row?: string;
  readonly column?: string;
  readonly facet?: string;
}

/** The channels of {@link Encodings} that place or separate marks, in the order they are reported. */
export const KEY_CHANNELS = ['x', 'color', 'shape', 'dash', 'row', 'column', 'facet'] as const;
export type KeyChannel = (typeof KEY_CHANNELS)[number];

/** Every channel that names a column. */
export const COLUMN_CHANNELS = [...KEY_CHANNELS, 'y', 'yLo', 'yHi', 'se'] as const;
export type ColumnChannel = (typeof COLUMN_CHANNELS)[number];

/** A reference curve drawn dashed over the data, sharing its x and series (a convergence bound). */
export interface ReferenceCurve {
  readonly column: string;
  /** Legend label of the line style (e.g. `Prop. VI.1 bound`). */
  readonly label: string;
}

/**
 * A figure in the plot grammar (docs/plots/README.md): rows of a results table, encodings, filters, and how to
 * treat rows that share a mark. Every figure `gradcode plot`, `gradcode run`, `gradcode train` and `gradcode report`
 * draw goes through {@link grammarFigure}, which refuses to merge rows silently.
 */
/**
 * How a figure looks, apart from its columns: marks, intervals, scales, labels and reference curves. Shared by the
 * grammar's request and the figure settings a user writes (src/figures/figure-request.ts).
 */
export interface FigureStyle {
  /** `line` (default for a numeric x), `point`, or `bar` (default otherwise; grouped by colour, never stacked). */
  readonly mark?: 'line' | 'point' | 'bar';
  /** Interval style: a band (lines over a numeric x) or error bars. */
  readonly interval?: 'band' | 'bars';
  /** Point marks on lines; default only when no series has more than 30 points. */
  readonly points?: boolean;
  /** Line interpolation: `linear` (default) or `step-after` (a CDF). */
  readonly interpolate?: 'linear' | 'step-after';
  /** Axis scales; `auto` (the default) decides from the data (`chooseLogScale`). */
  readonly logX?: LogRequest;
  readonly logY?: LogRequest;
  /** A fixed y domain (e.g. [0, 1] for a fraction). */
  readonly yDomain?: readonly [number, number];
  /** Human labels of columns (axis titles, legend titles, facet headers); a column without one shows its name. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Explicit titles, overriding the labels. */
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly colorTitle?: string;
  /** Reference curves drawn dashed (convergence bounds). */
  readonly references?: readonly ReferenceCurve[];
  /** Legend label of the data's own line style when references are drawn (default `Measured mean (95% CI)`). */
  readonly measuredLabel?: string;
  /** Tooltips listing the mark's key columns, value and interval (interactive pages; no effect on static SVG). */
  readonly tooltip?: boolean;
}

export interface GrammarRequest
  extends Encodings,
    FigureStyle,
    Omit<FigureOptions, 'facet' | 'facetRow' | 'facetColumn'> {
  readonly rows: readonly PlotRow[];
  /** Row filters (`--where column=value`). */
  readonly where?: readonly PlotFilter[];
  /** `none` (default): refuse a mark that gets several rows; `mean`: average them (see `aggregateMean`). */
  readonly aggregate?: 'none' | 'mean';
  /**
   * Columns that can tell rows apart (sweep axes first, then descriptive columns), for the message that names what
   * still varies inside a mark and for nothing else.
   */
  readonly candidates: readonly string[];
  /**
   * Column holding the backend's precision floor of `y` (e.g. `error_floor`): when a plotted value is positive and at
   * or below it, the region under the floor is shaded and labelled as round-off.
   */
  readonly floorColumn?: string;
  /** How each channel is named in errors (`--x`, `plots[0].x`); defaults to the channel name. */
  readonly fields?: Partial<Record<ColumnChannel | 'where' | 'encodings' | 'mark' | 'references', string>>;
  /** What a merge error suggests (flags of the CLI, or keys of a spec entry). */
  readonly advice?: MergeAdvice;
}

/** What {@link grammarFigure} drew besides the spec: the rows it used and notes for the user. */
export interface GrammarNotes {
  /** Rows after filtering (and averaging), one per mark. */
  readonly rows: number;
  /** Messages worth printing (averaged rows, intervals recomputed on a log axis, shaded round-off floor). */
  readonly notes: string[];
}

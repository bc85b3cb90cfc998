import type { TopLevelSpec } from 'vega-lite';

/** One cell of a tidy table: a number, a label, a flag, or missing. */
export type PlotValue = number | string | boolean | null;

/**
 * One tidy row — one per cell, per (cell, T) or per iteration — with statistics precomputed upstream in TypeScript
 * (`mean`, `ci_lo`, `ci_hi`, `std`, `p50`, …); plots never resample.
 */
export type PlotRow = Record<string, PlotValue>;

/** A complete Vega-Lite specification (data inlined), as returned by every template. */
export type PlotSpec = TopLevelSpec;

/** Vega-Lite value type of a column. */
export type FieldType = 'quantitative' | 'ordinal' | 'nominal';

import type { LogAxis } from '../style/log-axis.js';
import type { FieldType, PlotRow } from '../types.js';
import type { ChannelDef } from './series.js';

/** A positional channel with an explicit title (identical in every layer, so Vega-Lite never merges titles). */
export function positionChannel(field: string, type: FieldType, title: string, extra: ChannelDef = {}): ChannelDef {
  return { field, type, title, ...extra };
}

/** Scale and axis properties of a log-scale channel: fixed domain, ticks only at {@link LogAxis.values}. */
export function logScaleProps(axis: LogAxis): ChannelDef {
  return {
    scale: { type: 'log', domain: axis.domain },
    axis: { values: axis.values, labelExpr: axis.labelExpr },
  };
}

/**
 * Axis properties of a linear quantitative channel: when every value of `field` is an integer (stragglers s, workers
 * N, degree d) the ticks stay on integers and print without decimals, so an axis over 1..10 does not read
 * 1.0, 1.5, 2.0, ….
 */
export function linearAxisProps(rows: readonly PlotRow[], field: string): ChannelDef {
  let any = false;
  for (const row of rows) {
    const v = row[field];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) return {};
    any = true;
  }
  return any ? { axis: { tickMinStep: 1, format: 'd' } } : {};
}

/** Whether a line with this many points per series should also mark each point (dense curves stay plain lines). */
export function markPoints(pointsPerSeries: number): boolean {
  return pointsPerSeries <= MAX_MARKED_POINTS;
}

/** Most points per series that still get individual point marks by default. */
export const MAX_MARKED_POINTS = 30;

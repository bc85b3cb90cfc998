import type { LogAxis } from '../style/log-axis.js';
import type { FieldType } from '../types.js';
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

/** Whether a line with this many points per series should also mark each point (dense curves stay plain lines). */
export function markPoints(pointsPerSeries: number): boolean {
  return pointsPerSeries <= MAX_MARKED_POINTS;
}

/** Most points per series that still get individual point marks by default. */
export const MAX_MARKED_POINTS = 30;

import { positionChannel } from './axes.js';
import type { ChannelDef } from './series.js';

/** One Vega-Lite layer as plain JSON. */
export type Layer = Record<string, unknown>;

/** The y channel shared by a template's layers: title and scale props repeated verbatim in every layer. */
export interface YChannel {
  title: string;
  /** Extra channel props (log `scale` and `axis`, a fixed domain). */
  props?: ChannelDef;
}

/** Encodings added to every layer (e.g. `xOffset` for grouped bars, `strokeDash` for a legend by datum). */
export type ExtraEncoding = Record<string, ChannelDef>;

function yOf(field: string, y: YChannel): ChannelDef {
  return positionChannel(field, 'quantitative', y.title, y.props ?? {});
}

/** A CI band between two precomputed columns (never `extent: 'ci'`, which bootstraps at random). */
export function bandLayer(lo: string, hi: string, y: YChannel, extra: ExtraEncoding = {}): Layer {
  return { mark: { type: 'errorband' }, encoding: { y: yOf(lo, y), y2: { field: hi }, ...extra } };
}

/** CI error bars between two precomputed columns, with end ticks. */
export function errorBarLayer(lo: string, hi: string, y: YChannel, extra: ExtraEncoding = {}): Layer {
  return { mark: { type: 'errorbar', ticks: true }, encoding: { y: yOf(lo, y), y2: { field: hi }, ...extra } };
}

/** A line through `field`; `interpolate` e.g. `step-after` for a CDF. */
export function lineLayer(field: string, y: YChannel, extra: ExtraEncoding = {}, interpolate?: string): Layer {
  return { mark: { type: 'line', ...(interpolate ? { interpolate } : {}) }, encoding: { y: yOf(field, y), ...extra } };
}

/** Filled point marks at `field`. */
export function pointLayer(field: string, y: YChannel, extra: ExtraEncoding = {}): Layer {
  return { mark: { type: 'point' }, encoding: { y: yOf(field, y), ...extra } };
}

/** Bars from zero to `field`, or from `field` to `to` (a box between two quantiles). */
export function barLayer(field: string, y: YChannel, extra: ExtraEncoding = {}, to?: string): Layer {
  return { mark: { type: 'bar' }, encoding: { y: yOf(field, y), ...(to ? { y2: { field: to } } : {}), ...extra } };
}

/** A tick (short horizontal stroke across the band) at `field`, e.g. a box plot's median. */
export function tickLayer(field: string, y: YChannel, extra: ExtraEncoding = {}): Layer {
  return { mark: { type: 'tick' }, encoding: { y: yOf(field, y), ...extra } };
}

/** A vertical rule from `field` to `to`, e.g. a box plot's whiskers. */
export function ruleLayer(field: string, to: string, y: YChannel, extra: ExtraEncoding = {}): Layer {
  return { mark: { type: 'rule' }, encoding: { y: yOf(field, y), y2: { field: to }, ...extra } };
}

import { InputError } from '../../errors.js';
import { requireColumns, requireNumericColumns, requirePairedColumns } from '../data/columns.js';
import { distinctValues, isNumericColumn } from '../data/field-type.js';
import { largestGroup } from '../data/groups.js';
import { prepareLogRows } from '../data/log-rows.js';
import { linearAxisProps, logScaleProps, markPoints, positionChannel } from '../layout/axes.js';
import { composeFigure, figureContentWidth } from '../layout/compose.js';
import {
  bandLayer,
  barLayer,
  type ExtraEncoding,
  errorBarLayer,
  type Layer,
  lineLayer,
  pointLayer,
  type YChannel,
} from '../layout/layers.js';
import {
  type ChannelDef,
  LEGEND_WRAP_PX,
  legendColumns,
  STROKE_SYMBOL_SIZE,
  seriesChannels,
} from '../layout/series.js';
import { wrappedLabelExpr, wrappedTitle } from '../layout/wrap-text.js';
import { FONT_SIZES, LABEL_LIMITS } from '../style/config.js';
import { LINE_DASHES, POINT_SHAPES } from '../style/palette.js';
import type { PlotRow, PlotSpec, PlotValue } from '../types.js';
import { applyFilters } from './filter.js';
import { chooseLogScale } from './log-choice.js';
import { logIntervalRows } from './log-interval.js';
import { aggregateMean, requireOneRowPerMark } from './marks.js';
import { type GrammarNotes, type GrammarRequest, KEY_CHANNELS } from './request.js';

/** Default advice of a merge error (the `gradcode plot` flags). */
const CLI_ADVICE = {
  encodings: ['--color', '--shape', '--dash', '--row', '--column', '--facet'],
  filter: '--where',
  aggregate: '--aggregate mean',
} as const;

/** Key of the flag marking the first row of each panel (the one that draws the precision-floor band). */
const FLOOR_FLAG = '__gradcode_floor_row';

/** The title of a column: its human label, else its name. */
function titleOf(req: GrammarRequest, column: string): string {
  return req.labels?.[column] ?? column;
}

/** A discrete channel (shape, dash) in spec order with a wrapped legend. */
function discreteChannel(
  rows: readonly PlotRow[],
  field: string,
  title: string,
  widthPx: number,
  extra: ChannelDef = {},
): ChannelDef {
  const values = distinctValues(rows, field);
  const labels = values.map(String);
  const labelExpr = wrappedLabelExpr(labels, LEGEND_WRAP_PX, FONT_SIZES.label);
  return {
    field,
    type: 'nominal',
    title,
    sort: values,
    legend: { columns: legendColumns(labels, title, widthPx), ...(labelExpr ? { labelExpr } : {}) },
    ...extra,
  };
}

/** Marks the first row of every panel, so that a layer filtered on the flag draws once per panel. */
function flagFirstRowPerPanel(rows: readonly PlotRow[], panelKeys: readonly string[]): PlotRow[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    const key = JSON.stringify(panelKeys.map((k) => row[k] ?? null));
    const first = !seen.has(key);
    seen.add(key);
    return { ...row, [FLOOR_FLAG]: first };
  });
}

/** The largest positive finite value of `column` in `rows`, or undefined. */
function largest(rows: readonly PlotRow[], column: string): number | undefined {
  let best: number | undefined;
  for (const r of rows) {
    const v = r[column];
    if (typeof v === 'number' && v > 0 && Number.isFinite(v) && (best === undefined || v > best)) best = v;
  }
  return best;
}

/**
 * Draws a figure of the plot grammar (see {@link GrammarRequest}) as a Vega-Lite spec in the publication style:
 * 1. checks every named column exists and filters the rows (`where`);
 * 2. requires one row per mark — the values of x, colour, shape, dash and the facets pick one row each — or, with
 *    `aggregate: mean`, averages the rows of a mark; otherwise it refuses, naming the columns that still vary;
 * 3. picks linear or log scales (`auto`: log where the values span decades, or x is a geometric grid), draws
 *    intervals on a log y axis as the delta-method interval of log(mean), which never reaches zero;
 * 4. orders categories as the rows do (spec order; numbers ascending), labels axes, legends and headers with the
 *    human labels and wraps long labels instead of cutting them;
 * 5. shades the backend's round-off floor when a curve reaches it, and draws reference curves (bounds) dashed.
 * Errors are InputErrors naming the channel's field (`--x`, `plots[0].color`, …).
 */
export function grammarFigure(req: GrammarRequest): { spec: PlotSpec } & GrammarNotes {
  const field = (ch: keyof NonNullable<GrammarRequest['fields']>) => req.fields?.[ch] ?? ch;
  const notes: string[] = [];
  const named: Record<string, string | undefined> = {};
  for (const ch of ['x', 'y', 'yLo', 'yHi', 'se', 'color', 'shape', 'dash', 'row', 'column', 'facet'] as const)
    named[field(ch)] = req[ch];
  if (req.floorColumn) named.floor = req.floorColumn;
  requireColumns(req.rows, named);
  for (const ref of req.references ?? []) requireColumns(req.rows, { [field('references')]: ref.column });
  if (req.facet !== undefined && (req.row !== undefined || req.column !== undefined)) {
    throw new InputError(field('facet'), 'use either a wrapped facet or a row/column grid, not both');
  }
  let rows: PlotRow[] = applyFilters(req.rows, req.where ?? []);
  requireNumericColumns(rows, { [field('y')]: req.y, [field('yLo')]: req.yLo, [field('yHi')]: req.yHi });
  requirePairedColumns({ [field('yLo')]: req.yLo, [field('yHi')]: req.yHi });
  const numericX = isNumericColumn(rows, req.x);
  const mark = req.mark ?? (numericX ? 'line' : 'bar');
  if (mark === 'bar' && (req.shape !== undefined || req.dash !== undefined)) {
    throw new InputError(
      field(req.shape !== undefined ? 'shape' : 'dash'),
      'bars are told apart by colour only; draw lines or points (mark line/point) to use shape or dash',
    );
  }
  if (req.references?.length && req.dash !== undefined) {
    throw new InputError(field('dash'), 'the line dash already tells the measured curve from its bounds');
  }

  // One row per mark: the key is every channel that places or separates marks.
  const keys = [...new Set(KEY_CHANNELS.map((ch) => req[ch]).filter((c): c is string => c !== undefined))];
  if (req.aggregate === 'mean') {
    const before = rows.length;
    rows = aggregateMean(rows, keys, { y: req.y, yLo: req.yLo, yHi: req.yHi, se: req.se });
    if (rows.length < before)
      notes.push(
        `averaged ${before} rows into ${rows.length} marks (mean of ${req.y}` +
          `${req.yLo ? (req.se ? '; interval of an average of independent estimates' : '; no interval: no standard-error column') : ''})`,
      );
  } else {
    requireOneRowPerMark(rows, keys, req.candidates, field('encodings'), req.advice ?? CLI_ADVICE);
  }
  if (req.logX === true && !(numericX && mark !== 'bar'))
    throw new InputError(field('x'), `a log x axis needs a numeric x drawn as lines or points (${req.x} is not)`);

  // Scales.
  const refs = req.references ?? [];
  const continuousX = numericX && mark !== 'bar';
  const logY = chooseLogScale(rows, [req.y, ...refs.map((r) => r.column)], req.logY ?? 'auto');
  const logX = continuousX && chooseLogScale(rows, [req.x], req.logX ?? 'auto', true);
  const y: YChannel = { title: req.yTitle ?? titleOf(req, req.y) };
  let floor: number | undefined;
  let axisBottom = 0;
  if (logY) {
    if (req.yLo && req.yHi) {
      const drawn = logIntervalRows(rows, req.y, req.yLo, req.yHi);
      rows = drawn.rows;
      if (drawn.redrawn > 0)
        notes.push(
          `log y axis: ${drawn.redrawn} interval(s) reaching 0 drawn down to mean²/hi (the upper end reflected about the mean)`,
        );
    }
    const floorValue = req.floorColumn ? largest(rows, req.floorColumn) : undefined;
    const reaches =
      floorValue !== undefined &&
      rows.some((r) => {
        const v = r[req.y];
        return typeof v === 'number' && v > 0 && v <= floorValue;
      });
    floor = reaches ? floorValue : undefined;
    const prepared = prepareLogRows(rows, {
      values: [req.y, ...refs.map((r) => r.column), ...(floor !== undefined ? [req.floorColumn!] : [])],
      lower: req.yLo ? [req.yLo] : [],
      upper: req.yHi ? [req.yHi] : [],
    });
    rows = prepared.rows;
    y.props = logScaleProps(prepared.axis);
    axisBottom = prepared.axis.domain[0];
    if (floor !== undefined) notes.push(`values at or below ${shortNumber(floor)} are the backend's round-off`);
  } else if (req.yDomain) {
    y.props = { scale: { domain: [...req.yDomain] } };
  }
  let xProps: ChannelDef = continuousX ? linearAxisProps(rows, req.x) : { axis: { labelAngle: 0 } };
  if (logX) {
    const prepared = prepareLogRows(rows, { values: [req.x] });
    rows = prepared.rows;
    xProps = logScaleProps(prepared.axis);
  }

  // Series channels.
  const width = figureContentWidth(req);
  const panels = [req.row, req.column, req.facet].filter((c): c is string => c !== undefined);
  const pointsOnLine =
    mark === 'line' &&
    (req.points ?? (req.shape !== undefined || markPoints(largestGroup(rows, [req.color, req.dash, ...panels]))));
  const symbol = mark === 'bar' ? 'square' : mark === 'line' && !pointsOnLine ? 'stroke' : undefined;
  const colorTitle = req.colorTitle ?? (req.color ? titleOf(req, req.color) : '');
  const series = req.color ? seriesChannels(rows, req.color, colorTitle, width, symbol) : undefined;
  const shape = req.shape
    ? discreteChannel(rows, req.shape, titleOf(req, req.shape), width, { scale: { range: POINT_SHAPES } })
    : series?.shape;
  const dash = req.dash
    ? discreteChannel(rows, req.dash, titleOf(req, req.dash), width, {
        scale: { range: LINE_DASHES },
        legend: {
          columns: legendColumns(distinctValues(rows, req.dash).map(String), titleOf(req, req.dash), width),
          symbolType: 'stroke',
          symbolSize: STROKE_SYMBOL_SIZE,
        },
      })
    : undefined;
  const styles = refs.length ? [req.measuredLabel ?? 'Measured mean (95% CI)', ...refs.map((r) => r.label)] : [];
  const stylesExpr = wrappedLabelExpr(styles, LEGEND_WRAP_PX, FONT_SIZES.label);
  const styleDash = (label: string): ExtraEncoding => ({
    strokeDash: {
      datum: label,
      type: 'nominal',
      title: null,
      scale: { domain: styles, range: styles.map((_, k) => LINE_DASHES[Math.min(k, LINE_DASHES.length - 1)]) },
      legend: {
        columns: legendColumns(styles, null, width),
        symbolType: 'stroke',
        symbolSize: STROKE_SYMBOL_SIZE,
        ...(stylesExpr ? { labelExpr: stylesExpr } : {}),
      },
    },
  });

  // Layers.
  const offset: ExtraEncoding =
    mark === 'bar' && series ? { xOffset: { field: req.color, type: series.color.type, sort: series.color.sort } } : {};
  const layer: Layer[] = [];
  if (floor !== undefined) {
    const label = `${floorLabel(rows, req.floorColumn!)} (≤ ${shortNumber(floor)})`;
    rows = flagFirstRowPerPanel(rows, panels);
    const only = [{ filter: `datum.${FLOOR_FLAG}` }];
    layer.push({
      transform: only,
      mark: { type: 'rect', opacity: 0.16 },
      encoding: {
        color: { value: '#7f7f7f' },
        x: { value: 0 },
        x2: { value: 'width' },
        y: { datum: floor, type: 'quantitative', ...y.props, title: y.title },
        y2: { datum: axisBottom },
      },
    });
    layer.push({
      transform: only,
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 2, fontSize: FONT_SIZES.label - 1 },
      encoding: {
        x: { value: 0 },
        y: { datum: floor, type: 'quantitative', ...y.props, title: y.title },
        text: { value: label },
        color: { value: '#4d4d4d' },
      },
    });
  }
  const hasInterval = req.yLo !== undefined && req.yHi !== undefined;
  const interval = req.interval ?? (mark === 'line' && continuousX ? 'band' : 'bars');
  const interpolate = req.interpolate === 'step-after' ? 'step-after' : undefined;
  if (hasInterval && interval === 'band' && continuousX) {
    const band = bandLayer(req.yLo!, req.yHi!, y);
    layer.push(interpolate ? { ...band, mark: { type: 'errorband', interpolate } } : band);
  }
  if (mark === 'bar') layer.push({ ...barLayer(req.y, y, offset), mark: { type: 'bar', stack: null } });
  if (mark === 'line') {
    const lineDash: ExtraEncoding = dash ? { strokeDash: dash } : styles.length ? styleDash(styles[0]) : {};
    layer.push(lineLayer(req.y, y, lineDash, interpolate));
  }
  if (mark === 'point' || pointsOnLine) layer.push(pointLayer(req.y, y, shape ? { shape } : {}));
  if (hasInterval && (interval === 'bars' || !continuousX)) {
    const barColor: ExtraEncoding = mark === 'bar' ? { color: { value: '#000000' } } : {};
    layer.push(errorBarLayer(req.yLo!, req.yHi!, y, { ...offset, ...barColor }));
  }
  for (const ref of refs) layer.push(lineLayer(ref.column, y, styleDash(ref.label), interpolate));

  // Shared encodings.
  const xValues = continuousX ? [] : distinctValues(rows, req.x);
  const xTitleText = req.xTitle ?? titleOf(req, req.x);
  // Panels side by side: the grid's columns, or as many wrapped panels per row as compose lays out.
  const wrapped = req.facet ? distinctValues(rows, req.facet).length : 0;
  const across = req.facet
    ? Math.max(1, Math.min(wrapped, req.facetColumns ?? (width < 480 ? 2 : 3)))
    : Math.max(1, req.column ? distinctValues(rows, req.column).length : 1);
  const panelWidth = Math.max(60, width / across - 40);
  if (!continuousX) {
    const band = Math.min(LABEL_LIMITS.axis - 10, Math.max(40, panelWidth / Math.max(1, xValues.length) - 4));
    const labelExpr = wrappedLabelExpr(xValues.map(String), band, FONT_SIZES.label);
    xProps = { ...xProps, sort: xValues, axis: { labelAngle: 0, ...(labelExpr ? { labelExpr } : {}) } };
  }
  const encoding: Record<string, ChannelDef> = {
    x: positionChannel(
      req.x,
      continuousX ? 'quantitative' : numericX ? 'ordinal' : 'nominal',
      wrappedTitle(xTitleText, panelWidth, FONT_SIZES.axisTitle) as string,
      xProps,
    ),
    ...(series ? { color: series.color } : {}),
  };
  const tooltip = req.tooltip ? tooltipChannels(req, rows, keys) : [];
  if (req.tooltip) encoding.tooltip = tooltip as unknown as ChannelDef;
  // Only the columns some channel reads travel with the figure (the SVG's spec and the report's page stay small).
  const used = new Set([
    ...keys,
    req.y,
    ...[req.yLo, req.yHi, req.floorColumn].filter((c): c is string => c !== undefined),
    ...refs.map((r) => r.column),
    ...tooltip.map((t) => t.field as string),
    'backend',
    'rows_averaged',
    FLOOR_FLAG,
  ]);
  const projected = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => used.has(k))));
  const spec = composeFigure(
    { rows: projected, layer, encoding },
    {
      size: req.size,
      title: req.title,
      fontFamily: req.fontFamily,
      facet: req.facet,
      facetTitle: req.facet ? titleOf(req, req.facet) : undefined,
      facetColumns: req.facetColumns,
      facetRow: req.row,
      facetColumn: req.column,
      rowTitle: req.row ? titleOf(req, req.row) : undefined,
      columnTitle: req.column ? titleOf(req, req.column) : undefined,
    },
  );
  return { spec, rows: rows.length, notes };
}

/** Tooltip fields: the key columns, the value and its interval (interactive report pages). */
function tooltipChannels(req: GrammarRequest, rows: readonly PlotRow[], keys: readonly string[]): ChannelDef[] {
  const columns = [...keys, req.y, ...(req.yLo && req.yHi ? [req.yLo, req.yHi] : []), 'rows_averaged'];
  return [...new Set(columns)]
    .filter((c) => rows.some((r) => r[c] !== undefined))
    .map((c) => ({
      field: c,
      type: isNumericColumn(rows, c) ? 'quantitative' : 'nominal',
      title: titleOf(req, c),
      ...(isNumericColumn(rows, c) ? { format: '.4~g' } : {}),
    }));
}

/** Two significant digits, exponential below 10⁻³: `6e-6`, `0.012`, `1.1e-14`. */
function shortNumber(x: number): string {
  return Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(1).replace(/\.0e/, 'e') : String(+x.toPrecision(2));
}

/** `f32 round-off`, `f64 round-off`, or both, from the `backend` column of the rows drawn. */
function floorLabel(rows: readonly PlotRow[], floorColumn: string): string {
  const kinds = new Set<PlotValue>(rows.filter((r) => r[floorColumn] !== undefined).map((r) => r.backend ?? null));
  const names = [...kinds].map((k) => (k === 'webgpu' ? 'f32' : k === 'cpu' ? 'f64' : 'backend'));
  return `${[...new Set(names)].join('/')} round-off`;
}

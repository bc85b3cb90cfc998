import { z } from 'zod';

/** Templates a spec's `plots` entries can name: presets of the plot grammar (docs/plots/README.md). */
export const SPEC_PLOT_TEMPLATES = [
  'error-vs-time',
  'completion-time',
  'table',
  'completion-cdf',
  'ordering-comparison',
  'code-comparison',
  'convergence',
  'convergence-bound',
  'gradient-error',
  'loss-vs-time',
] as const;

/** A spec plot's template name. */
export type SpecPlotTemplate = (typeof SPEC_PLOT_TEMPLATES)[number];

const column = z.string().min(1);
const columnDoc = 'a column of the results tables (docs/results-schema.md), or a sweep axis by its spec path';

/**
 * One entry of a spec's `plots` list: a figure drawn from the results tables when a run completes (and by `gradcode
 * merge` / `resume`, and `gradcode plot DIR`). A template is a preset of the plot grammar: its defaults fill what the
 * entry leaves out, and every key of the entry is honoured. Column names are those of docs/results-schema.md; a sweep
 * axis may also be named by its spec path (`stragglers.slow.factor`) or its schema-1 name (`axis.<path>`).
 */
export const SpecPlotSchema = z.strictObject({
  template: z
    .enum(SPEC_PLOT_TEMPLATES)
    .describe(
      'which figure preset (its defaults fill what the entry leaves out; docs/plots/README.md): ' +
        SPEC_PLOT_TEMPLATES.join(', '),
    ),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a file name of letters, digits, ".", "_" and "-"')
    .optional()
    .describe('file name under DIR/plots/ without extension; default the template (-2, -3, … when repeated)'),
  table: z
    .enum(['cells', 'curve', 'train', 'schemes'])
    .optional()
    .describe('table the rows come from; default the template’s'),
  formats: z
    .array(z.enum(['svg', 'png', 'pdf']))
    .min(1)
    .optional()
    .describe('files to write (default svg and png)'),
  x: column.optional().describe(`x axis: ${columnDoc}`),
  y: column.optional().describe(`y axis, numeric: ${columnDoc}; a *_mean column gets its *_ci_lo/*_ci_hi interval`),
  yLo: column.nullable().optional().describe('lower interval end (null: no interval)'),
  yHi: column.nullable().optional().describe('upper interval end (null: no interval)'),
  color: column.nullable().optional().describe('one colour per value'),
  shape: column.optional().describe('one point shape per value'),
  dash: column.optional().describe('one line dash per value'),
  row: column.optional().describe('one row of panels per value'),
  column: column.optional().describe('one column of panels per value'),
  facet: column.optional().describe('one panel per value, wrapped into rows'),
  ordering: column.optional().describe('ordering-comparison: the ordering column (its colour)'),
  bound: column.optional().describe('convergence-bound: a bound column drawn dashed'),
  where: z
    .record(
      z.string(),
      z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]),
    )
    .optional()
    .describe('keep rows whose column equals the value (or one of the values), e.g. {protocol: partial}'),
  aggregate: z
    .enum(['none', 'mean'])
    .optional()
    .describe('none (default): every mark is one row; mean: average the rows that share a mark'),
  labels: z
    .record(z.string(), z.string())
    .optional()
    .describe('human labels of columns for this figure (axis titles, legends, panel headers)'),
  mark: z.enum(['line', 'point', 'bar']).optional().describe('line, point or bar (default: line over a numeric x)'),
  interval: z.enum(['band', 'bars']).optional().describe('how the y interval is drawn: a band or error bars'),
  logX: z
    .union([z.boolean(), z.literal('auto')])
    .optional()
    .describe('log x axis (auto: from the data)'),
  logY: z
    .union([z.boolean(), z.literal('auto')])
    .optional()
    .describe('log y axis (auto: from the data)'),
  step: z.boolean().optional().describe('step-after lines (a CDF)'),
  points: z.boolean().optional().describe('point marks on lines (default: only for short series)'),
  title: z.string().optional().describe('figure title (none by default: papers put titles in captions)'),
  xTitle: z.string().optional().describe('x axis title (default: the column’s label with units)'),
  yTitle: z.string().optional().describe('y axis title (default: the column’s label with units)'),
  colorTitle: z.string().optional().describe('colour legend title (default: the column’s label)'),
  facetColumns: z.number().int().positive().optional().describe('panels per row of a wrapped facet'),
  size: z
    .union([
      z.enum(['column', 'page']),
      z.strictObject({
        widthIn: z.number().positive().max(40).describe('figure width in inches (axes, legend and title included)'),
        heightIn: z.number().positive().max(40).describe('figure height in inches'),
      }),
    ])
    .optional()
    .describe('column (3.5 in wide, default), page (7 in), or {widthIn, heightIn}'),
});

/** A validated `plots` entry. */
export type SpecPlot = z.infer<typeof SpecPlotSchema>;

/** A spec's top-level `labels:` map: human labels of result columns for every figure (column → text). */
export const SpecLabelsSchema = z
  .record(z.string(), z.string().min(1))
  .describe('human labels of result columns used by every figure, e.g. {stragglers_slow_factor: "Slowdown ×"}');

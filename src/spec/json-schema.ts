import { z } from 'zod';
import { CODE_FAMILIES } from '../codes/registry.js';
import { decoderNames } from '../decoders/registry.js';
import { CellSpecSchema, SpecSchema } from './cell-schema.js';
import { SpecPlotSchema } from './plot-schema.js';

/** URI the schema names itself with (`$id`); editors only need it to be stable. */
export const SPEC_SCHEMA_ID = 'https://gradcode.dev/schema/spec.json';

/**
 * The JSON Schema (draft 2020-12) of a spec file for editor completion and validation (`gradcode schema`). It is
 * {@link SpecSchema} with `defaults` and each of `cells` typed as a partial cell ({@link CellSpecSchema} with every key
 * optional), so editors complete cell keys; refinements that JSON Schema cannot express (e.g. `to > from`, codes
 * that cannot be built) are still checked by gradcode itself.
 */
export function specJsonSchema(): Record<string, unknown> {
  const partialCell = CellSpecSchema.partial();
  const editorSchema = SpecSchema.extend({
    defaults: partialCell.optional(),
    cells: z.array(partialCell).min(1).optional(),
    plots: z.array(SpecPlotSchema).optional(),
  });
  const schema = z.toJSONSchema(editorSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  describe(properties, SPEC_KEY_DOCS);
  describe(properties.defaults.properties as Record<string, Record<string, unknown>>, cellKeyDocs());
  const cellItems = (properties.cells as { items: { properties: Record<string, Record<string, unknown>> } }).items;
  describe(cellItems.properties, cellKeyDocs());
  return {
    $schema: schema.$schema,
    $id: SPEC_SCHEMA_ID,
    title: 'gradcode sweep spec',
    description:
      'A gradcode experiment: defaults, explicit cells and sweep axes (grid, zip) over codes, straggler models, ' +
      'protocols, decoders, orderings, T grids, trials and seeds. See `gradcode run --help`.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** Descriptions of the top-level spec keys (shown by editors). */
const SPEC_KEY_DOCS: Record<string, string> = {
  name: 'Experiment name; the default results directory is results/<name>-<UTC time>.',
  description: 'Free text, kept in spec.resolved.json (not part of the spec hash).',
  seed: 'Default seed of every cell (a non-negative integer, or a decimal string below 2^64).',
  defaults: 'Cell keys every cell starts from.',
  cells: 'Explicit cells, each merged over `defaults`; default: one cell made of the defaults.',
  sweep:
    'Sweep axes: `grid` (cartesian product) and `zip` (advance together); keys are dotted cell paths such as ' +
    '`code.N`, `stragglers.failures.p`, `protocol`.',
  plots:
    'Figures drawn into DIR/plots/ when the results are complete: {template: error-vs-time | completion-time | table, ' +
    'table, x, y, yLo, yHi, color, facet, name, title, size, mark, logX, logY, formats}; columns of docs/results-schema.md.',
};

function cellKeyDocs(): Record<string, string> {
  return {
    label: 'Free-form label for tables and plots (the `scheme` column).',
    code: `Code: a compact string such as "frc:N=12,s=3" or {family, ...params}. Families: ${CODE_FAMILIES.map((f) => f.id).join(', ')}.`,
    order: 'Processing order: natural | optimal | random:SEED | path of an order file (JSON).',
    heuristic: 'Allow the local-search heuristic when `optimal` meets a non-regular assignment.',
    protocol: 'original | partial | tandon-partial | erasure.',
    parts: 'ℓ for `partial` (default: the code’s ℓ); for `original` it must equal the code’s ℓ.',
    decoder: `Decoder of the original protocol’s error curve: ${decoderNames.join(', ')}.`,
    collect: '`erasure` only: stop after this many arrivals (default N).',
    stragglers: 'Straggler and time model: chunkTime, speed, slow, failures, fixedSet, bursty, trace.',
    tGrid: 'Times T for the error curve: a list (numbers or "inf") or {from, to, points, scale: linear|log}.',
    normalize: 'Divide errors by m (default true).',
    trials: 'Monte-Carlo trials of the cell (the maximum, with `adaptive`).',
    seed: 'Seed of every Philox draw of the cell (default: the spec’s seed).',
    adaptive: 'Stop once the 95% CI half-width of a mean is below relativeHalfWidth × |mean|.',
    stream: 'Counter word of the cell (default: a hash of the straggler model and N: common random numbers).',
  };
}

function describe(properties: Record<string, Record<string, unknown>>, docs: Record<string, string>): void {
  for (const [key, text] of Object.entries(docs)) if (properties[key]) properties[key].description = text;
}

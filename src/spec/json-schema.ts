import { z } from 'zod';
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
  const spec = SpecSchema.shape;
  const editorSchema = SpecSchema.extend({
    defaults: partialCell.optional().describe(spec.defaults.description ?? ''),
    cells: z
      .array(partialCell.describe('One cell: any cell key, merged over `defaults`.'))
      .min(1)
      .optional()
      .describe(spec.cells.description ?? ''),
    plots: z
      .array(SpecPlotSchema.describe('One figure.'))
      .optional()
      .describe(spec.plots.description ?? ''),
  });
  const schema = z.toJSONSchema(editorSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
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

/** A node of the generated JSON Schema (the parts gradcode reads). */
export interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  additionalProperties?: JsonSchemaNode | boolean;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
}

/** One field of the schema: its dotted path (`[]` for list items, `|k` for the k-th alternative) and node. */
export interface SchemaField {
  readonly path: string;
  readonly node: JsonSchemaNode;
}

/**
 * Every field of a JSON Schema, depth first: each object property, and the properties inside its list items,
 * record values and union alternatives. `gradcode schema`'s test requires a description on each.
 */
export function schemaFields(node: JsonSchemaNode, path = ''): SchemaField[] {
  const out: SchemaField[] = [];
  const visit = (child: JsonSchemaNode, at: string) => {
    for (const [key, value] of Object.entries(child.properties ?? {})) {
      const p = at ? `${at}.${key}` : key;
      out.push({ path: p, node: value });
      visit(value, p);
    }
    if (child.items) visit(child.items, `${at}[]`);
    if (typeof child.additionalProperties === 'object') visit(child.additionalProperties, `${at}{}`);
    for (const [k, alternative] of [...(child.anyOf ?? []), ...(child.oneOf ?? [])].entries())
      visit(alternative, `${at}|${k}`);
  };
  visit(node, path);
  return out;
}

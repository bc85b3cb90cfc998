import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type JsonSchemaNode, schemaFields, specJsonSchema } from '../../src/spec/json-schema.js';
import { renderSchemaMarkdown, SCHEMA_MARKDOWN_BEGIN, SCHEMA_MARKDOWN_END } from '../../src/spec/schema-markdown.js';
import { inProcess, root } from '../sweep/cli-helpers.js';

/** The fields of a JSON Schema that carry no (non-empty) description. */
function undescribed(schema: JsonSchemaNode): string[] {
  return schemaFields(schema)
    .filter(({ node }) => !node.description?.trim())
    .map(({ path }) => path);
}

describe('spec schema descriptions', () => {
  it('every field of `gradcode schema`, nested ones included, has a description', async () => {
    const r = await inProcess('schema');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as JsonSchemaNode;
    const fields = schemaFields(schema).map((f) => f.path);
    // The walk reaches nested keys of every kind: objects in unions, distributions, list items, plot entries.
    for (const path of [
      'defaults.stragglers.speed',
      'defaults.stragglers.slow.factor',
      'defaults.stragglers.chunkTime|3.shift',
      'defaults.tGrid|1.points',
      'cells[].adaptive.relativeHalfWidth',
      'sweep.grid',
      'plots[].template',
    ])
      expect(fields).toContain(path);
    expect(undescribed(schema)).toEqual([]);
    expect(schema.properties?.defaults?.properties?.stragglers?.properties?.speed?.description).toMatch(
      /multiplier.*drawn for each trial and worker/,
    );
  });

  it('the check fails on a field without a description', () => {
    const schema = z.toJSONSchema(
      z.object({ a: z.number().describe('documented'), b: z.object({ c: z.string() }).describe('documented') }),
    ) as JsonSchemaNode;
    expect(undescribed(schema)).toEqual(['b.c']);
  });

  it('docs/sweeps.md holds the key reference generated from the same descriptions', () => {
    const doc = readFileSync(join(root, 'docs/sweeps.md'), 'utf8');
    const begin = doc.indexOf(SCHEMA_MARKDOWN_BEGIN);
    const end = doc.indexOf(SCHEMA_MARKDOWN_END);
    expect(begin, 'docs/sweeps.md lacks the generated key reference').toBeGreaterThanOrEqual(0);
    const inDoc = doc.slice(begin, end + SCHEMA_MARKDOWN_END.length + 1);
    expect(inDoc, 'docs/sweeps.md is stale: paste the output of `gradcode schema --markdown`').toBe(
      renderSchemaMarkdown(specJsonSchema() as JsonSchemaNode),
    );
    expect(inDoc).toMatch(/\| `stragglers\.slow\.factor` \| number > 0 or `"inf"` \|/);
    expect(inDoc).toMatch(/\| `code` \| string or object \(below\) \| required \|/);
  });
});

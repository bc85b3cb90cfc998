import type { z } from 'zod';
import { didYouMean } from '../did-you-mean.js';
import { InputError } from '../errors.js';

/** Formats a zod path as a dotted field name with array indices: `cells[2].stragglers.failures.p`. */
export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(spec)';
}

/**
 * Turns a zod validation failure into one InputError: the field of the first issue, and a one-paragraph message
 * listing every issue with its path. Unknown keys are named, and with the `schema` that failed each gets the closest
 * valid key ("did you mean"); a bad enum value or discriminator (protocol, scale, dist, …) gets the closest valid
 * value when the issue carries its input (parse with `reportInput: true`, as {@link parseWith} does).
 */
export function inputErrorFromZod(error: z.ZodError, prefix = '', schema?: z.ZodType): InputError {
  const issues = error.issues.map(explainUnion).map((issue) => {
    const field = formatPath(prefix, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      const known = schema ? knownKeysAt(schema, issue.path) : [];
      const named = keys.map((k) => `"${k}"${didYouMean(k, known)}`);
      return {
        field: keys.length === 1 ? formatPath(field === '(spec)' ? '' : field, [keys[0]]) : field,
        text: `unknown key${keys.length > 1 ? 's' : ''} ${named.join(', ')}`,
      };
    }
    return { field, text: withSuggestion(issue) };
  });
  const [first, ...rest] = issues;
  const more = rest.length ? `; also ${rest.map((i) => `${i.field}: ${i.text}`).join('; ')}` : '';
  return new InputError(first.field, `${first.text}${more}`);
}

/** Parses `value` with `schema`, throwing {@link inputErrorFromZod} on failure. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw inputErrorFromZod(result.error, prefix, schema);
  return result.data;
}

/** An enum or discriminator issue's message with "did you mean" for the input it carries; others unchanged. */
function withSuggestion(issue: Issue): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_value' && typeof input === 'string') {
    const values = (issue as { values: unknown[] }).values.map(String);
    return `"${input}" is not one of ${values.join(', ')}${didYouMean(input, values)}`;
  }
  const options = (issue as { options?: unknown[] }).options;
  const discriminator = (issue as { discriminator?: string }).discriminator;
  if (issue.code === 'invalid_union' && options && discriminator && input && typeof input === 'object') {
    const value = (input as Record<string, unknown>)[discriminator];
    const valid = options.map(String);
    if (typeof value === 'string') return `"${value}" is not one of ${valid.join(', ')}${didYouMean(value, valid)}`;
    return `required (one of ${valid.join(', ')})`;
  }
  return issue.message;
}

/** Internals of a zod 4 schema that {@link knownKeysAt} walks. */
interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { _zod: { def: ZodDef } })._zod.def;

/** The keys of the object schema(s) at `path` inside `schema` (through optional, default, union, array, record). */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: z.ZodType[] = [schema];
  const unwrap = (node: z.ZodType): z.ZodType[] => {
    const def = defOf(node);
    if (def.innerType) return unwrap(def.innerType);
    if (def.type === 'pipe' && def.in) return unwrap(def.in);
    if (def.type === 'lazy' && def.getter) return unwrap(def.getter());
    if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
    return [node];
  };
  for (const key of path) {
    nodes = nodes.flatMap(unwrap).flatMap((node) => {
      const def = defOf(node);
      if (def.type === 'object' && def.shape && typeof key === 'string' && def.shape[key]) return [def.shape[key]];
      if (def.type === 'array' && def.element && typeof key === 'number') return [def.element];
      if (def.type === 'record' && def.valueType) return [def.valueType];
      return [];
    });
  }
  return [
    ...new Set(
      nodes.flatMap(unwrap).flatMap((node) => {
        const def = defOf(node);
        return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
      }),
    ),
  ];
}

type Issue = z.core.$ZodIssue;

/**
 * A union's "Invalid input" says nothing; explain it instead. When every alternative fails on the value's type, say
 * which types are accepted (or that the key is required); when an alternative failed deeper (its shape matched),
 * report that alternative's first issue with its full path, e.g. `code.family` or `tGrid.to`.
 */
function explainUnion(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !('errors' in issue) || issue.errors.length === 0) return issue;
  const branches = issue.errors as Issue[][];
  const depth = (b: Issue[]) => Math.min(...b.map((i) => i.path.length));
  const deepest = branches.reduce((best, b) => (depth(b) > depth(best) ? b : best));
  if (depth(deepest) > 0) {
    const inner = explainUnion(deepest[0]);
    return { ...inner, path: [...issue.path, ...inner.path] };
  }
  const expected = branches.flatMap((b) =>
    b.filter((i) => i.code === 'invalid_type').map((i) => (i as { expected: string }).expected),
  );
  const received = /received (\w+)/.exec(branches[0][0]?.message ?? '')?.[1];
  if (received === 'undefined') return { ...issue, message: `required (${[...new Set(expected)].join(' or ')})` };
  if (expected.length === branches.length)
    return {
      ...issue,
      message: `expected ${[...new Set(expected)].join(' or ')}${received ? `, received ${received}` : ''}`,
    };
  return issue;
}

import type { z } from 'zod';
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
 * listing every issue with its path (unknown keys are named).
 */
export function inputErrorFromZod(error: z.ZodError, prefix = ''): InputError {
  const issues = error.issues.map(explainUnion).map((issue) => {
    const field = formatPath(prefix, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      return {
        field: keys.length === 1 ? formatPath(field === '(spec)' ? '' : field, [keys[0]]) : field,
        text: `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    return { field, text: issue.message };
  });
  const [first, ...rest] = issues;
  const more = rest.length ? `; also ${rest.map((i) => `${i.field}: ${i.text}`).join('; ')}` : '';
  return new InputError(first.field, `${first.text}${more}`);
}

/** Parses `value` with `schema`, throwing {@link inputErrorFromZod} on failure. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw inputErrorFromZod(result.error, prefix);
  return result.data;
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

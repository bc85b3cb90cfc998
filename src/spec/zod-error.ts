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
  const issues = error.issues.map((issue) => {
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

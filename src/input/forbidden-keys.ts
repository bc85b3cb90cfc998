import { InputError } from '../errors.js';

/**
 * Object keys that reach JavaScript's prototype machinery: assigning through them (`obj[key] = …`, spreading,
 * `Object.assign`) can change the prototype of an object or `Object.prototype` itself. A key or a dotted path that
 * comes from a file never contains them (issue 15, item 6).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` is one of {@link FORBIDDEN_KEYS}. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** Throws an InputError on `field` when a segment of a dotted path (e.g. a sweep axis key) is a forbidden key. */
export function checkPathSegments(segments: readonly string[], field: string): void {
  const bad = segments.find(isForbiddenKey);
  if (bad !== undefined)
    throw new InputError(field, `"${bad}" cannot be a key or path segment (it would reach the object prototype)`);
}

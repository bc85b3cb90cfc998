import { InputError } from '../errors.js';
import { LIMITS } from '../limits/limits.js';
import { isForbiddenKey } from './forbidden-keys.js';

/** A parsed value made of plain data only: null, booleans, numbers, strings, arrays and plain objects. */
export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

function describe(value: object): string {
  if (value instanceof Uint8Array) return 'binary data (a YAML !!binary tag)';
  if (value instanceof Date) return 'a timestamp (a YAML !!timestamp tag or an unquoted date)';
  if (value instanceof Set) return 'a set (a YAML !!set tag)';
  if (value instanceof Map) return 'a map with non-string keys (a YAML !!map/!!omap tag or complex key)';
  return `an object of type ${value.constructor?.name ?? 'unknown'}`;
}

/**
 * Checks a value parsed from a file (JSON, YAML) before anything uses it: every object is a plain object whose keys
 * are not `__proto__`, `constructor` or `prototype`; nothing is deeper than {@link LIMITS.nestingDepth}; no special
 * values from YAML tags (binary data, sets, dates); `undefined` counts as absent. Errors are InputErrors on `source` naming the path inside the
 * value, e.g. `spec.yaml: defaults.stragglers: "__proto__" cannot be a key`. Returns the value, typed.
 */
export function checkParsedValue(value: unknown, source: string): PlainValue {
  // Iterative walk (an explicit stack), so a deep value cannot overflow the call stack before the depth check.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  const where = (path: string) => (path ? ` at ${path}` : '');
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function')
        throw new InputError(source, `unsupported value of type ${typeof v}${where(item.path)}`);
      continue;
    }
    if (item.depth >= LIMITS.nestingDepth.value)
      throw new InputError(
        source,
        `nested deeper than ${LIMITS.nestingDepth.value} levels${where(item.path)} (limits.nestingDepth)`,
      );
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], path: `${item.path}[${i}]`, depth: item.depth + 1 });
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null)
      throw new InputError(source, `${describe(v)}${where(item.path)} is not supported; use plain values`);
    for (const key of Object.keys(v)) {
      const path = item.path ? `${item.path}.${key}` : key;
      if (isForbiddenKey(key))
        throw new InputError(
          source,
          `"${key}" cannot be a key${where(item.path)} (it would reach the object prototype)`,
        );
      stack.push({ value: (v as Record<string, unknown>)[key], path, depth: item.depth + 1 });
    }
  }
  return value as PlainValue;
}

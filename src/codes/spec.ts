import { didYouMean } from '../did-you-mean.js';
import { InputError } from '../errors.js';
import { parseDecimal } from '../input/decimal.js';
import { isForbiddenKey } from '../input/forbidden-keys.js';
import { parseJsonText } from '../input/parse-json.js';
import { excerpt } from '../input/terminal-text.js';
import { checkCodeSize } from './code-size.js';
import {
  type BuildContext,
  CODE_FAMILIES,
  type CodeFamily,
  findCodeFamily,
  type ParamSpec,
  type ParamValue,
  type ResolvedCodeSpec,
} from './registry.js';
import type { GradientCode } from './types.js';

/**
 * Code specs in two forms that share one schema per family (registry.ts):
 *  - compact strings: `family[:variant][:k=v,k=v,…]`, e.g. `frc:N=12,s=3`, `bibd:pg2:q=3`, `graph:petersen`,
 *    `heterogeneous:scheme=I,p=[0.1,0.2]`; lists in brackets (`s=[3,1]`); nested codes in parentheses
 *    (`bibd:complement:of=(bibd:pg2:q=3)`, shorthand `bibd:complement:pg2:q=3`; `product:(bibd:fano)x(frc:N=4,s=1)`,
 *    long form `product:left=(…),right=(…)`); a string starting with `{` is read as the JSON object form;
 *  - structured objects (YAML/JSON sweeps): `{family: 'frc', N: 12, s: 3}`, nested codes as strings or objects.
 * Unknown family, unknown parameter or bad value → InputError naming it (prefixed by `options.field`) and listing the
 * valid choices.
 */

/** Options of spec resolution and building. */
export interface CodeSpecOptions {
  /** Straggle probabilities for `heterogeneous` when the spec has no `p` (the CLI's `--p`). */
  readonly p?: readonly number[];
  /** Seed for seeded families when the spec has no `seed` (the CLI's `--seed`); default 0. */
  readonly seed?: number;
  /** Prefix of InputError fields, e.g. `cells[2].code` → `cells[2].code.s`. */
  readonly field?: string;
  /** Directory relative `file:path=…` paths are resolved against. */
  readonly baseDir?: string;
}

/** The structured form: a family id and its parameters as plain values. */
export interface CodeSpecObject {
  readonly family: string;
  readonly [param: string]: unknown;
}

/** Either form. */
export type CodeSpecInput = string | CodeSpecObject;

const fieldOf = (prefix: string | undefined, name: string) => (prefix ? `${prefix}.${name}` : name);

/** Validates a compact string or structured object against the family's schema and fills defaults. */
export function resolveCodeSpec(input: CodeSpecInput, options: CodeSpecOptions = {}): ResolvedCodeSpec {
  if (typeof input === 'string') return resolveString(input, options);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InputError(options.field ?? 'code', 'expected a code string or an object with a "family" field');
  }
  return resolveObject(input, options);
}

/**
 * Builds the code of a resolved spec; InputErrors from the construction get `options.field` as prefix. Its size and
 * construction cost are checked against the limits table first (`checkCodeSize`), so an oversized code is refused
 * before anything is allocated.
 */
export function buildResolvedCode(spec: ResolvedCodeSpec, options: CodeSpecOptions = {}): GradientCode {
  const family = findCodeFamily(spec.family);
  if (!family) throw unknownFamily(spec.family, options.field);
  checkCodeSize(spec, options.field ?? 'code');
  const ctx: BuildContext = {
    baseDir: options.baseDir,
    build: (inner, field) => buildResolvedCode(inner, { ...options, field: fieldOf(options.field, field) }),
  };
  try {
    return family.build(spec.params, ctx);
  } catch (e) {
    if (e instanceof InputError && options.field && !e.field.startsWith(options.field)) {
      throw new InputError(fieldOf(options.field, e.field), e.message.slice(e.field.length + 2));
    }
    throw e;
  }
}

/** Resolves and builds a code from either form. */
export function buildCode(input: CodeSpecInput, options: CodeSpecOptions = {}): GradientCode {
  return buildResolvedCode(resolveCodeSpec(input, options), options);
}

/** Parses a compact code string (as `gradcode inspect` takes it) and builds the code. */
export function parseCodeSpec(text: string, options: CodeSpecOptions = {}): GradientCode {
  return buildCode(text, options);
}

/** The canonical compact string of a resolved spec (every parameter, schema order); parses back to the same spec. */
export function formatCodeSpec(spec: ResolvedCodeSpec): string {
  const family = findCodeFamily(spec.family);
  const names = family ? family.params.map((p) => p.name) : Object.keys(spec.params);
  const parts: string[] = [];
  for (const name of names) {
    const v = spec.params[name];
    if (v === undefined) continue;
    let text: string;
    if (typeof v === 'number' || typeof v === 'string') text = String(v);
    else if (Array.isArray(v)) text = `[${v.join(',')}]`;
    else text = `(${formatCodeSpec(v as ResolvedCodeSpec)})`;
    parts.push(`${name}=${text}`);
  }
  return parts.length > 0 ? `${spec.family}:${parts.join(',')}` : spec.family;
}

function unknownFamily(id: string, prefix: string | undefined): InputError {
  const head = id.split(':')[0];
  const variants = CODE_FAMILIES.filter((f) => f.id.startsWith(`${head}:`)).map((f) => f.id);
  const field = fieldOf(prefix, 'family');
  if (variants.length === 0) {
    const ids = CODE_FAMILIES.map((f) => f.id);
    const heads = [...ids, ...ids.map((f) => f.split(':')[0])];
    return new InputError(field, `unknown code family '${id}'${didYouMean(id, heads)}; valid: ${ids.join(', ')}`);
  }
  const what = id === head ? `'${id}' needs a variant` : `unknown variant '${id}'${didYouMean(id, variants)}`;
  return new InputError(field, `${what}; valid: ${variants.join(', ')}`);
}

/** Splits at `sep` outside () and []. */
function splitTopLevel(text: string, sep: string, field: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth < 0) throw new InputError(field, `unbalanced '${c}' in '${text}'`);
    } else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) throw new InputError(field, `unbalanced brackets in '${text}'`);
  out.push(text.slice(start));
  return out;
}

/** Removes one pair of parentheses that encloses the whole text ("(a)x(b)" stays whole). */
function stripParens(text: string): string {
  const t = text.trim();
  if (!t.startsWith('(') || !t.endsWith(')')) return t;
  let depth = 0;
  for (let i = 0; i < t.length - 1; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')') depth--;
    if (depth === 0) return t;
  }
  return t.slice(1, -1).trim();
}

function resolveString(raw: string, options: CodeSpecOptions): ResolvedCodeSpec {
  const prefix = options.field;
  const text = stripParens(raw);
  if (text === '') throw new InputError(fieldOf(prefix, 'family'), 'empty code spec');
  if (text.startsWith('{')) {
    const obj = parseJsonText(text, 'code', { field: prefix ?? 'code', what: 'not valid JSON' });
    return resolveCodeSpec(obj as unknown as CodeSpecObject, options);
  }
  const segs = splitTopLevel(text, ':', prefix ?? 'code').map((s) => s.trim());
  let family: CodeFamily | undefined;
  let rest: string[];
  if (segs.length >= 2 && findCodeFamily(`${segs[0]}:${segs[1]}`)) {
    family = findCodeFamily(`${segs[0]}:${segs[1]}`);
    rest = segs.slice(2);
  } else {
    family = findCodeFamily(segs[0]);
    rest = segs.slice(1);
  }
  if (!family) {
    const hasVariants = CODE_FAMILIES.some((f) => f.id.startsWith(`${segs[0]}:`));
    throw unknownFamily(hasVariants && segs.length >= 2 ? `${segs[0]}:${segs[1]}` : segs[0], prefix);
  }
  const values: Record<string, unknown> = {};
  const body = rest.join(':');
  const codeParams = family.params.filter((p) => p.type === 'code');
  const isAssignment = /^[A-Za-z_][\w-]*\s*=/.test(body);
  if (family.id === 'product' && body.startsWith('(')) {
    Object.assign(values, productFactors(body, prefix));
  } else if (codeParams.length === 1 && family.params.length === 1 && body !== '' && !isAssignment) {
    const inner = stripParens(body);
    const cp = codeParams[0];
    values[cp.name] = cp.codePrefix && !findCodeFamilyPrefix(inner) ? `${cp.codePrefix}${inner}` : inner;
  } else if (body !== '') {
    if (rest.length > 1) {
      throw new InputError(fieldOf(prefix, family.id), `unexpected ':' in parameters '${body}'`);
    }
    for (const item of splitTopLevel(body, ',', fieldOf(prefix, family.id))) {
      const at = item.indexOf('=');
      if (at <= 0) {
        throw new InputError(
          fieldOf(prefix, item.trim() || family.id),
          `expected name=value; parameters of ${family.id}: ${paramList(family)}`,
        );
      }
      const key = item.slice(0, at).trim();
      if (isForbiddenKey(key)) throw new InputError(fieldOf(prefix, family.id), `"${key}" cannot be a parameter`);
      if (Object.hasOwn(values, key)) throw new InputError(fieldOf(prefix, key), 'given twice');
      values[key] = item.slice(at + 1).trim();
    }
  }
  return resolveValues(family, values, options);
}

/** Whether `text` starts with a registered family id (so a `code` shorthand needs no prefix added). */
function findCodeFamilyPrefix(text: string): boolean {
  const segs = text.split(':');
  return Boolean(findCodeFamily(segs[0]) || (segs.length >= 2 && findCodeFamily(`${segs[0]}:${segs[1]}`)));
}

/** `(A)x(B)[x(C)…]` → left/right (left-folded products for more than two factors). */
function productFactors(body: string, prefix: string | undefined): Record<string, string> {
  const field = fieldOf(prefix, 'product');
  const factors: string[] = [];
  let i = 0;
  while (i < body.length) {
    if (body[i] !== '(') throw new InputError(field, `expected '(' at position ${i} of '${body}' (form: (A)x(B))`);
    let depth = 0;
    let j = i;
    for (; j < body.length; j++) {
      if (body[j] === '(') depth++;
      else if (body[j] === ')' && --depth === 0) break;
    }
    if (depth !== 0) throw new InputError(field, `unbalanced '(' in '${body}'`);
    factors.push(body.slice(i + 1, j));
    i = j + 1;
    if (i < body.length) {
      if (!'x×*'.includes(body[i])) throw new InputError(field, `expected 'x' between factors in '${body}'`);
      i++;
    }
  }
  if (factors.length < 2) throw new InputError(field, `a product needs two factors: (A)x(B), got '${body}'`);
  let left = factors[0];
  for (let k = 1; k < factors.length - 1; k++) left = `product:left=(${left}),right=(${factors[k]})`;
  return { left, right: factors[factors.length - 1] };
}

function resolveObject(obj: CodeSpecObject, options: CodeSpecOptions): ResolvedCodeSpec {
  const prefix = options.field;
  if (typeof obj.family !== 'string') {
    throw new InputError(fieldOf(prefix, 'family'), `missing; valid: ${CODE_FAMILIES.map((f) => f.id).join(', ')}`);
  }
  const family = findCodeFamily(obj.family);
  if (!family) throw unknownFamily(obj.family, prefix);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (isForbiddenKey(k)) throw new InputError(fieldOf(prefix, family.id), `"${k}" cannot be a parameter`);
    if (k !== 'family') values[k] = v;
  }
  return resolveValues(family, values, options);
}

function paramList(family: CodeFamily): string {
  return family.params.length > 0 ? family.params.map((p) => p.name).join(', ') : '(none)';
}

function resolveValues(
  family: CodeFamily,
  values: Record<string, unknown>,
  options: CodeSpecOptions,
): ResolvedCodeSpec {
  const prefix = options.field;
  for (const key of Object.keys(values)) {
    if (!family.params.some((p) => p.name === key)) {
      throw new InputError(
        fieldOf(prefix, key),
        `unknown parameter '${key}' for ${family.id}${didYouMean(
          key,
          family.params.map((p) => p.name),
        )}; valid: ${paramList(family)}`,
      );
    }
  }
  const params: Record<string, ParamValue> = {};
  for (const spec of family.params) {
    const field = fieldOf(prefix, spec.name);
    let raw = values[spec.name];
    if (raw === undefined && spec.fromOptions === 'seed') raw = options.seed ?? 0;
    if (raw === undefined && spec.fromOptions === 'p') {
      if (options.p === undefined) throw new InputError(field, `missing: give ${spec.name}=[…] or --p; ${spec.doc}`);
      raw = [...options.p];
    }
    if (raw === undefined) raw = spec.default;
    if (raw === undefined) {
      if (spec.optional) continue;
      throw new InputError(field, `missing parameter of ${family.id}: ${spec.doc}`);
    }
    params[spec.name] = parseValue(spec, raw, field, options);
  }
  return { family: family.id, params };
}

function parseValue(spec: ParamSpec, raw: unknown, field: string, options: CodeSpecOptions): ParamValue {
  switch (spec.type) {
    case 'int':
    case 'number':
      return checkNumber(spec, toNumber(raw, spec.type, field), field);
    case 'string':
      if (typeof raw !== 'string' || raw === '') throw new InputError(field, 'must be a non-empty string');
      return raw;
    case 'enum': {
      const text = String(raw);
      const match = spec.choices?.find((c) => c.toLowerCase() === text.toLowerCase());
      if (!match)
        throw new InputError(
          field,
          `'${text}' is not valid${didYouMean(text, spec.choices ?? [])}; valid: ${spec.choices?.join(', ')}`,
        );
      return match;
    }
    case 'int-list':
    case 'number-list': {
      const elementType = spec.type === 'int-list' ? 'int' : 'number';
      let items: unknown[];
      if (Array.isArray(raw)) items = raw;
      else if (typeof raw === 'number') items = [raw];
      else if (typeof raw === 'string') {
        const t = raw.trim();
        const inner = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
        items = inner.trim() === '' ? [] : inner.split(',');
      } else throw new InputError(field, 'must be a list of numbers, e.g. [1,2]');
      if (items.length === 0) throw new InputError(field, 'must be a non-empty list');
      return items.map((x, i) => checkNumber(spec, toNumber(x, elementType, `${field}[${i}]`), `${field}[${i}]`));
    }
    case 'code': {
      if (typeof raw !== 'string' && (raw === null || typeof raw !== 'object')) {
        throw new InputError(field, 'must be a code spec (string or object)');
      }
      const resolved = resolveCodeSpec(raw as CodeSpecInput, { ...options, field });
      if (spec.codePrefix && !resolved.family.startsWith(spec.codePrefix)) {
        throw new InputError(
          field,
          `must be a ${spec.codePrefix}* family, got ${resolved.family}; valid: ${CODE_FAMILIES.filter((f) =>
            f.id.startsWith(spec.codePrefix as string),
          )
            .map((f) => f.id)
            .join(', ')}`,
        );
      }
      return resolved;
    }
  }
}

function toNumber(raw: unknown, type: 'int' | 'number', field: string): number {
  let v: number;
  if (typeof raw === 'number') v = raw;
  else if (typeof raw === 'string' && raw.trim() !== '') v = parseDecimal(raw);
  else throw new InputError(field, `must be ${type === 'int' ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`);
  if (!Number.isFinite(v))
    throw new InputError(
      field,
      `must be a finite decimal number, got ${excerpt(typeof raw === 'string' ? raw : String(JSON.stringify(raw)), 24)}`,
    );
  if (type === 'int' && !Number.isInteger(v))
    throw new InputError(field, `must be an integer, got ${JSON.stringify(raw)}`);
  return v;
}

function checkNumber(spec: ParamSpec, v: number, field: string): number {
  if (spec.min !== undefined && v < spec.min) throw new InputError(field, `must be ≥ ${spec.min}, got ${v}`);
  if (spec.max !== undefined && v > spec.max) throw new InputError(field, `must be ≤ ${spec.max}, got ${v}`);
  return v;
}

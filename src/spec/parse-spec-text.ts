import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { checkParsedValue } from '../input/checked-value.js';
import { parseJsonText } from '../input/parse-json.js';
import { LIMITS } from '../limits/limits.js';

/** The two spec file formats. */
export type SpecFormat = 'yaml' | 'json';

/** The format of a spec file by its extension: `.json` is JSON, anything else (`.yaml`, `.yml`) YAML. */
export function specFormatOf(path: string): SpecFormat {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/**
 * Parses the text of a spec file into a plain value (not yet validated). A syntax error is one {@link InputError}
 * whose field is `source:line:column` and whose message is the parser's one-line reason — YAML duplicate keys, bad
 * indentation, tabs, unterminated quotes, unresolved aliases and several documents in one file included. The value is
 * checked plain data (`checkParsedValue`): no `__proto__`/`constructor`/`prototype` keys, no YAML tags that make
 * binary data, sets or dates, at most limits.nestingDepth levels. A byte-order mark is ignored.
 */
export function parseSpecText(text: string, source: string, format: SpecFormat): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '')
    throw new InputError(source, 'the spec file is empty; it needs at least `defaults: {code: …}`');
  return format === 'json' ? parseJsonText(text, source) : parseYaml(text, source);
}

/** The parser's stack overflow on a deeply nested document, in words. */
function tooDeep(reason: string): string {
  return /Maximum call stack size exceeded/.test(reason)
    ? `nested too deeply (limits.nestingDepth is ${LIMITS.nestingDepth.value} levels)`
    : reason;
}

function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(pos ? `${source}:${pos.line}:${pos.col}` : source, `YAML syntax error: ${tooDeep(reason)}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new InputError(source, `YAML error: ${tooDeep((e as Error).message)}`);
  }
  return checkParsedValue(value, source);
}

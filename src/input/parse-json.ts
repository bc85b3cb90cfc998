import { InputError } from '../errors.js';
import { LIMITS } from '../limits/limits.js';
import { checkParsedValue, type PlainValue } from './checked-value.js';

/** Line and column (1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * The offset at which brackets in JSON text nest deeper than `maxDepth` (strings skipped), or -1. A linear scan
 * run before `JSON.parse`, so a file nested 200 000 levels deep is refused without building it.
 */
export function jsonDepthExceeded(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** How {@link parseJsonText} reports errors. */
export interface ParseJsonOptions {
  /** Prefix of a syntax error's reason (default `JSON syntax error`). */
  readonly what?: string;
  /**
   * Field of the InputError. Default `source:line:column`; when given, the field stays fixed and the position goes
   * into the message (`… (line 2, column 5)`).
   */
  readonly field?: string;
}

/**
 * Parses JSON text from a file (a spec, a code or order file) into checked plain data (see {@link checkParsedValue}).
 * A byte-order mark is ignored. A syntax error is an InputError on `source:line:column` with the parser's reason but
 * **without** its quote of the text (file contents are not echoed); nesting deeper than {@link LIMITS.nestingDepth}
 * is refused before parsing.
 */
export function parseJsonText(text: string, source: string, options: ParseJsonOptions = {}): PlainValue {
  const what = options.what ?? 'JSON syntax error';
  const fail = (at: { line: number; column: number } | null, reason: string): never => {
    if (options.field !== undefined)
      throw new InputError(options.field, `${reason}${at ? ` (line ${at.line}, column ${at.column})` : ''}`);
    throw new InputError(at ? `${source}:${at.line}:${at.column}` : source, reason);
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const deep = jsonDepthExceeded(body, LIMITS.nestingDepth.value);
  if (deep >= 0)
    fail(lineColumn(body, deep), `nested deeper than ${LIMITS.nestingDepth.value} levels (limits.nestingDepth)`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    // V8 quotes the text around the error ("Unexpected token 'r', "root:x:0:0"... is not valid JSON"): drop the quote.
    const reason = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, (\.\.\.)?".*$/s, '')
      .replace(/ is not valid JSON$/, '');
    fail(at ? lineColumn(body, Number(at[1])) : null, `${what}: ${reason}`);
  }
  return checkParsedValue(value, options.field ?? source);
}

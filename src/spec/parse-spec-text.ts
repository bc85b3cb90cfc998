import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors.js';

/** The two spec file formats. */
export type SpecFormat = 'yaml' | 'json';

/** The format of a spec file by its extension: `.json` is JSON, anything else (`.yaml`, `.yml`) YAML. */
export function specFormatOf(path: string): SpecFormat {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/**
 * Parses the text of a spec file into a plain value (not yet validated). A syntax error is one {@link InputError}
 * whose field is `source:line:column` and whose message is the parser's one-line reason — YAML duplicate keys, bad
 * indentation, tabs, unterminated quotes, unresolved aliases and several documents in one file included.
 */
export function parseSpecText(text: string, source: string, format: SpecFormat): unknown {
  if (text.trim() === '')
    throw new InputError(source, 'the spec file is empty; it needs at least `defaults: {code: …}`');
  return format === 'json' ? parseJson(text, source) : parseYaml(text, source);
}

function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(pos ? `${source}:${pos.line}:${pos.col}` : source, `YAML syntax error: ${reason}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new InputError(source, `YAML error: ${(e as Error).message}`);
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    if (!at) throw new InputError(source, `JSON syntax error: ${message}`);
    const offset = Number(at[1]);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const col = before[before.length - 1].length + 1;
    const reason = message.replace(/ in JSON at position \d+.*$/, '');
    throw new InputError(`${source}:${line}:${col}`, `JSON syntax error: ${reason}`);
  }
}

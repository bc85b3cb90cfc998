import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkParsedValue } from '../../src/input/checked-value.js';
import { parseDecimal } from '../../src/input/decimal.js';
import { checkPathSegments } from '../../src/input/forbidden-keys.js';
import { jsonDepthExceeded, parseJsonText } from '../../src/input/parse-json.js';
import { readInputFile } from '../../src/input/read-input-file.js';
import { escapeControl, excerpt, hasControl } from '../../src/input/terminal-text.js';
import { inputError } from '../helpers/input-error.js';
import { tempDir } from '../sweep/cli-helpers.js';

const dir = tempDir('input');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = (field: string) => ({ field, what: 'test file' });

describe('readInputFile', () => {
  it('reads a regular file, without its byte-order mark', () => {
    const path = join(dir, 'bom.txt');
    writeFileSync(path, '\uFEFFhello');
    expect(readInputFile(path, opts('f'))).toBe('hello');
  });

  it('refuses directories, FIFOs, devices and missing files, naming the field and the file', () => {
    mkdirSync(join(dir, 'sub'));
    expect(inputError(() => readInputFile(join(dir, 'sub'), opts('f'))).message).toMatch(
      /f: cannot read test file .*sub: it is a directory/,
    );
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    expect(inputError(() => readInputFile(join(dir, 'fifo'), opts('f'))).message).toMatch(
      /not a regular file \(a FIFO/,
    );
    expect(inputError(() => readInputFile('/dev/zero', opts('/dev/zero'))).message).toBe(
      '/dev/zero: cannot read the test file: not a regular file (a FIFO, socket or device); give a file',
    );
    expect(inputError(() => readInputFile(join(dir, 'none'), opts('f'))).message).toMatch(/: no such file$/);
  });

  it('refuses a file above its size limit before reading it', () => {
    const path = join(dir, 'big.csv');
    writeFileSync(path, '');
    truncateSync(path, 64 * 2 ** 20 + 1);
    expect(inputError(() => readInputFile(path, opts('t'))).message).toMatch(
      /is 67 108 865, above the limit of 67 108 864 \(limits\.dataFileBytes\)/,
    );
    expect(inputError(() => readInputFile(path, { ...opts('s'), limit: 'specFileBytes' })).message).toMatch(
      /limits\.specFileBytes/,
    );
  });
});

describe('parseJsonText', () => {
  it('refuses nesting beyond limits.nestingDepth before parsing, with line and column', () => {
    expect(jsonDepthExceeded('[[["]]]]]"]]]', 2)).toBe(2);
    expect(jsonDepthExceeded('{"a": "[[[["}', 1)).toBe(-1);
    const e = inputError(() => parseJsonText(`\n${'['.repeat(65)}${']'.repeat(65)}`, 's.json'));
    expect(e.field).toBe('s.json:2:65');
    expect(e.message).toMatch(/nested deeper than 64 levels/);
    expect(parseJsonText(`${'['.repeat(64)}${']'.repeat(64)}`, 's.json')).toBeInstanceOf(Array);
  });

  it('gives the position of a syntax error but never the text around it', () => {
    const e = inputError(() => parseJsonText('{\n  "a": secret-password\n}', 'c.json'));
    expect(e.field).toMatch(/^c\.json(:2:\d+)?$/);
    expect(e.message).not.toMatch(/secret|password/);
    const fixed = inputError(() => parseJsonText('[1,]', 'c.json', { field: '--order', what: 'not valid JSON' }));
    expect(fixed.message).toMatch(/^--order: not valid JSON: .*( \(line 1, column \d+\))?$/);
    expect(parseJsonText('\uFEFF[1]', 'bom.json')).toEqual([1]);
  });
});

describe('checkParsedValue', () => {
  it('refuses prototype keys anywhere, naming where', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const value = JSON.parse(`{"a": [{"b": {"${key}": 1}}]}`);
      expect(inputError(() => checkParsedValue(value, 'src')).message).toBe(
        `src: "${key}" cannot be a key at a[0].b (it would reach the object prototype)`,
      );
    }
    expect(checkParsedValue({ a: [1, 'x', null, true, { b: undefined }] }, 'src')).toBeTruthy();
  });

  it('refuses values YAML tags make (binary, sets, dates) and deep values without recursion', () => {
    expect(inputError(() => checkParsedValue({ x: Buffer.from('a') }, 's')).message).toMatch(/binary data/);
    expect(inputError(() => checkParsedValue({ x: new Set([1]) }, 's')).message).toMatch(/a set/);
    expect(inputError(() => checkParsedValue({ x: new Date(0) }, 's')).message).toMatch(/a timestamp/);
    expect(inputError(() => checkParsedValue({ x: 1n }, 's')).message).toMatch(/unsupported value of type bigint/);
    let deep: unknown = 1;
    for (let k = 0; k < 100_000; k++) deep = [deep];
    expect(inputError(() => checkParsedValue(deep, 's')).message).toMatch(/nested deeper than 64 levels/);
  });

  it('checkPathSegments refuses prototype segments of dotted paths', () => {
    expect(() => checkPathSegments(['stragglers', 'failures', 'p'], 'f')).not.toThrow();
    expect(inputError(() => checkPathSegments(['a', 'constructor'], 'f')).message).toMatch(/"constructor" cannot be/);
  });
});

describe('numbers and terminal text', () => {
  it('parseDecimal takes decimal numbers only', () => {
    expect([' 12 ', '-1.5e3', '.5', '3.', '+2'].map(parseDecimal)).toEqual([12, -1500, 0.5, 3, 2]);
    for (const bad of ['0x10', '0o17', '0b11', 'Infinity', '', ' ', '1,5', '1e', 'NaN'])
      expect(parseDecimal(bad)).toBeNaN();
  });

  it('escapeControl shows control characters and bidi overrides as escapes, keeping text, newlines and tabs', () => {
    expect(escapeControl('a\u001b[31mb\rc\u0007\u009b\u202ed\n\te')).toBe('a\\x1b[31mb\\x0dc\\x07\\x9b\\u{202e}d\n\te');
    expect(hasControl('plain ü €')).toBe(false);
    expect(hasControl('x\u001by')).toBe(true);
    expect(excerpt('root:x:0:0:root:/root:/bin/bash')).toBe('"root:x:0:0:root:…"');
    expect(excerpt('a\nb\u001b')).toBe('"a\\nb\\x1b"');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCodeFile, parseCodeText } from '../../src/codes/custom-file.js';
import { denseMatrix } from '../../src/codes/structure.js';
import { InputError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'gradcode-codes-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('custom codes from files', () => {
  it('JSON dense matrix: non-zeros form the support, coefficients kept', () => {
    const path = file('tandon.json', '[[0.5, 1, 0], [0, 1, -1], [0.5, 0, 1]]');
    const code = loadCodeFile(path);
    expect([code.N, code.m, code.parts]).toEqual([3, 3, 1]);
    expect(Array.from(denseMatrix(code))).toEqual([0.5, 1, 0, 0, 1, -1, 0.5, 0, 1]);
    expect(Array.from(code.chunks)).toEqual([0, 1, 1, 2, 0, 2]);
    expect(code.meta.params.file).toBe(path);
    expect(code.recovery.kind).toBe('least-squares');
  });

  it('JSON sparse form keeps the processing order, defaults coefficients to 1, supports parts', () => {
    const code = parseCodeText('{"support": [[2, 0], [1], []], "m": 4, "name": "mine"}', 'x.json', 'json');
    expect(code.name).toBe('mine');
    expect([code.N, code.m]).toEqual([3, 4]);
    expect(Array.from(code.chunks)).toEqual([2, 0, 1]);
    expect(Array.from(code.coefficients)).toEqual([1, 1, 1]);
    const two = parseCodeText('{"support": [[0, 1]], "coefficients": [[1, 2, 3, 4]], "parts": 2}', 'y.json', 'json');
    expect(two.parts).toBe(2);
    expect(Array.from(denseMatrix(two))).toEqual([1, 2, 3, 4]);
  });

  it('CSV with comments and blank lines; format detected from the extension or content', () => {
    const path = file('frc.csv', '# FRC N=4 s=1\n1,1,0,0\n\n1, 1, 0, 0\n0,0,1,1\n0,0,1,1\n');
    const code = loadCodeFile(path);
    expect([code.N, code.m]).toEqual([4, 4]);
    expect(Array.from(code.chunks)).toEqual([0, 1, 0, 1, 2, 3, 2, 3]);
    const noExt = file('matrix', '[[1,0],[0,1]]');
    expect(loadCodeFile(noExt).N).toBe(2);
    const csvNoExt = file('matrix2', '1,0\n0,1\n');
    expect(loadCodeFile(csvNoExt).m).toBe(2);
  });

  it('malformed files name the file and the row/field', () => {
    const cases: [string, string, RegExp][] = [
      ['bad.json', '[[1, 0], [0, "x"]]', /row 1, column 1/],
      ['ragged.json', '[[1, 0], [0]]', /row 1 has 1 columns/],
      ['notjson.json', '[[1, 0]', /not valid JSON/],
      ['empty.json', '[]', /empty matrix/],
      ['scalar.json', '3', /2-D array/],
      ['rowtype.json', '[[1], 2]', /row 1: expected an array/],
      ['dup.json', '{"support": [[0, 0]]}', /support\[0\]: chunk 0 is listed twice/],
      ['neg.json', '{"support": [[0, -1]]}', /support\[0\]\[1\]/],
      ['m.json', '{"support": [[0, 3]], "m": 3}', /"m"/],
      ['coef.json', '{"support": [[0, 1]], "coefficients": [[1]]}', /coefficients\[0\]: expected 2/],
      ['coefval.json', '{"support": [[0]], "coefficients": [["a"]]}', /coefficients\[0\]\[0\]/],
      ['key.json', '{"support": [[0]], "weights": []}', /unknown field "weights"/],
      ['nosupport.json', '{"coefficients": [[1]]}', /"support"/],
      ['bad.csv', '1,0\n0,abc\n', /line 2, column 2/],
      ['ragged.csv', '1,0\n0\n', /row 2 has 1 columns/],
      ['blank.csv', '# nothing\n\n', /no rows/],
      ['emptycell.csv', '1,,0\n', /line 1, column 2/],
    ];
    for (const [name, text, pattern] of cases) {
      const path = file(name, text);
      const e = inputError(() => loadCodeFile(path));
      expect(e.field).toBe(path);
      expect(e.message).toMatch(pattern);
    }
    const missing = join(dir, 'missing.json');
    expect(inputError(() => loadCodeFile(missing)).field).toBe(missing);
  });
});

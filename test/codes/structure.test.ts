import { describe, expect, it } from 'vitest';
import { codeFromRows, supportOf } from '../../src/codes/build.js';
import {
  chunkReplication,
  denseMatrix,
  isRegular,
  regularClassDegree,
  supportSize,
  workerLoads,
} from '../../src/codes/structure.js';

const meta = { family: 'test', params: {}, citation: 'test', reconstruction: false };

describe('code structure helpers', () => {
  it('dense view is N × m·ℓ row-major with block p of chunk i at column i·ℓ + p', () => {
    const code = codeFromRows({
      name: 't',
      m: 3,
      parts: 2,
      rows: [[2, 0], [1]],
      coefficients: [
        [1, 2, 3, 4],
        [5, 6],
      ],
      meta,
    });
    expect(Array.from(denseMatrix(code))).toEqual([3, 4, 0, 0, 1, 2, 0, 0, 5, 6, 0, 0]);
    expect(Array.from(supportOf(code, 0))).toEqual([2, 0]);
    expect(Array.from(workerLoads(code))).toEqual([2, 1]);
    expect(Array.from(chunkReplication(code))).toEqual([1, 1, 1]);
    expect(supportSize(code)).toBe(3);
    expect(isRegular(code)).toBe(false);
    expect(code.recovery).toEqual({ kind: 'least-squares' });
  });

  it('isRegular and the regular class', () => {
    const square = codeFromRows({
      name: 't',
      m: 3,
      rows: [
        [0, 1],
        [1, 2],
        [2, 0],
      ],
      meta,
    });
    expect(isRegular(square)).toBe(true);
    expect(regularClassDegree(square)).toBe(2);
    const rect = codeFromRows({ name: 't', m: 2, rows: [[0], [1], [0], [1]], meta });
    expect(isRegular(rect)).toBe(true);
    expect(regularClassDegree(rect)).toBeUndefined();
    const uneven = codeFromRows({ name: 't', m: 3, rows: [[0, 1], [2], [0, 1, 2]], meta });
    expect(isRegular(uneven)).toBe(false);
  });

  it('construction bugs are internal errors, not silent', () => {
    expect(() => codeFromRows({ name: 't', m: 2, rows: [[0, 0]], meta })).toThrow(/repeated/);
    expect(() => codeFromRows({ name: 't', m: 2, rows: [[2]], meta })).toThrow(/outside/);
    expect(() => codeFromRows({ name: 't', m: 2, rows: [[0]], coefficients: [[1, 2]], meta })).toThrow(/coefficients/);
    expect(() => codeFromRows({ name: 't', m: 2, rows: [[0]], coefficients: [[Number.NaN]], meta })).toThrow(
      /coefficient/,
    );
  });
});

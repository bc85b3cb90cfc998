import { describe, expect, it } from 'vitest';
import { checkCodeSize, estimateCodeSize } from '../../src/codes/code-size.js';
import { CODE_FAMILIES } from '../../src/codes/registry.js';
import { buildResolvedCode, resolveCodeSpec } from '../../src/codes/spec.js';
import { inputError } from '../helpers/input-error.js';

/** Families whose support is drawn at random: the estimate is the expected size. */
const EXPECTED_SIZE = new Set(['random:bernoulli']);
/** Families whose estimate is an upper bound (multigraph edges that coincide, a dense bound, the largest draw). */
const UPPER_BOUND = new Set(['graph:margulis', 'heterogeneous', 'sbc']);

describe('code sizes estimated from the parameters', () => {
  const specs = [
    ...CODE_FAMILIES.filter((f) => f.id !== 'file').map((f) => f.example),
    'cyclic:N=20,d=4',
    'ye-abbe:N=10,s=3,parts=2',
    'graph:petersen:code=adjacency',
    'graph:random-regular:n=30,d=4,seed=2,code=adjacency',
    'random:regular:N=12,m=24,d=4,seed=1',
    'nested:N=12,s=[3,1],base=frc',
    'product:(frc:N=4,s=1)x(cyclic:N=5,s=1)',
    'bibd:complement:pg2:q=3',
  ];
  for (const text of specs) {
    it(`${text}: N and m exact, entries exact (or bounded)`, () => {
      const spec = resolveCodeSpec(text, { p: [0.1, 0.2, 0.3, 0.4] });
      const size = estimateCodeSize(spec)!;
      const code = buildResolvedCode(spec, { p: [0.1, 0.2, 0.3, 0.4] });
      expect([size.N, size.m]).toEqual([code.N, code.m]);
      const entries = code.chunks.length * code.parts;
      if (EXPECTED_SIZE.has(spec.family)) expect(size.entries).toBeGreaterThanOrEqual(entries * 0.5);
      else if (UPPER_BOUND.has(spec.family)) expect(size.entries).toBeGreaterThanOrEqual(entries);
      else expect(size.entries).toBe(entries);
      expect(size.ops).toBeGreaterThanOrEqual(1);
    });
  }

  it('custom files are sized while parsed (no estimate)', () => {
    expect(estimateCodeSize(resolveCodeSpec('file:path=x.json'))).toBeNull();
  });

  it('checkCodeSize refuses before building, naming the family and the limit', () => {
    const spec = resolveCodeSpec('product:(cyclic:N=300,s=1)x(cyclic:N=300,s=1)');
    expect(inputError(() => checkCodeSize(spec, 'cells[1].code')).message).toBe(
      'cells[1].code: the workers N of product is 90 000, above the limit of 65 536 (limits.codeWorkers)',
    );
    expect(inputError(() => checkCodeSize(resolveCodeSpec('crc:N=400,s=399'), 'c')).message).toMatch(
      /the estimated operations to build crc is 25 600 000 000, above the limit of 1 000 000 000/,
    );
    expect(() => checkCodeSize(resolveCodeSpec('crc:N=100,s=20'), 'c')).not.toThrow();
  });
});
